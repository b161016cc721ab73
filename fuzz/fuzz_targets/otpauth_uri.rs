//! `otpauth://` links (`tessera_core::otpauth::parse`, `label_of`) on any
//! text. A link that parses is formatted again with `Account::to_uri`, and
//! that link must read back as the same account.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::otpauth;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = otpauth::label_of(text);
    if let Ok(account) = otpauth::parse(text) {
        let again = otpauth::parse(&account.to_uri());
        assert_eq!(again.as_ref(), Ok(&account), "to_uri does not read back");
    }
});
