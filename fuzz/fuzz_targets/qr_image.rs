//! The QR decoder on image files (`decode_image_within`: PNG, JPEG, WebP,
//! BMP, GIF), with a one-second budget as the app gives a still picture.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};
use tessera_core::qr::decode_image_within;

fuzz_target!(|data: &[u8]| {
    let started = Instant::now();
    let out_of_time = || started.elapsed() >= Duration::from_secs(1);
    let _ = decode_image_within(data, &out_of_time);
});
