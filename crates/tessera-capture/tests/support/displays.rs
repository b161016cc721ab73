//! Real displays for screen tests: a private Xvfb of any size, and a
//! headless sway (wlroots) compositor with one or more outputs, each with a
//! picture shown by a real image viewer (ImageMagick's `display` on X11,
//! `swayimg` on Wayland). Every wait is on a condition (the server's
//! display number, the socket, the mapped window), never a fixed time.
//!
//! sway refuses to run as root, so as root (CI) it runs as the system user
//! `tessera-wl`, created here when missing; its files live under /tmp (a
//! directory that user can reach). Shared by tessera-capture's and
//! tessera-cli's tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Longest any of these waits (a broken set-up fails instead of hanging).
const WAIT: Duration = Duration::from_secs(30);

/// Whether every tool is installed. When one is missing the test is
/// skipped with a notice, unless TESSERA_REAL_TOOLS=1 (the test script and
/// CI), where a missing tool is a broken set-up.
pub fn tools(names: &[&str], test: &str) -> bool {
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|t| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert_ne!(
        std::env::var("TESSERA_REAL_TOOLS").as_deref(),
        Ok("1"),
        "{test} needs {missing:?} (scripts/setup.sh --tests installs them)"
    );
    println!("SKIPPED {test}: {missing:?} not installed");
    false
}

/// A child process killed (and reaped) when dropped, with its process group
/// when it leads one (`as_sway_user`'s: runuser does not pass a kill on to
/// the program it runs, which would be left behind).
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private X server.
pub struct Xvfb {
    pub display: String,
    _server: Killed,
}

impl Xvfb {
    /// Starts `Xvfb -screen 0 {w}x{h}x24` and waits until it accepts
    /// clients.
    pub fn start(w: u32, h: u32) -> Self {
        let (mut reader, writer) = std::io::pipe().unwrap();
        // -displayfd writes the display number to fd 3... so the pipe is
        // handed over as the child's stdout and Xvfb told to write there.
        let server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-noreset",
                "-screen",
                "0",
            ])
            .arg(format!("{w}x{h}x24"))
            .stdout(writer)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Killed(server);
        let mut number = String::new();
        let mut byte = [0u8; 1];
        loop {
            use std::io::Read;
            match reader.read(&mut byte) {
                Ok(1) if byte[0] != b'\n' => number.push(char::from(byte[0])),
                _ => break,
            }
        }
        assert!(!number.is_empty(), "Xvfb did not start");
        Self {
            display: format!(":{}", number.trim()),
            _server: server,
        }
    }

    /// Shows `png` at `+x+y` in an ImageMagick window and waits until the
    /// window is mapped.
    pub fn show(&self, png: &Path, x: u32, y: u32) -> Killed {
        let title = format!(
            "tessera-test-{}",
            png.file_stem().unwrap().to_string_lossy()
        );
        let viewer = Command::new("display")
            .env("DISPLAY", &self.display)
            .args(["-title", &title, "-geometry", &format!("+{x}+{y}")])
            .arg(png)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let viewer = Killed(viewer);
        let mapped = Command::new("timeout")
            .arg(WAIT.as_secs().to_string())
            .args([
                "xdotool",
                "search",
                "--sync",
                "--onlyvisible",
                "--name",
                &title,
            ])
            .env("DISPLAY", &self.display)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(
            mapped.success(),
            "the viewer window for {title} never showed"
        );
        viewer
    }
}

/// The user sway runs as when the tests run as root.
const SWAY_USER: &str = "tessera-wl";

/// Whether the tests run as root (as in CI).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Creates the unprivileged user sway runs as (idempotent, and safe when
/// two tests race to do it).
fn ensure_sway_user() {
    let exists = || {
        Command::new("id")
            .arg("-u")
            .arg(SWAY_USER)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !exists() {
        let _ = Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SWAY_USER,
            ])
            .status();
    }
    assert!(exists(), "could not create the user {SWAY_USER} for sway");
}

/// One output of a headless compositor: its mode in physical pixels, its
/// scale, and its place in the layout (logical pixels).
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub width: u32,
    pub height: u32,
    pub scale: u32,
    pub x: u32,
    pub y: u32,
}

