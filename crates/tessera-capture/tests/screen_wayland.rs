//! Scanning a Wayland screen for real: a headless sway (wlroots) with a
//! HiDPI output (3840×2160 at scale 2) and a second, ordinary one beside it,
//! a code shown by swayimg on each. Every output is captured through
//! wlr-screencopy at its physical resolution and both codes are found.
//! Runs when sway and swayimg are installed; required under
//! TESSERA_REAL_TOOLS=1. (GNOME's own screenshot portal needs gnome-shell
//! and is not exercised here.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/displays.rs"]
mod displays;
#[path = "../../tessera-core/tests/support/scenes.rs"]
mod scenes;

use std::time::{Duration, Instant};

const LEFT: &str =
    "otpauth://totp/HiDPI%20Screen:left?secret=JBSWY3DPEHPK3PXP&issuer=HiDPI%20Screen";
const RIGHT: &str =
    "otpauth://totp/Plain%20Screen:right?secret=GEZDGNBVGY3TQOJQ&issuer=Plain%20Screen";

fn code_png(dir: &std::path::Path, text: &str, module: f32) -> (std::path::PathBuf, u32) {
    let code = scenes::modules(text);
    let side = scenes::drawn_width(&code, module).ceil() as u32;
    let mut img = image::GrayImage::from_pixel(side, side, image::Luma([255]));
    scenes::draw_code(&mut img, &code, 0.0, 0.0, module, 20, 255);
    let png = dir.join(format!("{}.png", text.len()));
    img.save(&png).unwrap();
    (png, side)
}

#[test]
fn every_wayland_output_is_read_at_its_physical_resolution() {
    let mut needed = vec!["sway", "swaymsg", "swayimg"];
    if displays::is_root() {
        needed.extend(["runuser", "useradd"]);
    }
    if !displays::tools(&needed, "Wayland (headless sway)") {
        return;
    }
    let sway = displays::Sway::start(&[
        displays::Output {
            width: 3840,
            height: 2160,
            scale: 2,
            x: 0,
            y: 0,
        },
        displays::Output {
            width: 1920,
            height: 1080,
            scale: 1,
            x: 1920,
            y: 0,
        },
    ]);
    // One test in this binary, so setting the environment is safe.
    std::env::remove_var("DISPLAY");
    std::env::set_var("WAYLAND_DISPLAY", &sway.wayland_display);
    std::env::set_var("XDG_RUNTIME_DIR", &sway.runtime);

    let screens = tessera_capture::capture_screens().unwrap();
    let sizes: Vec<(u32, u32)> = screens
        .iter()
        .map(|s| (s.frame.width, s.frame.height))
        .collect();
    assert_eq!(sizes, [(3840, 2160), (1920, 1080)], "physical pixels");

    let dir = tempfile::tempdir().unwrap();
    let (left, left_side) = code_png(dir.path(), LEFT, 2.0);
    let (right, right_side) = code_png(dir.path(), RIGHT, 2.5);
    // Logical positions: the HiDPI output is 1920×1080 logical pixels.
    let _left = sway.show(&left, 1500, 800, left_side, left_side);
    let _right = sway.show(&right, 1920 + 1600, 820, right_side, right_side);
    let start = Instant::now();
    loop {
        let found = tessera_capture::scan_screens().unwrap();
        if found.len() == 2 || start.elapsed() > Duration::from_secs(60) {
            assert_eq!(found, [LEFT, RIGHT]);
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
