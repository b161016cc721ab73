// The body of the fuzz target `import_detect` (fuzz/fuzz_targets/import_detect.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let _ = tessera_core::import::detect(data);
}