/// A headless sway, with its Wayland and IPC sockets.
pub struct Sway {
    /// Holds the runtime directory and the pictures shown.
    pub dir: PathBuf,
    pub runtime: PathBuf,
    pub wayland_display: String,
    swaysock: PathBuf,
    server: Option<Killed>,
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

impl Sway {
    /// Starts sway with these outputs (named HEADLESS-1, HEADLESS-2, …) and
    /// waits for its sockets.
    pub fn start(outputs: &[Output]) -> Self {
        let root = is_root();
        if root {
            ensure_sway_user();
        }
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = PathBuf::from(format!("/tmp/tessera-sway-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        chmod(&dir, "755");
        let runtime = dir.join("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        chmod(&runtime, "700");
        if root {
            let owned = Command::new("chown")
                .arg(format!("{SWAY_USER}:"))
                .arg(&runtime)
                .status()
                .unwrap();
            assert!(owned.success());
        }
        let mut config = String::from("default_border none\ndefault_floating_border none\n");
        for (i, o) in outputs.iter().enumerate() {
            config.push_str(&format!(
                "output HEADLESS-{} mode {}x{} position {} {} scale {}\n",
                i + 1,
                o.width,
                o.height,
                o.x,
                o.y,
                o.scale
            ));
        }
        let config_path = dir.join("sway.config");
        std::fs::write(&config_path, config).unwrap();
        chmod(&config_path, "644");
        let mut command = as_sway_user(root, &runtime);
        command
            .arg("WLR_BACKENDS=headless")
            .arg("WLR_RENDERER=pixman")
            .arg("WLR_LIBINPUT_NO_DEVICES=1")
            .arg(format!("WLR_HEADLESS_OUTPUTS={}", outputs.len()))
            .arg("sway")
            .arg("-c")
            .arg(&config_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let server = Killed(command.spawn().unwrap());
        let started = Instant::now();
        let (wayland_display, swaysock) = loop {
            let names: Vec<String> = std::fs::read_dir(&runtime)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let wayland = names
                .iter()
                .find(|n| n.starts_with("wayland-") && !n.ends_with(".lock"));
            let ipc = names.iter().find(|n| n.starts_with("sway-ipc."));
            if let (Some(w), Some(i)) = (wayland, ipc) {
                break (w.clone(), runtime.join(i));
            }
            assert!(started.elapsed() < WAIT, "sway did not start");
            std::thread::sleep(Duration::from_millis(20));
        };
        let sway = Self {
            dir,
            runtime,
            wayland_display,
            swaysock,
            server: Some(server),
        };
        // Ready when it lists every output.
        let started = Instant::now();
        while sway
            .msg(&["-t", "get_outputs"])
            .matches("\"HEADLESS-")
            .count()
            < outputs.len()
        {
            assert!(started.elapsed() < WAIT, "sway never listed its outputs");
            std::thread::sleep(Duration::from_millis(20));
        }
        sway
    }

    /// What `swaymsg ARGS` prints.
    pub fn msg(&self, args: &[&str]) -> String {
        let out = Command::new("swaymsg")
            .env("SWAYSOCK", &self.swaysock)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The environment a Wayland client of this compositor needs.
    pub fn client_env(&self, command: &mut Command) {
        command
            .env_remove("DISPLAY")
            .env("WAYLAND_DISPLAY", &self.wayland_display)
            .env("XDG_RUNTIME_DIR", &self.runtime);
    }

    /// Shows `png` (copied where the compositor's user can read it) at its
    /// real size in a floating swayimg window at logical (x, y), and waits
    /// until the compositor has mapped it.
    pub fn show(&self, png: &Path, x: u32, y: u32, w: u32, h: u32) -> Killed {
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let shown = self.dir.join(format!("shown-{n}.png"));
        std::fs::copy(png, &shown).unwrap();
        chmod(&shown, "644");
        let app_id = format!("tessera-test-{n}");
        let mut command = as_sway_user(is_root(), &self.runtime);
        command
            .arg(format!("WAYLAND_DISPLAY={}", self.wayland_display))
            .arg(format!("SWAYSOCK={}", self.swaysock.display()))
            .args([
                "swayimg",
                "--scale=real",
                "--background=ffffff",
                "--window=ffffff",
            ])
            .arg(format!("--geometry={x},{y},{w},{h}"))
            .arg(format!("--class={app_id}"))
            .arg(&shown)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let viewer = Killed(command.spawn().unwrap());
        let started = Instant::now();
        while !self
            .msg(&["-t", "get_tree"])
            .contains(&format!("\"app_id\": \"{app_id}\""))
        {
            assert!(started.elapsed() < WAIT, "swayimg's window never showed");
            std::thread::sleep(Duration::from_millis(20));
        }
        viewer
    }
}

impl Drop for Sway {
    fn drop(&mut self) {
        // Asked to quit, sway ends and runuser with it; killed otherwise.
        let _ = self.msg(&["exit"]);
        if let Some(mut server) = self.server.take() {
            let started = Instant::now();
            while server.0.try_wait().ok().flatten().is_none() && started.elapsed() < WAIT {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A command that runs as the compositor's user (through runuser when
/// root), with only the environment it needs; the program and its
/// arguments follow.
fn as_sway_user(root: bool, runtime: &Path) -> Command {
    use std::os::unix::process::CommandExt as _;
    let mut command = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", SWAY_USER, "--", "/usr/bin/env"]);
        c
    } else {
        Command::new("/usr/bin/env")
    };
    // A process group of its own, which `Killed` ends whole.
    command.process_group(0);
    // Only the environment given here; PATH also for finding runuser
    // (in /usr/sbin) itself.
    command
        .env_clear()
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .arg("PATH=/usr/local/bin:/usr/bin:/bin");
    command.arg(format!("HOME={}", runtime.display()));
    command.arg(format!("XDG_RUNTIME_DIR={}", runtime.display()));
    command
}

fn chmod(path: &Path, mode: &str) {
    let ok = Command::new("chmod").arg(mode).arg(path).status().unwrap();
    assert!(ok.success());
}

/// Writes a picture as PNG.
pub fn save(image: &image::GrayImage, path: &Path) {
    image.save(path).unwrap();
}
