// The body of the fuzz target `intake_classify` (fuzz/fuzz_targets/intake_classify.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_service::intake::{classify, Intake};
use zeroize::Zeroizing;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = classify(text);
    let texts = text.lines().map(|l| Zeroizing::new(l.to_owned())).collect();
    let _ = Intake::default().take_scan(texts, 1_800_000_000);
}
