//! Google Authenticator transfer links (`tessera_core::parse_migration`).
//! An input starting with a 0 byte is the protobuf payload itself, put into
//! a link as URL-safe base64, so the fuzzer reaches the protobuf decoder
//! directly; any other input is the link's text.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use tessera_core::parse_migration;

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0, payload)) => {
            let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
            let _ = parse_migration(&format!("otpauth-migration://offline?data={b64}"));
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(data) {
                let _ = parse_migration(text);
            }
        }
    }
});
