//! The QR decoder on image files (`decode_image_within`: PNG, JPEG, WebP,
//! BMP, GIF), with a one-second budget as the app gives a still picture.
#![no_main]

mod body {
    include!("bodies/qr_image.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
