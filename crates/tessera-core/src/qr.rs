//! QR decoding: frames in, text out. A frame is a luma (greyscale) buffer from
//! any source — an image file, the screen, a camera — and the result is every
//! QR text found in it. Decoding is rqrr's (ISO/IEC 18004); every call runs
//! under `catch_unwind` because rqrr panics on some real images, and frames
//! are size-capped so a hostile file cannot exhaust memory.
//!
//! Passes, stopping at the first that finds something: the frame as it is,
//! then inverted (light-on-dark codes). Further preprocessing (binarisation,
//! upscaling, rotations) is chosen by measurement on real photos.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Largest frame decoded, in pixels (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Why a frame or image could not be scanned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// Larger than [`MAX_PIXELS`].
    #[error("the image is too large to scan ({width}×{height}, at most 40 megapixels)")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Zero-sized, or a buffer that does not match its dimensions.
    #[error("the image is empty or damaged")]
    BadFrame,
    /// Not a PNG, JPEG, WebP, BMP or GIF file, or a damaged one.
    #[error("this file is not a readable image (PNG, JPEG, WebP, BMP or GIF): {0}")]
    BadImage(String),
}

/// A greyscale frame, one byte per pixel, row by row.
#[derive(Debug, Clone, Copy)]
pub struct LumaFrame<'a> {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` bytes.
    pub pixels: &'a [u8],
}

fn check_size(width: u32, height: u32) -> Result<(), QrError> {
    if width == 0 || height == 0 {
        return Err(QrError::BadFrame);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(QrError::TooLarge { width, height });
    }
    Ok(())
}

/// One rqrr pass; a panic inside rqrr counts as "nothing found".
fn rqrr_pass(width: usize, height: usize, luma: impl Fn(usize, usize) -> u8) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, &luma);
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect::<Vec<String>>()
    }))
    .unwrap_or_default()
}

/// Every QR text in a frame, without duplicates, in the order found.
pub fn decode_frame(frame: LumaFrame<'_>) -> Result<Vec<String>, QrError> {
    check_size(frame.width, frame.height)?;
    let (w, h) = (frame.width as usize, frame.height as usize);
    if frame.pixels.len() != w * h {
        return Err(QrError::BadFrame);
    }
    let px = frame.pixels;
    let mut found = rqrr_pass(w, h, |x, y| px[y * w + x]);
    if found.is_empty() {
        found = rqrr_pass(w, h, |x, y| 255 - px[y * w + x]);
    }
    let mut unique: Vec<String> = Vec::with_capacity(found.len());
    for text in found {
        if !unique.contains(&text) {
            unique.push(text);
        }
    }
    Ok(unique)
}

/// Every QR text in an image file's bytes (PNG, JPEG, WebP, BMP, GIF's first frame).
pub fn decode_image(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| QrError::BadImage(e.to_string()))?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| QrError::BadImage(e.to_string()))?;
    check_size(width, height)?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| QrError::BadImage(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| QrError::BadImage(e.to_string()))?;
    let luma = image.into_luma8();
    decode_frame(LumaFrame {
        width: luma.width(),
        height: luma.height(),
        pixels: luma.as_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_mismatched_frames_are_errors() {
        assert_eq!(
            decode_frame(LumaFrame {
                width: 0,
                height: 5,
                pixels: &[]
            }),
            Err(QrError::BadFrame)
        );
        assert_eq!(
            decode_frame(LumaFrame {
                width: 2,
                height: 2,
                pixels: &[0; 3]
            }),
            Err(QrError::BadFrame)
        );
        assert_eq!(
            decode_frame(LumaFrame {
                width: 20_000,
                height: 20_000,
                pixels: &[]
            }),
            Err(QrError::TooLarge {
                width: 20_000,
                height: 20_000
            })
        );
        assert_eq!(
            decode_frame(LumaFrame {
                width: 1,
                height: 1,
                pixels: &[255]
            }),
            Ok(vec![])
        );
    }
}
