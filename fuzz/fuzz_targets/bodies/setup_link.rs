// The body of the fuzz target `setup_link` (fuzz/fuzz_targets/setup_link.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tessera_core::parse_setup_link(text);
    }
}
