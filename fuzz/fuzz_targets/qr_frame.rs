//! The QR decoder on arbitrary greyscale frames: `decode_frame` (a still
//! picture) and `decode_frame_rolling` (a camera frame). The first two bytes
//! give the width (1 to 512), the third the camera frame number; the rest are
//! the pixels, as many whole rows as there are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::qr::{decode_frame, decode_frame_rolling, LumaFrame};

const MAX_WIDTH: usize = 512;

fuzz_target!(|data: &[u8]| {
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
});
