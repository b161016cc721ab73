//! Any text a QR code or a paste hands over: `tessera_core::parse_setup_link`
//! (`otpauth://` and `otpauth-migration://`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tessera_core::parse_setup_link(text);
    }
});
