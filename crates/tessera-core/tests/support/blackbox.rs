//! ZXing's blackbox QR photos from ../shared/fixtures (when present): each
//! image as greyscale with its folder and expected text. Shared by the test
//! in `qr_decode.rs` and the measurement in `examples/qr_passes.rs`.

#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;

/// One photo.
pub struct Photo {
    pub path: PathBuf,
    pub folder: String,
    /// Expected text, line ends as LF.
    pub expected: String,
    pub image: image::GrayImage,
}

/// Every photo, sorted by folder and name; `None` when the fixtures are absent.
pub fn photos() -> Option<Vec<Photo>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/qr/zxing-blackbox");
    if !root.exists() {
        return None;
    }
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    let mut photos = Vec::new();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "png" || e == "jpg"))
        {
            photos.push(Photo {
                folder: dir.file_name().unwrap().to_string_lossy().into_owned(),
                expected: std::fs::read_to_string(path.with_extension("txt"))
                    .unwrap_or_default()
                    .replace("\r\n", "\n"),
                image: image::open(&path).unwrap().into_luma8(),
                path,
            });
        }
    }
    Some(photos)
}

/// Whether a decoded text is the photo's.
pub fn matches(photo: &Photo, text: &str) -> bool {
    text.replace("\r\n", "\n") == photo.expected
}

/// Photos whose truth file disagrees with the code in the picture, with the
/// text the code holds. `qrcode-2/13.png`'s file says "aerial photograph";
/// its grid, sampled and compared with both texts re-encoded (version 6,
/// every error-correction level and mask), is 74 modules from "aerial
/// photography" and 574 from "aerial photograph" — as its sibling
/// `12.png`, whose file does say "photography", is 64 modules from it.
/// Benchmarks count these as neither decoded nor wrong.
pub const DISPUTED: &[(&str, &str)] = &[(
    "qrcode-2/13.png",
    "The 2005 USGS aerial photography of the Washington Monument is censored.",
)];

/// Photos holding a second code besides the one their truth file names,
/// with its text (line ends as LF). `qrcode-2/16.png` is a "double QR": a
/// small code printed inside the large one, which holds "[内側QRコード]"
/// ("inner QR code"); the truth file gives the outer one's text.
pub const SECOND_CODES: &[(&str, &str)] = &[(
    "qrcode-2/16.png",
    "[内側QRコード]\n\n*ダブルQR*\nhttp://d-qr.net/ex/",
)];

/// Whether `text` is the second code a photo is known to hold.
pub fn second_code(path: &std::path::Path, text: &str) -> bool {
    let text = text.replace("\r\n", "\n");
    SECOND_CODES
        .iter()
        .any(|(name, held)| path.ends_with(name) && text.trim_end() == held.trim_end())
}

/// The text the code in a disputed photo holds, if it is one.
pub fn disputed(photo: &Photo) -> Option<&'static str> {
    DISPUTED
        .iter()
        .find(|(name, _)| photo.path.ends_with(name))
        .map(|(_, text)| *text)
}
