// The body of the fuzz target `backup_codes` (fuzz/fuzz_targets/backup_codes.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::parse_backup_codes;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(codes) = parse_backup_codes(text) {
        let block: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        let again = parse_backup_codes(&block.join("\n"));
        assert_eq!(again.as_ref(), Ok(&codes), "the codes found do not read back");
    }
}
