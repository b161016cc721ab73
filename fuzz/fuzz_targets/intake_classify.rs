//! The service's intake of scanned and pasted texts
//! (`tessera_service::intake::classify`), and a scan of several texts at once
//! (`Intake::take_scan`, one text per line: multi-part exports collected).
#![no_main]

mod body {
    include!("bodies/intake_classify.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
