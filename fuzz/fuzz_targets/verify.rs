//! The PDF signature verifier (crates/chitieu-sign) on raw bytes: every
//! input gets a result or a typed error, within the time and memory limits
//! of fuzz/run.sh (1 s, 300 MB). Seeds: signed and unsigned sample PDFs
//! (fuzz/seed.sh writes them with `chitieu_fuzz::pdf_seeds`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(v) = chitieu_sign::verify(data, None) {
        for s in &v.signatures {
            assert!(s.problem.is_none() || !s.intact);
        }
    }
});
