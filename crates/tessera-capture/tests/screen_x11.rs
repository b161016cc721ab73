//! Scanning the real screen: a QR code shown in a real X window (ImageMagick's
//! `display`) on Xvfb, full size and small in a corner, is found on the
//! captured monitor. Runs when an X display is named (`TESSERA_TEST_DISPLAY`,
//! else `DISPLAY`) and `display` is installed; required under TESSERA_REAL_TOOLS=1.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::process::{Child, Command};
use std::time::{Duration, Instant};

const URI: &str = "otpauth://totp/Screen%20Test:desk?secret=JBSWY3DPEHPK3PXP&issuer=Screen%20Test";

fn available() -> bool {
    // One test in this binary, so setting DISPLAY for xcap is safe.
    if let Some(display) = std::env::var_os("TESSERA_TEST_DISPLAY") {
        std::env::set_var("DISPLAY", display);
    }
    let ready = std::env::var_os("DISPLAY").is_some()
        && Command::new("display").arg("-version").output().is_ok();
    if !ready && std::env::var_os("TESSERA_REAL_TOOLS").is_some() {
        panic!("TESSERA_REAL_TOOLS is set but there is no DISPLAY or no ImageMagick display");
    }
    if !ready {
        eprintln!("skipped: needs DISPLAY and ImageMagick's display");
    }
    ready
}

struct Shown(Child);
impl Drop for Shown {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn show(png: &std::path::Path, geometry: &str) -> Shown {
    Shown(
        Command::new("display")
            .args(["-geometry", geometry])
            .arg(png)
            .spawn()
            .unwrap(),
    )
}

fn found_within(limit: Duration) -> Vec<String> {
    let start = Instant::now();
    loop {
        let found = tessera_capture::scan_screens().unwrap();
        if !found.is_empty() || start.elapsed() > limit {
            return found;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn codes_on_screen_are_found_large_and_small() {
    if !available() {
        return;
    }
    let screens = tessera_capture::capture_screens().unwrap();
    assert!(!screens.is_empty());
    assert!(screens[0].frame.width >= 640);

    let dir = std::env::temp_dir().join(format!("tessera-screen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let code = qrcode::QrCode::new(URI.as_bytes()).unwrap();
    for (name, module, geometry) in [("large.png", 12, "+100+50"), ("small.png", 3, "+1100+650")] {
        let png = dir.join(name);
        code.render::<image::Luma<u8>>()
            .module_dimensions(module, module)
            .build()
            .save(&png)
            .unwrap();
        let shown = show(&png, geometry);
        assert_eq!(
            found_within(Duration::from_secs(60)),
            vec![URI.to_owned()],
            "{name}"
        );
        drop(shown);
        // Gone from the screen, nothing is found.
        let start = Instant::now();
        while !tessera_capture::scan_screens().unwrap().is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{name} still found after closing"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
