//! QR decoding on generated codes (exact texts), hostile inputs (clear errors,
//! no crash), and ZXing's real photos when ../shared/fixtures is present.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/blackbox.rs"]
mod blackbox;

use image::{GrayImage, ImageFormat, Luma};
use qrcode::QrCode;
use tessera_core::qr::{decode_frame, decode_image, LumaFrame, QrError};

const URI: &str = "otpauth://totp/Clinic%20Booking:reception@clinic.example?secret=JBSWY3DPEHPK3PXP&issuer=Clinic%20Booking";

fn render(text: &str, module: u32) -> GrayImage {
    QrCode::new(text.as_bytes())
        .unwrap()
        .render::<Luma<u8>>()
        .module_dimensions(module, module)
        .build()
}

fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

fn decode(img: &GrayImage) -> Vec<String> {
    decode_frame(LumaFrame {
        width: img.width(),
        height: img.height(),
        pixels: img.as_raw(),
    })
    .unwrap()
}

#[test]
fn generated_codes_at_many_module_sizes() {
    for module in [2, 3, 4, 6, 10] {
        assert_eq!(
            decode(&render(URI, module)),
            vec![URI.to_string()],
            "module {module}"
        );
    }
}

#[test]
fn image_files_of_every_supported_format() {
    let img = render(URI, 4);
    for format in [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::Bmp,
        ImageFormat::Gif,
    ] {
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageLuma8(img.clone())
            .to_rgb8()
            .write_to(&mut out, format)
            .unwrap();
        assert_eq!(
            decode_image(out.get_ref()).unwrap(),
            vec![URI.to_string()],
            "{format:?}"
        );
    }
}

#[test]
fn inverted_low_contrast_and_noisy_codes() {
    let img = render(URI, 5);
    let inverted = GrayImage::from_fn(img.width(), img.height(), |x, y| {
        Luma([255 - img.get_pixel(x, y)[0]])
    });
    assert_eq!(decode(&inverted), vec![URI.to_string()]);
    let faint = GrayImage::from_fn(img.width(), img.height(), |x, y| {
        Luma([if img.get_pixel(x, y)[0] < 128 {
            110
        } else {
            150
        }])
    });
    assert_eq!(decode(&faint), vec![URI.to_string()]);
    let mut seed = 7u32;
    let noisy = GrayImage::from_fn(img.width(), img.height(), |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let n = ((seed >> 16) % 60) as i32 - 30;
        Luma([(i32::from(img.get_pixel(x, y)[0]) + n).clamp(0, 255) as u8])
    });
    assert_eq!(decode(&noisy), vec![URI.to_string()]);
}

