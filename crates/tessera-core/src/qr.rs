//! QR decoding: frames in, text out. A frame is a luma (greyscale) buffer from
//! any source — an image file, the screen, a camera — and the result is every
//! QR text found in it. Decoding is rqrr's (ISO/IEC 18004); every call runs
//! under `catch_unwind` because rqrr panics on some real images, frames
//! are size-capped so a hostile file cannot exhaust memory, and a still
//! picture gets a time budget ([`STILL_BUDGET`]) after which the passes not
//! yet tried are skipped.
//!
//! Passes, stopping at the first that finds something ([`passes::CASCADE`]):
//! the frame as it is, inverted (light-on-dark codes), then resampled,
//! locally thresholded, rotated and denoised variants, chosen and ordered by
//! measuring each alone on ZXing's real photos (`examples/qr_passes.rs`).
//! When rqrr finds nothing, the grid is read straight from the finder
//! patterns Tessera locates itself (`sample.rs`), on the frame and on a few
//! variants ([`passes::SAMPLED`]).
//! Live camera scanning spreads the cascade over frames
//! ([`decode_frame_rolling`]) so each frame stays cheap.

use std::panic::{catch_unwind, AssertUnwindSafe};

pub mod locate;
pub mod passes;
mod sample;

/// Time a still picture (a file, a screen) is given before the passes not
/// yet tried are skipped; callers measure it (see [`decode_frame_within`]).
pub const STILL_BUDGET: std::time::Duration = std::time::Duration::from_secs(5);

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

/// Every QR text in a frame, without duplicates, in the order found: the
/// whole cascade, stopping at the first pass that finds something.
pub fn decode_frame(frame: LumaFrame<'_>) -> Result<Vec<String>, QrError> {
    decode_frame_within(frame, &|| false)
}

/// [`decode_frame`] with a time budget: once `out_of_time` says so, the
/// passes not yet tried are skipped (the first always runs). The caller owns
/// the clock, so a huge image gives up in seconds, not minutes.
pub fn decode_frame_within(
    frame: LumaFrame<'_>,
    out_of_time: &dyn Fn() -> bool,
) -> Result<Vec<String>, QrError> {
    let found = decode_with_budget(frame, passes::CASCADE, out_of_time)?;
    if !found.is_empty() || out_of_time() {
        return Ok(found);
    }
    // Last, read the grid straight from the finder patterns, in the frame
    // and in a few variants of it.
    let found = from_finders(frame);
    if !found.is_empty() {
        return Ok(found);
    }
    for &pass in passes::SAMPLED {
        if out_of_time() {
            break;
        }
        if let Some(variant) = passes::transform(pass, frame) {
            let found = from_finders(variant.frame());
            if !found.is_empty() {
                return Ok(found);
            }
        }
    }
    Ok(Vec::new())
}

/// The texts read straight from the frame's own finder patterns.
fn from_finders(frame: LumaFrame<'_>) -> Vec<String> {
    sample::decode(frame, &locate::finders(frame))
}

/// For a stream of frames (a camera). A fast search for finder patterns
/// ([`locate`]) skips frames with no code; otherwise only the part of the
/// frame around the code is decoded (halved when its modules are large):
/// first straight from its finders, then by rqrr with the plain pass and
/// one more pass of the cascade in turn, so each frame stays cheap and every
/// pass is tried every few frames.
pub fn decode_frame_rolling(frame: LumaFrame<'_>, n: u64) -> Result<Vec<String>, QrError> {
    check_size(frame.width, frame.height)?;
    if frame.pixels.len() != frame.width as usize * frame.height as usize {
        return Err(QrError::BadFrame);
    }
    let rest = &passes::CASCADE[1..];
    let extra = rest[(n % rest.len() as u64) as usize];
    let order = [passes::CASCADE[0], extra];
    let located = locate::locate(frame);
    // Cropping pays only when it removes most of the frame; rqrr's own
    // thresholding window follows the image size, so a crop that changes
    // little can only lose.
    let part = match located {
        locate::Located::Nothing => return Ok(Vec::new()),
        locate::Located::Region(region)
            if u64::from(region.width) * u64::from(region.height) * 2
                < u64::from(frame.width) * u64::from(frame.height)
                || region.module >= 7.0 =>
        {
            Some(passes::crop(frame, region))
        }
        locate::Located::Region(_) | locate::Located::Unsearched => None,
    };
    let part = part.as_ref().map_or(frame, passes::Gray::frame);
    // Reading the grid from the finders costs a millisecond or two; rqrr's
    // grid fitting, ten or more.
    let found = from_finders(part);
    if !found.is_empty() {
        return Ok(found);
    }
    decode_with_budget(part, &order, &|| false)
}

