//! A pasted block of backup codes (`tessera_core::parse_backup_codes`). The
//! codes found, one per line, must be found again.
#![no_main]

mod body {
    include!("bodies/backup_codes.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