#[test]
fn two_codes_in_one_frame() {
    let a = render(URI, 4);
    let other = "otpauth://totp/GitHub:octocat?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let b = render(other, 4);
    let mut frame = GrayImage::from_pixel(
        a.width() + b.width() + 40,
        a.height().max(b.height()) + 40,
        Luma([255]),
    );
    image::imageops::overlay(&mut frame, &a, 10, 10);
    image::imageops::overlay(&mut frame, &b, i64::from(a.width()) + 30, 10);
    let mut found = decode(&frame);
    found.sort();
    let mut want = vec![URI.to_string(), other.to_string()];
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn dense_google_transfer_payload() {
    let accounts: Vec<tessera_core::Account> = (0..10)
        .map(|i| format!("otpauth://totp/Issuer{i}:user{i}@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").parse().unwrap())
        .collect();
    let link = tessera_core::migration::format_migration(&accounts, 0, 1, 42);
    let found = decode(&render(&link, 3));
    assert_eq!(found, vec![link.to_string()]);
    let batch = tessera_core::parse_migration(&found[0]).unwrap();
    assert_eq!(batch.accounts, accounts);
}

#[test]
fn hostile_inputs_give_clear_errors() {
    // 1×1 image: nothing found, no error.
    assert_eq!(
        decode_image(&png(&GrayImage::from_pixel(1, 1, Luma([0])))).unwrap(),
        Vec::<String>::new()
    );
    // Truncated PNG and JPEG.
    let full = png(&render(URI, 4));
    assert!(matches!(
        decode_image(&full[..full.len() / 2]),
        Err(QrError::BadImage(_))
    ));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(render(URI, 4))
        .write_to(&mut jpeg, ImageFormat::Jpeg)
        .unwrap();
    let jpeg = jpeg.into_inner();
    let cut = decode_image(&jpeg[..jpeg.len() / 3]);
    assert!(cut.is_err() || cut.as_ref().unwrap().is_empty(), "{cut:?}");
    // Random bytes.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(matches!(decode_image(&noise), Err(QrError::BadImage(_))));
    assert!(matches!(decode_image(&[]), Err(QrError::BadImage(_))));
    // A PNG header claiming 20000×20000: refused before any pixel is decoded.
    let mut huge = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&20_000u32.to_be_bytes());
    ihdr.extend_from_slice(&20_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    huge.extend_from_slice(&13u32.to_be_bytes());
    huge.extend_from_slice(&ihdr);
    huge.extend_from_slice(&crc32fast::hash(&ihdr).to_be_bytes());
    for (kind, data) in [
        (
            &b"IDAT"[..],
            &[0x78u8, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01][..],
        ),
        (&b"IEND"[..], &[][..]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        huge.extend_from_slice(&(data.len() as u32).to_be_bytes());
        huge.extend_from_slice(&chunk);
        huge.extend_from_slice(&crc32fast::hash(&chunk).to_be_bytes());
    }
    assert_eq!(
        decode_image(&huge),
        Err(QrError::TooLarge {
            width: 20_000,
            height: 20_000
        })
    );
}

/// ZXing's blackbox QR photos (../shared/fixtures) in all four rotations:
/// prints how many each folder gives in each rotation; every text decoded
/// must be the expected one, and no image may crash the decoder. The
/// pass-rate target lives in a benchmark (bench/qr.sh).
#[test]
fn zxing_blackbox_photos_when_present() {
    let Some(photos) = blackbox::photos() else {
        println!("SKIPPED: ../shared/fixtures/qr/zxing-blackbox not present");
        return;
    };
    // Folder, photos, decoded per rotation.
    let mut per_folder: Vec<(String, usize, [usize; 4])> = Vec::new();
    let mut wrong = Vec::new();
    for photo in &photos {
        if per_folder.last().is_none_or(|(f, _, _)| *f != photo.folder) {
            per_folder.push((photo.folder.clone(), 0, [0; 4]));
        }
        let turned = [
            photo.image.clone(),
            image::imageops::rotate90(&photo.image),
            image::imageops::rotate180(&photo.image),
            image::imageops::rotate270(&photo.image),
        ];
        let mut decoded = [false; 4];
        for (r, img) in turned.iter().enumerate() {
            for text in decode(img) {
                if blackbox::matches(photo, &text) {
                    decoded[r] = true;
                } else if blackbox::disputed(photo) != Some(text.as_str())
                    && !blackbox::second_code(&photo.path, &text)
                {
                    wrong.push(format!("{} at {}°", photo.path.display(), r * 90));
                }
            }
        }
        if let Some(last) = per_folder.last_mut() {
            last.1 += 1;
            for (count, ok) in last.2.iter_mut().zip(decoded) {
                *count += usize::from(ok);
            }
        }
    }
    let mut totals = [0usize; 4];
    for (folder, total, passed) in &per_folder {
        println!(
            "{folder}: {}/{total} {}/{total} {}/{total} {}/{total} (0°, 90°, 180°, 270°)",
            passed[0], passed[1], passed[2], passed[3]
        );
        for (t, p) in totals.iter_mut().zip(passed) {
            *t += p;
        }
    }
    println!(
        "zxing blackbox: {totals:?} of {} decoded per rotation, {} wrong, 0 crashes",
        photos.len(),
        wrong.len()
    );
    assert!(wrong.is_empty(), "wrong texts: {wrong:?}");
    assert!(!photos.is_empty());
}
