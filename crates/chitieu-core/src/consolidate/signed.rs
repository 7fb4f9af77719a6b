//! The units' signed PDFs beside their spreadsheets: each PDF found under
//! the paths of the run is verified (`chitieu_sign::verify`, no trust
//! store: whether the issuer is trusted is a separate question), then
//! paired with a unit's standing file, so that the completeness table says
//! whether the signed form says what the Excel file says.
//!
//! Pairing, one PDF per unit:
//! 1. **by figures hash**: the PDF's `/ChitieuFiguresHash` equals the
//!    figures hash of one of a unit's usable files as read (the standing
//!    one: it matches; an earlier revision: it does not). A hash several
//!    units share (the same figures) is decided by the name;
//! 2. **by name**: the PDF's name without extension equals, or starts
//!    with followed by a separator, the name of one of the standing file's
//!    copies without extension, case aside (`PL01_X_2026-Q3.xlsx` ←
//!    `PL01_X_2026-Q3.pdf`, `PL01_X_2026-Q3-da-ky.pdf`); the longest wins.
//!
//! A PDF without any signature pairs with nothing (the unit shows «Chưa có
//! bản ký»). Of several PDFs of one unit the one kept matches the standing
//! file, has every signature intact, the most signatures, and is the
//! newest, in that order; a warning says which were passed over. The
//! signer shown is the *first* signature's (the person who signed the
//! document; later ones are usually the organisation's, Decree 30).
//!
//! Folders are untrusted: at most [`MAX_PDFS`] PDFs of at most
//! [`MAX_PDF_BYTES`] each are read, on at most four threads (one PDF's
//! bytes each); a damaged or hostile PDF is a line of «Tệp không dùng
//! được», never a stop. Nothing of this is stored: the PDFs are looked at
//! in the folders of each run.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use time::OffsetDateTime;
use unicode_normalization::UnicodeNormalization;

use super::db::StoredFile;
use super::summary::Rejected;
use super::{ConsolidateError, Options};

/// How many PDFs a run reads (in name order); the others are passed over,
/// with a warning.
pub const MAX_PDFS: usize = 1_000;
/// The largest PDF read: a signed Phụ lục 01 with its fonts is well under
/// 2 MB.
pub const MAX_PDF_BYTES: u64 = 16 * 1024 * 1024;
/// Threads verifying PDFs, each holding one PDF's bytes.
const MAX_WORKERS: usize = 4;

/// A unit's signed PDF, as the completeness table shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitSignature {
    /// The first signature's holder: «common name (organisation)».
    pub signer: String,
    /// Every signature of the PDF is intact.
    pub intact: bool,
    /// The PDF's figures hash equals the standing Excel file's (as read).
    pub matches_submission: bool,
    /// The PDF's path as found.
    pub file: String,
}

/// The «Ký số» column.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    Matches,
    Differs,
    NotIntact,
    Unsigned,
}

impl SignatureStatus {
    pub fn of(s: Option<&UnitSignature>) -> Self {
        match s {
            None => SignatureStatus::Unsigned,
            Some(s) if !s.intact => SignatureStatus::NotIntact,
            Some(s) if s.matches_submission => SignatureStatus::Matches,
            Some(_) => SignatureStatus::Differs,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            SignatureStatus::Matches => "Đã ký — khớp số liệu",
            SignatureStatus::Differs => "Đã ký — KHÔNG khớp tệp Excel",
            SignatureStatus::NotIntact => "Chữ ký không còn nguyên vẹn",
            SignatureStatus::Unsigned => "Chưa có bản ký",
        }
    }
}

/// What a PDF says.
#[derive(Debug, Clone)]
pub struct Signed {
    pub figures_hash: Option<String>,
    pub signatures: usize,
    pub intact: bool,
    pub signer: String,
}

/// One PDF of the run.
#[derive(Debug, Clone)]
pub struct PdfRead {
    pub path: String,
    pub file_name: String,
    pub modified_at: Option<OffsetDateTime>,
    pub outcome: Result<Signed, Rejected>,
}

/// The PDFs read, and how many were passed over beyond [`MAX_PDFS`].
#[derive(Debug, Default)]
pub struct PdfsRead {
    pub pdfs: Vec<PdfRead>,
    pub beyond_limit: usize,
}

/// Reads and verifies the PDFs (the first [`MAX_PDFS`]).
pub fn read_all(pdfs: &[PathBuf], opts: &Options<'_>) -> Result<PdfsRead, ConsolidateError> {
    let (cancel, offset) = (opts.cancel, opts.offset);
    let taken = &pdfs[..pdfs.len().min(MAX_PDFS)];
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, PdfRead)>> = Mutex::new(Vec::with_capacity(taken.len()));
    let workers = opts.workers.clamp(1, MAX_WORKERS).min(taken.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    return;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = taken.get(i) else { return };
                let r = read_one(path, offset);
                if let Ok(mut v) = results.lock() {
                    v.push((i, r));
                }
            });
        }
    });
    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(ConsolidateError::Cancelled);
    }
    let mut v = results.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    Ok(PdfsRead {
        pdfs: v.into_iter().map(|(_, r)| r).collect(),
        beyond_limit: pdfs.len() - taken.len(),
    })
}

