//! The QR decoder on arbitrary greyscale frames: `decode_frame` (a still
//! picture) and `decode_frame_rolling` (a camera frame). The first two bytes
//! give the width (1 to 512), the third the camera frame number; the rest are
//! the pixels, as many whole rows as there are.
#![no_main]

mod body {
    include!("bodies/qr_frame.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
