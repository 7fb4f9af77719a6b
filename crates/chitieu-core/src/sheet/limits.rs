//! The bounds a Phụ lục 01 workbook is held to, in one place: what `scan`
//! checks in the bytes before any reader runs and what `grid` checks in the
//! cells it keeps. A form is tens of kilobytes and a few thousand cells;
//! everything here is far above that and far below what would exhaust memory.

/// Largest file accepted (a Phụ lục 01 form is tens of kilobytes).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Most entries in a zip container.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest inflated size of one zip entry, and of all together.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 160 * 1024 * 1024;
/// Largest shared-string table declared.
pub const MAX_SHARED_STRINGS: u64 = 200_000;
/// Cells beyond these (0-based row or column) are refused.
pub const MAX_ROWS: u32 = 20_000;
pub const MAX_COLS: u32 = 512;
/// Largest area (rows × columns from a sheet's first cell to its last) of a
/// sheet the .xls and .ods readers allocate in full (about 56 bytes a cell).
pub const MAX_AREA: u64 = 1_000_000;
/// Most cells with content in a workbook (a Phụ lục 01 form has a few
/// thousand).
pub const MAX_CELLS: u64 = 200_000;
/// Most sheets in a workbook (the reader reads every one).
pub const MAX_SHEETS: usize = 256;
/// Most entries of each kind in the tables the reader loads whole when it
/// opens a workbook: cell formats, fonts, fills, borders, number formats,
/// defined names, relationships (Excel itself stops at 64 000 formats).
pub const MAX_TABLE_ENTRIES: u64 = 65_536;
/// Largest shared-string table of an .xls (SST and its CONTINUE records): an
/// empty string takes 3 bytes there and 24 in memory.
pub const MAX_XLS_SST_BYTES: usize = 4 * 1024 * 1024;

/// Most merged areas in a sheet (a form has a few dozen).
pub const MAX_MERGES: usize = 10_000;

/// Most characters in one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most bytes of text (values and formulas) kept from a workbook: each cell
/// holds its own copy, a shared string referenced by many cells included.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
