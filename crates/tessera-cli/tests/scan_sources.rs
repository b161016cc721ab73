//! `tessera scan --screen` against a real X server (a QR code shown by
//! ImageMagick's `display` on Xvfb, full size and small in a corner), and
//! `tessera scan --camera` on a machine without a camera. The screen test runs
//! when an X display is named (`TESSERA_TEST_DISPLAY`, else `DISPLAY`) and
//! `display` is installed; required under TESSERA_REAL_TOOLS=1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

const URI: &str = "otpauth://totp/Desk%20Screen:front?secret=JBSWY3DPEHPK3PXP&issuer=Desk%20Screen";

fn display() -> Option<std::ffi::OsString> {
    let display = std::env::var_os("TESSERA_TEST_DISPLAY").or_else(|| std::env::var_os("DISPLAY"));
    let ready = display.is_some() && support::tool_available("display");
    if display.is_none() {
        assert_ne!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref(),
            Ok("1"),
            "no X display for the screen test"
        );
        println!("SKIPPED: no X display");
    }
    ready.then_some(display).flatten()
}

fn tessera(args: &[&str], display: &std::ffi::OsStr) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("DISPLAY", display)
        .env(
            "TESSERA_DATA_DIR",
            std::env::temp_dir().join("tessera-scan-sources"),
        )
        .args(args)
        .output()
        .unwrap()
}

struct Shown(Child);
impl Drop for Shown {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn scan_screen_prints_the_code_shown_large_or_in_a_corner() {
    let Some(display) = display() else { return };
    let dir = tempfile::tempdir().unwrap();
    let code = qrcode::QrCode::new(URI.as_bytes()).unwrap();
    for (module, geometry) in [(14, "+0+0"), (3, "+1120+660")] {
        let png = dir.path().join(format!("qr{module}.png"));
        code.render::<image::Luma<u8>>()
            .module_dimensions(module, module)
            .build()
            .save(&png)
            .unwrap();
        let _shown = Shown(
            Command::new("display")
                .env("DISPLAY", &display)
                .args(["-geometry", geometry])
                .arg(&png)
                .spawn()
                .unwrap(),
        );
        let start = Instant::now();
        let out = loop {
            let out = tessera(&["scan", "--screen"], &display);
            if out.status.code() == Some(0) || start.elapsed() > Duration::from_secs(60) {
                break out;
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            URI,
            "module {module}"
        );
    }
    // Nothing on screen any more: exit 1 and says so.
    let start = Instant::now();
    loop {
        let out = tessera(&["scan", "--screen"], &display);
        if out.status.code() == Some(1) {
            assert!(String::from_utf8_lossy(&out.stderr).contains("no QR code found"));
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "code still found after closing"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn scan_sources_are_exclusive_and_camera_errors_are_clear() {
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["scan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a source is required");
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["scan", "--screen", "--camera"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "only one source");
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["scan", "--screen", "--device", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--device needs --camera");
    // The test machines have no camera.
    if tessera_capture_cameras_empty() {
        let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .args(["scan", "--camera", "--timeout", "1"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no camera was found"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn tessera_capture_cameras_empty() -> bool {
    !std::path::Path::new("/dev/video0").exists()
}
