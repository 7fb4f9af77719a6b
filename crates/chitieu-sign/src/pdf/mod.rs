//! A small PDF reader and writer of its own (see the crate documentation for
//! why not `lopdf`).

pub mod document;
pub mod object;
pub mod write;

pub use document::Document;
pub use object::{Dict, Object};
