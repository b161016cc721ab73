//! The frame-source scan loop, fed from image files the way a camera feeds it
//! (there is no camera on the test machines: everything up to the device is
//! exercised here), and the camera list on a machine without one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tessera_capture::{scan_source, CaptureError, Frame, FrameSource, ImageFrames, ScanOutcome};

const URI: &str = "otpauth://totp/Clinic:desk?secret=JBSWY3DPEHPK3PXP&issuer=Clinic";

fn qr_frame(width: u32, height: u32) -> Frame {
    let code = qrcode::QrCode::new(URI.as_bytes()).unwrap();
    let img = code
        .render::<image::Luma<u8>>()
        .module_dimensions(6, 6)
        .build();
    let mut canvas = image::GrayImage::from_pixel(width, height, image::Luma([200]));
    image::imageops::overlay(&mut canvas, &img, 300, 120);
    Frame::from_image(&image::DynamicImage::ImageLuma8(canvas))
}

fn blank(width: u32, height: u32) -> Frame {
    Frame {
        width,
        height,
        pixels: vec![128; (width * height) as usize],
    }
}

#[test]
fn the_scan_stops_at_the_first_frame_with_a_code() {
    let source = ImageFrames::from_frames(vec![
        blank(1280, 720),
        blank(1280, 720),
        qr_frame(1280, 720),
    ])
    .unwrap();
    let mut seen = 0;
    let outcome = scan_source(
        source,
        Duration::from_secs(30),
        &AtomicBool::new(false),
        |_| seen += 1,
    )
    .unwrap();
    assert_eq!(outcome, ScanOutcome::Found(vec![URI.to_owned()]));
    assert_eq!(seen, 3, "every frame goes to the preview first");
}

#[test]
fn nothing_found_times_out_and_stop_ends_the_scan() {
    let source = ImageFrames::from_frames(vec![blank(320, 240)]).unwrap();
    let outcome = scan_source(
        source,
        Duration::from_millis(200),
        &AtomicBool::new(false),
        |_| {},
    )
    .unwrap();
    assert_eq!(outcome, ScanOutcome::TimedOut);

    let stop = AtomicBool::new(false);
    let source = ImageFrames::from_frames(vec![blank(320, 240)]).unwrap();
    let mut frames = 0;
    let outcome = scan_source(source, Duration::from_secs(30), &stop, |_| {
        frames += 1;
        if frames == 5 {
            stop.store(true, Ordering::SeqCst);
        }
    })
    .unwrap();
    assert_eq!((outcome, frames), (ScanOutcome::Stopped, 5));
}

struct Failing;
impl FrameSource for Failing {
    fn next_frame(&mut self) -> Result<Frame, CaptureError> {
        Err(CaptureError::CameraBusy)
    }
}

#[test]
fn a_source_failure_is_returned_not_retried_forever() {
    let err = scan_source(
        Failing,
        Duration::from_secs(30),
        &AtomicBool::new(false),
        |_| {},
    )
    .unwrap_err();
    assert_eq!(err, CaptureError::CameraBusy);
    assert_eq!(
        err.to_string(),
        "the camera is in use by another program; close it and try again"
    );
}

#[test]
fn image_files_are_read_as_frames() {
    let dir = std::env::temp_dir().join(format!("tessera-capture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("qr.png");
    let f = qr_frame(800, 600);
    image::GrayImage::from_raw(f.width, f.height, f.pixels)
        .unwrap()
        .save(&png)
        .unwrap();
    let mut source = ImageFrames::open(std::slice::from_ref(&png)).unwrap();
    assert_eq!(source.next_frame().unwrap().width, 800);
    let bad = dir.join("bad.png");
    std::fs::write(&bad, b"not a png").unwrap();
    assert!(matches!(
        ImageFrames::open(&[bad]),
        Err(CaptureError::Image(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_camera_the_list_is_empty_and_opening_says_so() {
    // The test machines have no camera; on a machine with one this only
    // checks that listing works.
    let list = tessera_capture::cameras().unwrap_or_default();
    if list.is_empty() {
        assert_eq!(
            tessera_capture::Camera::open(0).unwrap_err(),
            CaptureError::NoCamera
        );
    }
}