fn read_one(path: &Path, offset: time::UtcOffset) -> PdfRead {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut out = PdfRead {
        path: path.display().to_string(),
        file_name: file_name.clone(),
        modified_at: None,
        outcome: Err(Rejected {
            file: path.display().to_string(),
            message: String::new(),
            detail: None,
        }),
    };
    let refuse = |message: String, detail: Option<String>| {
        Err(Rejected {
            file: path.display().to_string(),
            message,
            detail,
        })
    };
    let too_large = |bytes: u64| {
        format!(
            "Tệp «{file_name}» quá lớn ({bytes} byte, giới hạn {MAX_PDF_BYTES} byte) để là bản ký của một biểu báo cáo: không đọc."
        )
    };
    let unreadable = |e: std::io::Error| {
        refuse(
            format!("Không đọc được tệp «{file_name}»; hãy kiểm tra quyền đọc của tệp."),
            Some(e.to_string()),
        )
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.outcome = unreadable(e);
            return out;
        }
    };
    match file.metadata() {
        Ok(m) if m.len() > MAX_PDF_BYTES => {
            out.outcome = refuse(too_large(m.len()), None);
            return out;
        }
        Ok(m) => {
            out.modified_at = m
                .modified()
                .ok()
                .map(|t| OffsetDateTime::from(t).to_offset(offset))
                .and_then(|t| t.replace_nanosecond(0).ok());
        }
        Err(e) => {
            out.outcome = unreadable(e);
            return out;
        }
    }
    // Bounded even should the file grow while it is read.
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_PDF_BYTES + 1).read_to_end(&mut bytes) {
        out.outcome = unreadable(e);
        return out;
    }
    if bytes.len() as u64 > MAX_PDF_BYTES {
        out.outcome = refuse(too_large(bytes.len() as u64), None);
        return out;
    }
    // The verifier answers every input with a result or an error (fuzzed);
    // should it ever panic, the PDF is refused and the run goes on.
    let verified = std::panic::catch_unwind(|| chitieu_sign::verify(&bytes, None));
    out.outcome = match verified {
        Ok(Ok(v)) => Ok(Signed {
            signer: v.signatures.first().map(signer).unwrap_or_default(),
            intact: v.signatures.iter().all(|s| s.intact),
            signatures: v.signatures.len(),
            figures_hash: v.figures_hash,
        }),
        Ok(Err(e)) => refuse(format!("Tệp «{file_name}»: {e}"), None),
        Err(_) => refuse(
            format!("Tệp «{file_name}»: tệp PDF hỏng hoặc cố ý gây hại, không đọc được."),
            None,
        ),
    };
    out
}

/// «Nguyễn Thị Hồng Hạnh (Sở Thông tin và Truyền thông tỉnh Thái Nguyên)».
fn signer(s: &chitieu_sign::SignatureReport) -> String {
    let name = s.signer.common_name.as_deref().map(str::trim);
    let org = s.signer.organization.as_deref().map(str::trim);
    match (
        name.filter(|n| !n.is_empty()),
        org.filter(|o| !o.is_empty()),
    ) {
        (Some(n), Some(o)) if n != o => format!("{n} ({o})"),
        (Some(n), _) => n.to_owned(),
        (None, Some(o)) => o.to_owned(),
        (None, None) if !s.signer.serial.is_empty() => {
            format!("chứng thư số {}", s.signer.serial)
        }
        (None, None) => "không rõ người ký".to_owned(),
    }
}

/// Each unit's signed PDF, with what a run must say about the PDFs.
#[derive(Debug, Default)]
pub struct Pairing {
    pub by_unit: BTreeMap<String, UnitSignature>,
    /// Several PDFs for one unit; PDFs beyond the limit.
    pub warnings: Vec<String>,
    /// PDFs that could not be read.
    pub rejected: Vec<Rejected>,
    /// PDFs read but not paired (unsigned, or no unit's): passed over.
    pub unpaired: usize,
}

/// A file name without its extension, as names are compared.
fn stem_key(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.nfc().collect::<String>().to_lowercase()
}

