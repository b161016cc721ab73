//! Google Authenticator transfer links (`tessera_core::parse_migration`).
//! An input starting with a 0 byte is the protobuf payload itself, put into
//! a link as URL-safe base64, so the fuzzer reaches the protobuf decoder
//! directly; any other input is the link's text.
#![no_main]

mod body {
    include!("bodies/migration.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
