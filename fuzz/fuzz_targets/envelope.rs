//! Tessera's backup envelope: `envelope::inspect` on any bytes, then
//! `open_with_password` with a fixed password when the file's password
//! slots ask for no more than twice the cheapest Argon2id cost the parser
//! accepts (`KdfParams::MIN`) and there are at most two of them, and the
//! opened contents through `BackupContent::from_json`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::envelope::{self, BackupContent, SlotInfo};
use tessera_core::vault::KdfParams;

/// The password the seed backups were sealed with (fuzz/seeds/envelope).
const PASSWORD: &str = "correct horse battery staple";

fn cheap(info: &envelope::EnvelopeInfo) -> bool {
    let min = KdfParams::MIN;
    let mut slots = 0;
    for slot in &info.slots {
        if let SlotInfo::Password { m_kib, t, p } = slot {
            slots += 1;
            if *m_kib > 2 * u64::from(min.m_kib) || *t > 2 * u64::from(min.t) || *p > 2 {
                return false;
            }
        }
    }
    slots <= 2
}

fuzz_target!(|data: &[u8]| {
    let Ok(info) = envelope::inspect(data) else {
        return;
    };
    if cheap(&info) {
        if let Ok(opened) = envelope::open_with_password(data, PASSWORD) {
            let _ = BackupContent::from_json(&opened.plaintext);
        }
    }
});
