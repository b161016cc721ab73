// The body of the fuzz target `envelope` (fuzz/fuzz_targets/envelope.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

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

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let Ok(info) = envelope::inspect(data) else {
        return;
    };
    if cheap(&info) {
        if let Ok(opened) = envelope::open_with_password(data, PASSWORD) {
            let _ = BackupContent::from_json(&opened.plaintext);
        }
    }
}
