//! rxing (a Rust port of ZXing) as a second decoder, tried on a region or a
//! small whole picture that rqrr could not read, behind the same
//! `catch_unwind`. Compiled with the `rxing` feature only.

use super::passes::Gray;
use super::{Decoded, Point};
use rxing::common::HybridBinarizer;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource, Reader};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The code rxing reads in `g`, placed in the original frame.
pub(crate) fn decode(g: &Gray) -> Vec<Decoded> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let source = Luma8LuminanceSource::new(g.px.clone(), g.w as u32, g.h as u32).ok()?;
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        let hints = DecodeHints {
            TryHarder: Some(true),
            ..DecodeHints::default()
        };
        QRCodeReader::new()
            .decode_with_hints(&mut bitmap, &hints)
            .ok()
    }));
    let Ok(Some(result)) = result else {
        return Vec::new();
    };
    let points = result.getPoints();
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in points {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    if points.is_empty() {
        (x0, y0, x1, y1) = (0.0, 0.0, g.w as f32, g.h as f32);
    }
    let corners =
        [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map(|(x, y)| g.placement.apply(Point { x, y }));
    vec![Decoded {
        text: result.getText().to_owned(),
        corners,
    }]
}
