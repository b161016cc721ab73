//! QR decoding: frames in, text out. A frame is a luma (greyscale) buffer from
//! any source — an image file, the clipboard, the screen, a camera — and the
//! result is every QR text found in it, in reading order. Decoding is rqrr's
//! (ISO/IEC 18004); every call runs under `catch_unwind` because rqrr panics
//! on some real images, frames are size-capped so a hostile file cannot
//! exhaust memory, and a still picture gets a time budget ([`STILL_BUDGET`])
//! after which the work not yet done is skipped.
//!
//! Every source takes one path (`scan.rs`): locate every finder pattern at
//! the scales modules of 1.5 to 20 pixels and more need (`locate.rs`), pair
//! them into candidate codes (`candidates.rs`), and decode each candidate's
//! region with what suits its size — the grid read straight from its
//! finders (`sample.rs`), then rqrr on the region scaled to a comfortable
//! module size, through named preprocessing passes ([`passes::REGION`]).
//! It goes on after the first code until every candidate is decoded, so a
//! picture of several codes gives them all. A small picture in which no
//! code was located is decoded whole through [`passes::CASCADE`]. Which
//! passes run, and in which order, was chosen by measuring each alone on
//! ZXing's real photos and on generated screens (`examples/qr_passes.rs`).
//! Live camera scanning tries fewer candidates and passes per frame
//! ([`decode_frame_rolling`]) so each frame stays cheap.

use std::panic::{catch_unwind, AssertUnwindSafe};

mod candidates;
pub mod locate;
pub mod passes;
mod sample;
mod scan;
#[cfg(feature = "rxing")]
mod second;

/// Time a still picture (a file, a screen) is given before the candidates
/// and passes not yet tried are skipped; callers measure it (see
/// [`decode_frame_within`]).
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

/// A point in a frame, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub x: f32,
    pub y: f32,
}

/// A code read, and where it lies: its four corners (top-left, top-right,
/// bottom-right, bottom-left of the code itself).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decoded {
    pub text: String,
    pub corners: [Point; 4],
}

/// rqrr's detector and decoder on a picture; a panic inside rqrr counts as
/// "nothing found".
pub(crate) fn rqrr_grids(
    width: usize,
    height: usize,
    luma: impl Fn(usize, usize) -> u8,
) -> Vec<Decoded> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, &luma);
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| {
                let corners = grid.bounds.map(|p| Point {
                    x: p.x as f32,
                    y: p.y as f32,
                });
                grid_text(&grid).map(|text| Decoded { text, corners })
            })
            .collect::<Vec<Decoded>>()
    }))
    .unwrap_or_default()
}

/// The text a grid holds: its data bytes as UTF-8 when they are, else as
/// Shift_JIS (what Kanji mode and most Japanese codes hold, ISO/IEC 18004
/// §7.4.6) or ISO-8859-1 (the standard's default for byte mode).
pub(crate) fn grid_text<G: rqrr::BitGrid>(grid: &rqrr::Grid<G>) -> Option<String> {
    let mut bytes = Vec::new();
    grid.decode_to(&mut bytes).ok()?;
    Some(text_of(bytes))
}

