// The body of the fuzz target `key_entry` (fuzz/fuzz_targets/key_entry.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::check_key;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(checked) = check_key(text) {
        for form in [checked.normalized(), checked.grouped()] {
            let again = check_key(&form).map(|k| k.key);
            assert_eq!(again.as_ref().ok(), Some(&checked.key), "normalised key refused");
        }
    }
}
