//! chitieu-core: every rule of chitieu, with no knowledge of a GUI.
//!
//! See ARCHITECTURE.md at the repository root for the map.

pub mod catalogue;
pub mod fold;
pub mod number;
pub mod period;
pub mod registry;
