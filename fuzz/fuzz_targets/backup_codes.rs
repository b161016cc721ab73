//! A pasted block of backup codes (`tessera_core::parse_backup_codes`). The
//! codes found, one per line, must be found again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::parse_backup_codes;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(codes) = parse_backup_codes(text) {
        let block: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        let again = parse_backup_codes(&block.join("\n"));
        assert_eq!(again.as_ref(), Ok(&codes), "the codes found do not read back");
    }
});
