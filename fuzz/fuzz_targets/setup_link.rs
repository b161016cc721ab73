//! Any text a QR code or a paste hands over: `tessera_core::parse_setup_link`
//! (`otpauth://` and `otpauth-migration://`).
#![no_main]

mod body {
    include!("bodies/setup_link.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
