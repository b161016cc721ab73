//! `otpauth://` links (`tessera_core::otpauth::parse`, `label_of`) on any
//! text. A link that parses is formatted again with `Account::to_uri`, and
//! that link must read back as the same account.
#![no_main]

mod body {
    include!("bodies/otpauth_uri.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