/// The PDF's stem is the spreadsheet's, or starts with it and a separator.
fn name_pairs(pdf: &str, sheet: &str) -> bool {
    !sheet.is_empty()
        && pdf
            .strip_prefix(sheet)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Pairs the PDFs with the units: `files`, every file of the period;
/// `stand`, each unit's standing file; `name_of`, a unit's name.
pub fn pair(
    read: &PdfsRead,
    files: &[StoredFile],
    stand: &BTreeMap<String, &StoredFile>,
    name_of: &dyn Fn(&str) -> String,
) -> Pairing {
    let mut out = Pairing::default();
    let mut by_hash: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in files.iter().filter(|f| f.usable) {
        if let Some(h) = f.figures_sha256.as_deref() {
            let units = by_hash.entry(h).or_default();
            if !units.contains(&f.unit_code.as_str()) {
                units.push(&f.unit_code);
            }
        }
    }
    let stems: Vec<(String, &str)> = stand
        .iter()
        .flat_map(|(code, f)| f.copies.iter().map(|c| (stem_key(&c.1), code.as_str())))
        .collect();
    let by_name = |pdf: &str| -> Option<&str> {
        stems
            .iter()
            .filter(|(s, _)| name_pairs(pdf, s))
            .max_by_key(|(s, _)| s.len())
            .map(|(_, c)| *c)
    };
    let mut candidates: BTreeMap<&str, Vec<(&PdfRead, &Signed)>> = BTreeMap::new();
    for p in &read.pdfs {
        let s = match &p.outcome {
            Ok(s) if s.signatures > 0 => s,
            Ok(_) => {
                out.unpaired += 1;
                continue;
            }
            Err(r) => {
                out.rejected.push(r.clone());
                continue;
            }
        };
        let named = by_name(&stem_key(&p.file_name));
        let unit = match s.figures_hash.as_deref().and_then(|h| by_hash.get(h)) {
            Some(units) if units.len() == 1 => units.first().copied(),
            Some(units) => named.filter(|n| units.contains(n)).or(named),
            None => named,
        };
        match unit {
            Some(u) => candidates.entry(u).or_default().push((p, s)),
            None => out.unpaired += 1,
        }
    }
    for (unit, mut cands) in candidates {
        let sheet_hash = stand.get(unit).and_then(|f| f.figures_sha256.as_deref());
        let matches = |s: &Signed| sheet_hash.is_some() && s.figures_hash.as_deref() == sheet_hash;
        cands.sort_by(|a, b| {
            let key =
                |(p, s): &(&PdfRead, &Signed)| (matches(s), s.intact, s.signatures, p.modified_at);
            key(b).cmp(&key(a)).then_with(|| a.0.path.cmp(&b.0.path))
        });
        let Some((p, s)) = cands.first() else {
            continue;
        };
        if cands.len() > 1 {
            let others: Vec<String> = cands[1..]
                .iter()
                .map(|(o, _)| format!("«{}»", o.file_name))
                .collect();
            out.warnings.push(format!(
                "{} ({unit}) có {} bản PDF đã ký: dùng «{}», bỏ qua {} (ưu tiên bản khớp số liệu với tệp Excel, chữ ký còn nguyên vẹn, nhiều chữ ký hơn, mới hơn).",
                name_of(unit),
                cands.len(),
                p.file_name,
                others.join(", ")
            ));
        }
        out.by_unit.insert(
            unit.to_owned(),
            UnitSignature {
                signer: s.signer.clone(),
                intact: s.intact,
                matches_submission: matches(s),
                file: p.path.clone(),
            },
        );
    }
    if read.beyond_limit > 0 {
        out.warnings.push(format!(
            "Có hơn {MAX_PDFS} tệp PDF trong thư mục: chỉ đọc {MAX_PDFS} tệp đầu (theo tên), bỏ qua {} tệp; hãy tách các tệp ký của kỳ này ra một thư mục riêng.",
            read.beyond_limit
        ));
        out.unpaired += read.beyond_limit;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_pair_by_stem_or_stem_and_a_separator() {
        let k = |s: &str| stem_key(s);
        assert!(name_pairs(
            &k("PL01_X_2026-Q3.pdf"),
            &k("PL01_X_2026-Q3.xlsx")
        ));
        assert!(name_pairs(
            &k("pl01_x_2026-q3-da-ky.PDF"),
            &k("PL01_X_2026-Q3.xlsx")
        ));
        assert!(name_pairs(
            &k("Hà Nội (đã ký).pdf"),
            &k("ha\u{300} nội.xlsx")
        ));
        assert!(!name_pairs(
            &k("PL01_X_2026-Q31.pdf"),
            &k("PL01_X_2026-Q3.xlsx")
        ));
        assert!(!name_pairs(&k("hanoi.pdf"), &k("hanoi-lan2.xlsx")));
        assert!(!name_pairs(&k("x.pdf"), ""));
    }

    fn file(unit: &str, sha: &str, hash: &str, name: &str) -> StoredFile {
        StoredFile {
            sha256: sha.into(),
            usable: true,
            unit_code: unit.into(),
            message: None,
            errors: 0,
            figures_sha256: Some(hash.into()),
            export: None,
            copies: vec![(format!("/nhan/{name}"), name.into(), None)],
            figures: Vec::new(),
        }
    }

    fn pdf(name: &str, hash: Option<&str>, signatures: usize, intact: bool, day: u8) -> PdfRead {
        PdfRead {
            path: format!("/nhan/{name}"),
            file_name: name.into(),
            modified_at: time::Date::from_calendar_date(2025, time::Month::October, day)
                .ok()
                .map(|d| d.midnight().assume_utc()),
            outcome: Ok(Signed {
                figures_hash: hash.map(str::to_owned),
                signatures,
                intact,
                signer: format!("Người ký {name}"),
            }),
        }
    }

    fn paired(files: &[StoredFile], pdfs: Vec<PdfRead>) -> Pairing {
        // The standing file: the last of each unit here.
        let mut stand = BTreeMap::new();
        for f in files {
            stand.insert(f.unit_code.clone(), f);
        }
        let read = PdfsRead {
            pdfs,
            beyond_limit: 0,
        };
        pair(&read, files, &stand, &|c: &str| format!("Đơn vị {c}"))
    }

    #[test]
    fn the_hash_pairs_first_then_the_name() {
        let files = [
            file("A", "a1", "ha", "a.xlsx"),
            file("B", "b1", "hb", "b.xlsx"),
            file("C", "c1", "hc", "c.xlsx"),
        ];
        let p = paired(
            &files,
            vec![
                // A's figures under B's name: A's, by the hash.
                pdf("b-da-ky.pdf", Some("ha"), 1, true, 2),
                // Other figures under C's name: C's, not matching.
                pdf("c.pdf", Some("zz"), 1, true, 2),
                // Unsigned, B's figures: paired with nothing.
                pdf("b.pdf", Some("hb"), 0, true, 2),
                // Nobody's.
                pdf("cong-van.pdf", None, 1, true, 2),
            ],
        );
        let a = &p.by_unit["A"];
        assert!(a.matches_submission && a.intact);
        assert_eq!(a.file, "/nhan/b-da-ky.pdf");
        assert!(!p.by_unit.contains_key("B"));
        assert!(!p.by_unit["C"].matches_submission);
        assert_eq!(p.unpaired, 2);
        assert!(p.warnings.is_empty() && p.rejected.is_empty());
    }

    #[test]
    fn a_shared_hash_is_decided_by_the_name_and_an_earlier_revision_does_not_match() {
        let files = [
            file("A", "a1", "same", "a.xlsx"),
            file("B", "b1", "same", "b.xlsx"),
            file("C", "c0", "old", "c-lan1.xlsx"),
            file("C", "c1", "new", "c-lan2.xlsx"),
        ];
        let p = paired(
            &files,
            vec![
                pdf("b-ky.pdf", Some("same"), 1, true, 2),
                pdf("ky-so-c.pdf", Some("old"), 1, true, 2),
            ],
        );
        assert!(!p.by_unit.contains_key("A"));
        assert!(p.by_unit["B"].matches_submission);
        let c = &p.by_unit["C"];
        assert!(c.intact && !c.matches_submission, "{c:?}");
    }

    #[test]
    fn of_several_pdfs_the_matching_intact_newest_is_kept_and_said() {
        let files = [file("A", "a1", "ha", "a.xlsx")];
        let p = paired(
            &files,
            vec![
                pdf("a-cu.pdf", Some("zz"), 2, true, 9),
                pdf("a-hong.pdf", Some("ha"), 2, false, 9),
                pdf("a-1.pdf", Some("ha"), 1, true, 3),
                pdf("a-2.pdf", Some("ha"), 1, true, 4),
            ],
        );
        assert_eq!(p.by_unit["A"].file, "/nhan/a-2.pdf");
        assert_eq!(p.warnings.len(), 1);
        assert!(
            p.warnings[0].starts_with("Đơn vị A (A) có 4 bản PDF đã ký: dùng «a-2.pdf», bỏ qua «a-1.pdf», «a-hong.pdf», «a-cu.pdf»"),
            "{}",
            p.warnings[0]
        );
    }

    #[test]
    fn the_column_says_one_of_four_things() {
        let s = |intact, matches_submission| UnitSignature {
            signer: "A".into(),
            intact,
            matches_submission,
            file: "a.pdf".into(),
        };
        let label = |x: Option<&UnitSignature>| SignatureStatus::of(x).label_vi();
        assert_eq!(label(Some(&s(true, true))), "Đã ký — khớp số liệu");
        assert_eq!(label(Some(&s(true, false))), "Đã ký — KHÔNG khớp tệp Excel");
        assert_eq!(label(Some(&s(false, true))), "Chữ ký không còn nguyên vẹn");
        assert_eq!(label(None), "Chưa có bản ký");
    }
}
