//! The whole import path on raw bytes: whatever a person may pick in the
//! file dialog (xlsx, xlsm, xls, ods, or anything else).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    chitieu_fuzz::import(data);
});
