//! What the fuzz targets share: the import of one input through the whole
//! path (zip scan → workbook → form detection → figures → validation), the
//! invariants checked on what it returns, and the "parts" encoding of
//! `import_parts`.
//!
//! An `Err` is a fine answer; a panic, an abort, a hang (libFuzzer
//! `-timeout`) or a blow-up of memory is a finding. Memory is watched two
//! ways: libFuzzer's `-rss_limit_mb` (the whole process, its corpus
//! included, so it may blame whichever input runs when the limit is
//! crossed) and a counting allocator here, which fails the very input whose
//! import holds more than `MAX_HEAP_BYTES` at once (or asks for that much in
//! one allocation; without a sanitizer, libFuzzer's `-malloc_limit_mb` does
//! not see allocations).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use chitieu_core::import::{preview_bytes, Hints, ImportError, Preview};
use chitieu_core::store::Store;
use chitieu_core::Error;

/// Heap an import may hold at its peak (the process's resident memory adds
/// the program, the store and the fuzzer's own data; the limit the importer
/// must hold is 300 MB for the whole process).
pub const MAX_HEAP_BYTES: usize = 200 << 20;

/// The system allocator, counting the bytes held and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = HELD.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn too_big(size: usize) {
    if size > MAX_HEAP_BYTES {
        // Not a panic: the allocator must not unwind. The message names the
        // size; libFuzzer reports the input as a crash.
        eprintln!("==chitieu-fuzz== one allocation of {size} bytes (limit {MAX_HEAP_BYTES})");
        std::process::abort();
    }
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are
// updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        too_big(layout.size());
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        too_big(layout.size());
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        too_big(new_size);
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            HELD.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

thread_local! {
    /// One store for the whole run: opening one seeds the catalogue and the
    /// unit registry, far slower than an import. `preview_bytes` writes
    /// nothing, so runs do not influence each other.
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Imports `bytes` (previews: nothing is written) and checks the preview.
/// When the file names no (known) unit or no period, tries again with that
/// hint, so that such inputs still reach figures and validation.
pub fn import(bytes: &[u8]) {
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let store = slot.get_or_insert_with(|| {
            Store::open_in_memory(time::macros::datetime!(2024-07-03 02:30 UTC))
                .expect("in-memory store")
        });
        let held = HELD.load(Ordering::Relaxed);
        PEAK.store(held, Ordering::Relaxed);
        let mut hints = Hints::default();
        for _ in 0..3 {
            let result = preview_bytes(store, "fuzz.xlsx", bytes, &hints);
            let peak = PEAK.load(Ordering::Relaxed).saturating_sub(held);
            assert!(
                peak <= MAX_HEAP_BYTES,
                "the import held {} MB at its peak (limit {} MB)",
                peak >> 20,
                MAX_HEAP_BYTES >> 20
            );
            match result {
                Ok(p) => return check(&p),
                Err(Error::Import(
                    ImportError::NoUnit { .. } | ImportError::UnknownUnit { .. },
                )) if hints.unit.is_none() => {
                    hints.unit = Some("THAI-NGUYEN".into());
                }
                Err(Error::Import(ImportError::NoPeriod { .. })) if hints.period.is_none() => {
                    hints.period = Some("2024-Q2".parse().expect("period"));
                }
                Err(_) => return,
            }
        }
    });
}

/// 0-based (row, column) of an A1 reference.
fn parse_a1(cell: &str) -> Option<(u32, u32)> {
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The invariants of an accepted file: every figure has a cell inside the
/// bounds the scan enforces, and every value is finite.
fn check(p: &Preview) {
    use chitieu_core::sheet::limits::{MAX_COLS, MAX_ROWS};
    for f in &p.figures {
        let (row, col) = parse_a1(&f.cell)
            .unwrap_or_else(|| panic!("figure {} has cell {:?}", f.read.indicator, f.cell));
        assert!(
            row < MAX_ROWS && col < MAX_COLS,
            "figure {} at {} is outside the sheet bounds",
            f.read.indicator,
            f.cell
        );
        for v in [f.read.value, f.merged.value].into_iter().flatten() {
            assert!(
                v.is_finite(),
                "figure {} at {} has the value {v}",
                f.read.indicator,
                f.cell
            );
        }
    }
    // What the CLI and the desktop app do with a preview.
    let json = serde_json::to_string(p).expect("preview serialises");
    assert!(!json.is_empty());
}

/// Marks the start of a part in the `import_parts` encoding.
pub const PART: &[u8] = b"@@@ ";

/// Decodes the `import_parts` encoding into a zip (stored, no compression,
/// correct CRCs): `@@@ <name>\n<content>` repeated. Mutating raw zip bytes
/// almost always breaks a CRC or the deflate stream, so the reader never
/// sees the XML; this encoding lets the fuzzer mutate the parts themselves.
pub fn parts_to_zip(data: &[u8]) -> Option<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let rest = data.strip_prefix(PART)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut names = std::collections::HashSet::new();
    for record in split(rest, b"\n@@@ ").take(64) {
        let (name, content) = match record.iter().position(|&b| b == b'\n') {
            Some(i) => (&record[..i], &record[i + 1..]),
            None => (record, &[][..]),
        };
        let name = String::from_utf8_lossy(name).into_owned();
        if name.is_empty() || !names.insert(name.clone()) {
            continue;
        }
        if zip.start_file(name, options).is_err() {
            continue;
        }
        zip.write_all(content).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

fn split<'a>(data: &'a [u8], sep: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.windows(sep.len()).position(|w| w == sep) {
            Some(i) => {
                rest = Some(&r[i + sep.len()..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}
