//! The whole import path on a zip built from parts the fuzzer mutates one by
//! one (see `chitieu_fuzz::parts_to_zip`): reaches the XML readers, which
//! raw-byte mutations of a deflated, CRC-checked zip rarely do.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(zip) = chitieu_fuzz::parts_to_zip(data) {
        chitieu_fuzz::import(&zip);
    }
});
