//! Tessera's backup envelope: `envelope::inspect` on any bytes, then
//! `open_with_password` with a fixed password when the file's password
//! slots ask for no more than twice the cheapest Argon2id cost the parser
//! accepts (`KdfParams::MIN`) and there are at most two of them, and the
//! opened contents through `BackupContent::from_json`.
#![no_main]

mod body {
    include!("bodies/envelope.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