fn decode_with_budget(
    frame: LumaFrame<'_>,
    order: &[usize],
    out_of_time: &dyn Fn() -> bool,
) -> Result<Vec<String>, QrError> {
    check_size(frame.width, frame.height)?;
    let (w, h) = (frame.width as usize, frame.height as usize);
    if frame.pixels.len() != w * h {
        return Err(QrError::BadFrame);
    }
    for (i, &pass) in order.iter().enumerate() {
        if i > 0 && out_of_time() {
            break;
        }
        let found = passes::run(pass, frame);
        if !found.is_empty() {
            let mut unique: Vec<String> = Vec::with_capacity(found.len());
            for text in found {
                if !unique.contains(&text) {
                    unique.push(text);
                }
            }
            return Ok(unique);
        }
    }
    Ok(Vec::new())
}

/// Every QR text in an image file's bytes (PNG, JPEG, WebP, BMP, GIF's first frame).
pub fn decode_image(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    decode_image_within(bytes, &|| false)
}

/// [`decode_image`] with a time budget (see [`decode_frame_within`]).
pub fn decode_image_within(
    bytes: &[u8],
    out_of_time: &dyn Fn() -> bool,
) -> Result<Vec<String>, QrError> {
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
    decode_frame_within(
        LumaFrame {
            width: luma.width(),
            height: luma.height(),
            pixels: luma.as_raw(),
        },
        out_of_time,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pass_survives_tiny_and_odd_frames_and_rolling_tries_them_all() {
        for (w, h) in [(1u32, 1u32), (2, 3), (3, 2), (7, 1)] {
            let px = vec![0u8; (w * h) as usize];
            let frame = LumaFrame {
                width: w,
                height: h,
                pixels: &px,
            };
            for pass in 0..passes::NAMES.len() {
                assert!(passes::run(pass, frame).is_empty());
            }
            for n in 0..passes::CASCADE.len() as u64 {
                assert_eq!(decode_frame_rolling(frame, n), Ok(vec![]));
            }
        }
        assert!(passes::CASCADE.iter().all(|&p| p < passes::NAMES.len()));
    }

    #[test]
    fn a_spent_budget_stops_after_the_first_pass() {
        let code = qrcode::QrCode::new(b"budget").expect("code");
        let img = code.render::<image::Luma<u8>>().build();
        let frame = LumaFrame {
            width: img.width(),
            height: img.height(),
            pixels: img.as_raw(),
        };
        // The first pass always runs, so a plain code is still found.
        assert_eq!(
            decode_frame_within(frame, &|| true),
            Ok(vec!["budget".to_owned()])
        );
        // An inverted code needs the second pass: out of time, it is skipped.
        let inverted: Vec<u8> = img.as_raw().iter().map(|v| 255 - v).collect();
        let frame = LumaFrame {
            pixels: &inverted,
            ..frame
        };
        let calls = std::cell::Cell::new(0);
        let out_of_time = || {
            calls.set(calls.get() + 1);
            true
        };
        assert_eq!(decode_frame_within(frame, &out_of_time), Ok(vec![]));
        assert!(calls.get() >= 1);
        assert_eq!(decode_frame(frame), Ok(vec!["budget".to_owned()]));
    }

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
