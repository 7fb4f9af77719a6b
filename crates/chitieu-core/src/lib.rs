//! chitieu-core: every rule of chitieu, with no knowledge of a GUI.
//!
//! See ARCHITECTURE.md at the repository root for the map.

pub mod catalogue;
pub mod fold;
pub mod number;
pub mod paths;
pub mod period;
pub mod registry;
pub mod applicability;
pub mod backup;
pub mod error;
pub mod file;
pub mod report;
pub mod reporting;
pub mod store;
pub mod import;
pub mod edition;
pub mod validate;
pub mod export;
pub mod draft;
pub mod consolidate;

pub use error::{Error, Result};
