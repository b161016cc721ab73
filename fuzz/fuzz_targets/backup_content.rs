//! The contents of an opened backup (`envelope::BackupContent::from_json`).
//! Contents that are read must write out and read back the same.
#![no_main]

mod body {
    include!("bodies/backup_content.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
