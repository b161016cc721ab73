// The body of the fuzz target `qr_frame` (fuzz/fuzz_targets/qr_frame.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::qr::{decode_frame, decode_frame_rolling, LumaFrame};

const MAX_WIDTH: usize = 512;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let [w0, w1, n, pixels @ ..] = data else {
        return;
    };
    let width = 1 + usize::from(u16::from_le_bytes([*w0, *w1])) % MAX_WIDTH;
    let height = pixels.len() / width;
    if height == 0 {
        return;
    }
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return;
    };
    let frame = LumaFrame {
        width: w,
        height: h,
        pixels: &pixels[..width * height],
    };
    let _ = decode_frame(frame);
    let _ = decode_frame_rolling(frame, u64::from(*n));
}
