//! chitieu-core: every rule of chitieu, with no knowledge of a GUI.
//!
//! See ARCHITECTURE.md at the repository root for the map.

// A panic on a user's input, a file or the database is a bug: the shipped
// code never unwraps or expects (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod applicability;
pub mod catalogue;
pub mod consolidate;
pub mod draft;
pub mod edition;
pub mod error;
pub mod export;
pub mod figure;
pub mod file;
pub mod fold;
pub mod form;
pub mod import;
pub mod number;
pub mod paths;
pub mod period;
pub mod registry;
pub mod report;
pub mod sheet;
pub mod signing;
pub mod store;
pub mod validate;

pub use error::{Error, Result};
