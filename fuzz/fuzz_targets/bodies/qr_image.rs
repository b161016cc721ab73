// The body of the fuzz target `qr_image` (fuzz/fuzz_targets/qr_image.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use std::time::{Duration, Instant};
use tessera_core::qr::decode_image_within;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let started = Instant::now();
    let out_of_time = || started.elapsed() >= Duration::from_secs(1);
    let _ = decode_image_within(data, &out_of_time);
}
