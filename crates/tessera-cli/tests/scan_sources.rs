//! `tessera scan --screen` against real screens: a QR code shown by
//! ImageMagick's `display` on Xvfb (full size and small in a corner of the
//! test display; 2.5 pixels per module in a corner of a busy page on private
//! 1920×1080 and 3840×2160 servers, alone and with a second code), on a
//! headless sway (Wayland, wlr-screencopy) shown by swayimg; and
//! `tessera scan --camera` on a machine without a camera. The screen tests
//! run when their tools are installed; required under TESSERA_REAL_TOOLS=1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tessera-capture/tests/support/displays.rs"]
mod displays;
#[path = "../../tessera-core/tests/support/scenes.rs"]
mod scenes;
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

/// Runs `tessera scan --screen` (with `env` set up) until it exits 0 or a
/// minute passes (a debug build reads a 4K screen in seconds); returns the
/// lines printed.
fn scan_screen_until_found(env: impl Fn(&mut Command)) -> Vec<String> {
    let start = Instant::now();
    loop {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
        command
            .env(
                "TESSERA_DATA_DIR",
                std::env::temp_dir().join("tessera-scan-sources"),
            )
            .args(["scan", "--screen"]);
        env(&mut command);
        let out = command.output().unwrap();
        if out.status.code() == Some(0) {
            return String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_owned)
                .collect();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "nothing found: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

const SECOND: &str =
    "otpauth://totp/Second%20Desk:back?secret=GEZDGNBVGY3TQOJQGEZDGNBV&issuer=Second%20Desk";

/// A busy `w × h` page with `URI` at 2.5 pixels per module in its
/// bottom-right corner, as a PNG in `dir`.
fn page_with_small_code(dir: &std::path::Path, w: u32, h: u32) -> std::path::PathBuf {
    let mut page = scenes::busy_page(w, h, u64::from(w));
    let code = scenes::modules(URI);
    let side = scenes::drawn_width(&code, 2.5);
    let (x, y) = (w as f32 - side - 12.3, h as f32 - side - 9.6);
    scenes::draw_code(&mut page, &code, x, y, 2.5, 20, 255);
    let png = dir.join(format!("page{w}.png"));
    page.save(&png).unwrap();
    png
}

/// `SECOND` at 2.5 pixels per module, on its own.
fn second_code(dir: &std::path::Path) -> std::path::PathBuf {
    let code = scenes::modules(SECOND);
    let side = scenes::drawn_width(&code, 2.5).ceil() as u32;
    let mut img = image::GrayImage::from_pixel(side, side, image::Luma([255]));
    scenes::draw_code(&mut img, &code, 0.0, 0.0, 2.5, 20, 255);
    let png = dir.join("second.png");
    img.save(&png).unwrap();
    png
}

#[test]
fn scan_screen_reads_small_codes_on_full_hd_and_4k_x_screens() {
    if !displays::tools(&["Xvfb", "display", "xdotool"], "X11 screens") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let second = second_code(dir.path());
    for (w, h) in [(1920, 1080), (3840, 2160)] {
        let x = displays::Xvfb::start(w, h);
        let _page = x.show(&page_with_small_code(dir.path(), w, h), 0, 0);
        let on_x = |c: &mut Command| {
            c.env("DISPLAY", &x.display).env_remove("WAYLAND_DISPLAY");
        };
        assert_eq!(scan_screen_until_found(on_x), [URI], "{w}×{h}");
        // A second code near the top left: both, in reading order.
        let _second = x.show(&second, 300, 200);
        let start = Instant::now();
        loop {
            let found = scan_screen_until_found(on_x);
            if found.len() == 2 || start.elapsed() > Duration::from_secs(60) {
                assert_eq!(found, [SECOND, URI], "{w}×{h}");
                break;
            }
        }
    }
}

#[test]
fn scan_screen_reads_a_small_code_on_a_wayland_compositor() {
    let mut needed = vec!["sway", "swaymsg", "swayimg"];
    if displays::is_root() {
        needed.extend(["runuser", "useradd"]);
    }
    if !displays::tools(&needed, "Wayland (headless sway)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sway = displays::Sway::start(&[displays::Output {
        width: 1920,
        height: 1080,
        scale: 1,
        x: 0,
        y: 0,
    }]);
    let _page = sway.show(
        &page_with_small_code(dir.path(), 1920, 1080),
        0,
        0,
        1920,
        1080,
    );
    assert_eq!(scan_screen_until_found(|c| sway.client_env(c)), [URI]);
    let _second = sway.show(&second_code(dir.path()), 300, 200, 200, 200);
    let start = Instant::now();
    loop {
        let found = scan_screen_until_found(|c| sway.client_env(c));
        if found.len() == 2 || start.elapsed() > Duration::from_secs(60) {
            assert_eq!(found, [SECOND, URI]);
            break;
        }
    }
}

#[test]
fn both_parts_of_a_google_export_in_one_picture_are_added_together() {
    if !support::keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The two parts side by side at 421×374, about 1.9 pixels per module.
    let pair = scenes::google_pair(421, 374, 5);
    let png = dir.path().join("pair.png");
    pair.image.save(&png).unwrap();
    let env = support::Env::new("scan-pair");
    let out = env.run(&["scan", "--add", "--image", png.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        added.lines().filter(|l| l.starts_with("added ")).count(),
        14,
        "{added}"
    );
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
