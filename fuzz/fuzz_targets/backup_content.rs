//! The contents of an opened backup (`envelope::BackupContent::from_json`).
//! Contents that are read must write out and read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::envelope::BackupContent;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = BackupContent::from_json(data) {
        let again = BackupContent::from_json(&parsed.content.to_json());
        assert!(
            again.is_ok_and(|a| a.content == parsed.content && a.problems.is_empty()),
            "backup contents do not read back"
        );
    }
});
