// The body of the fuzz target `backup_content` (fuzz/fuzz_targets/backup_content.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::envelope::BackupContent;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    if let Ok(parsed) = BackupContent::from_json(data) {
        let again = BackupContent::from_json(&parsed.content.to_json());
        assert!(
            again.is_ok_and(|a| a.content == parsed.content && a.problems.is_empty()),
            "backup contents do not read back"
        );
    }
}