/// Bytes as text: UTF-8 when they are; else Shift_JIS or ISO-8859-1, told
/// apart as ZXing does (`StringUtils.guessEncoding`): Shift_JIS when the
/// bytes are valid Shift_JIS and hold a run of three katakana or three
/// double-byte characters, or bytes Latin-1 text cannot hold (0x80–0x9F),
/// or just one pair of katakana, or many of the symbols Latin-1 text seldom
/// uses (0xA0–0xBF, ×, ÷: a tenth of the bytes); ISO-8859-1 otherwise.
fn text_of(bytes: Vec<u8>) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => e.into_bytes(),
    };
    let (sjis, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
    let latin1_impossible = bytes.iter().any(|b| (0x80..=0x9F).contains(b));
    let latin1_odd = bytes
        .iter()
        .filter(|&&b| (0xA0..=0xBF).contains(&b) || b == 0xD7 || b == 0xF7)
        .count();
    // Runs of half-width katakana (one byte each) and of double-byte
    // characters, read as Shift_JIS.
    let (mut katakana, mut kana_run, mut double_run) = (0usize, 0usize, 0usize);
    let (mut max_kana, mut max_double) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (0xA1..=0xDF).contains(&b) {
            katakana += 1;
            kana_run += 1;
            double_run = 0;
            i += 1;
        } else if b > 0x7F {
            double_run += 1;
            kana_run = 0;
            i += 2;
        } else {
            (kana_run, double_run) = (0, 0);
            i += 1;
        }
        max_kana = max_kana.max(kana_run);
        max_double = max_double.max(double_run);
    }
    let shift_jis = !had_errors
        && (max_kana >= 3
            || max_double >= 3
            || latin1_impossible
            || (max_kana == 2 && katakana == 2)
            || latin1_odd * 10 >= bytes.len());
    if shift_jis {
        sjis.into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn check_frame(frame: LumaFrame<'_>) -> Result<(), QrError> {
    check_size(frame.width, frame.height)?;
    if frame.pixels.len() != frame.width as usize * frame.height as usize {
        return Err(QrError::BadFrame);
    }
    Ok(())
}

/// Every QR text in a still picture, without duplicates, in reading order
/// (rows from the top, each from the left).
pub fn decode_frame(frame: LumaFrame<'_>) -> Result<Vec<String>, QrError> {
    decode_frame_within(frame, &|| false)
}

/// [`decode_frame`] with a time budget: once `out_of_time` says so, the
/// candidates and passes not yet tried are skipped (the first always runs).
/// The caller owns the clock, so a huge image gives up in seconds, not
/// minutes.
pub fn decode_frame_within(
    frame: LumaFrame<'_>,
    out_of_time: &dyn Fn() -> bool,
) -> Result<Vec<String>, QrError> {
    check_frame(frame)?;
    Ok(texts(scan::still(frame, out_of_time)))
}

/// For a stream of frames (a camera): the same path as a still picture,
/// cut down so each frame stays cheap. The fast finder search skips frames
/// with no code; the best two candidates get the grid sampler, then rqrr
/// with the plain pass and one more in turn (`n` counts frames), so every
/// pass is tried every few frames.
pub fn decode_frame_rolling(frame: LumaFrame<'_>, n: u64) -> Result<Vec<String>, QrError> {
    check_frame(frame)?;
    Ok(texts(scan::live(frame, n)))
}

fn texts(codes: Vec<Decoded>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::with_capacity(codes.len());
    for code in codes {
        if !unique.contains(&code.text) {
            unique.push(code.text);
        }
    }
    unique
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
            for &pass in passes::Pass::ALL {
                assert!(passes::run(pass, frame).is_empty());
            }
            for n in 0..passes::REGION.len() as u64 {
                assert_eq!(decode_frame_rolling(frame, n), Ok(vec![]));
            }
            assert_eq!(decode_frame(frame), Ok(vec![]));
        }
    }

    #[test]
    fn a_spent_budget_still_tries_the_first_candidate() {
        let code = qrcode::QrCode::new(b"budget").expect("code");
        let img = code.render::<image::Luma<u8>>().build();
        let frame = LumaFrame {
            width: img.width(),
            height: img.height(),
            pixels: img.as_raw(),
        };
        // The first candidate always runs, so a plain code is still found.
        assert_eq!(
            decode_frame_within(frame, &|| true),
            Ok(vec!["budget".to_owned()])
        );
        // Two clean codes: out of time after the first candidate, the rest
        // still get the cheap grid sampler (a clean on-screen code needs no
        // more), so both are found; the budget was asked.
        let other = qrcode::QrCode::new(b"second").expect("code");
        let second = other.render::<image::Luma<u8>>().build();
        let mut two = image::GrayImage::from_pixel(
            img.width() + second.width(),
            img.height().max(second.height()),
            image::Luma([255]),
        );
        image::imageops::overlay(&mut two, &img, 0, 0);
        image::imageops::overlay(&mut two, &second, i64::from(img.width()), 0);
        let frame = LumaFrame {
            width: two.width(),
            height: two.height(),
            pixels: two.as_raw(),
        };
        let calls = std::cell::Cell::new(0);
        let out_of_time = || {
            calls.set(calls.get() + 1);
            true
        };
        assert_eq!(
            decode_frame_within(frame, &out_of_time),
            Ok(vec!["budget".to_owned(), "second".to_owned()])
        );
        assert!(calls.get() >= 1);
        assert_eq!(
            decode_frame(frame),
            Ok(vec!["budget".to_owned(), "second".to_owned()])
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_shift_jis_or_latin1() {
        assert_eq!(text_of("ok é".as_bytes().to_vec()), "ok é");
        // テスト in Shift_JIS, and half-width ﾃｽﾄQR.
        assert_eq!(text_of(vec![0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), "テスト");
        assert_eq!(text_of(vec![0xC3, 0xBD, 0xC4, b'Q', b'R']), "ﾃｽﾄQR");
        // "café au lait" in ISO-8859-1, and one accent before a letter that
        // could pass for a Shift_JIS pair.
        assert_eq!(text_of(b"caf\xe9 au lait".to_vec()), "café au lait");
        assert_eq!(text_of(b"\xe9t\xe9".to_vec()), "été");
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
