// The body of the fuzz target `otpauth_uri` (fuzz/fuzz_targets/otpauth_uri.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::otpauth;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = otpauth::label_of(text);
    if let Ok(account) = otpauth::parse(text) {
        let again = otpauth::parse(&account.to_uri());
        assert_eq!(again.as_ref(), Ok(&account), "to_uri does not read back");
    }
}
