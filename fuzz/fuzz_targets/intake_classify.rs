//! The service's intake of scanned and pasted texts
//! (`tessera_service::intake::classify`), and a scan of several texts at once
//! (`Intake::take_scan`, one text per line: multi-part exports collected).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_service::intake::{classify, Intake};
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = classify(text);
    let texts = text.lines().map(|l| Zeroizing::new(l.to_owned())).collect();
    let _ = Intake::default().take_scan(texts, 1_800_000_000);
});
