//! The Phụ lục 01 file format as its own layer, below import, export,
//! consolidation and editions (issue 18). It starts with the machine
//! metadata an export carries (`meta.rs`), written and read here only.

pub mod meta;
pub mod table;
