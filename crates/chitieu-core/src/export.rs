//! Export of the Phụ lục 01 workbook.

use crate::report::Figure;

/// SHA-256 over the figures' content, in indicator order: what "changed since
/// export" compares.
pub fn figures_hash(figures: &[Figure]) -> String {
    let mut sorted: Vec<&Figure> = figures.iter().filter(|f| !f.is_blank()).collect();
    sorted.sort_by(|a, b| a.indicator.cmp(&b.indicator));
    let mut text = String::new();
    for f in sorted {
        for part in [
            f.indicator.as_str(),
            &f.value.map(|v| v.to_string()).unwrap_or_default(),
            &f.raw,
            f.status.map_or("", |s| s.as_str()),
            &f.status_raw,
            &f.source,
            &f.trend,
            &f.comparison,
            &f.proposals,
            &f.notes,
        ] {
            text.push_str(part);
            text.push('\u{1f}');
        }
        text.push('\u{1e}');
    }
    crate::store::sha256_hex(text.as_bytes())
}
