//! The Phụ lục 01 file format as its own layer, below import, export,
//! consolidation and editions (issue 18): the sheets and columns a workbook
//! is written in (`layout.rs`), the machine metadata an export carries and
//! the hash it certifies, written and read here only (`meta.rs`), and how a
//! form's table is found and read in a sheet's grid (`table.rs`). It reads
//! grids from `sheet`, never the store.

pub mod layout;
pub mod meta;
pub mod table;
