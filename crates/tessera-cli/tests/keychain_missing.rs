//! A session whose Secret Service has no default keyring at all (a new user,
//! an auto-login kiosk): `tessera add` must say so and give the fix, not call
//! it "locked" or pass on the library's "result not returned from SS API".
//! Runs a private D-Bus session bus of its own and a gnome-keyring on it with
//! empty data directories, so it has no keyring yet.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Bus {
    daemon: Child,
    keyring: Option<Child>,
    address: String,
}

impl Drop for Bus {
    fn drop(&mut self) {
        for child in self.keyring.iter_mut().chain(Some(&mut self.daemon)) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Whether `name` has an owner on the bus.
fn has_owner(address: &str, name: &str) -> bool {
    Command::new("dbus-send")
        .args([
            &format!("--bus={address}"),
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
}

fn private_bus(home: &std::path::Path) -> Option<Bus> {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .envs(env_for(home))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut line = String::new();
    BufReader::new(daemon.stdout.take()?)
        .read_line(&mut line)
        .ok()?;
    let mut bus = Bus {
        daemon,
        keyring: None,
        address: line.trim().to_owned(),
    };
    bus.keyring = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--components=secrets"])
        .envs(env_for(home))
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok();
    // Wait for the keyring to take its name (however long this machine takes).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !has_owner(&bus.address, "org.freedesktop.secrets") {
        assert!(
            std::time::Instant::now() < deadline,
            "gnome-keyring did not appear on the private bus"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Some(bus)
}

fn env_for(home: &std::path::Path) -> Vec<(String, String)> {
    let sub = |name: &str| {
        let dir = home.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir.to_string_lossy().into_owned()
    };
    let runtime = sub("run");
    std::fs::set_permissions(
        &runtime,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    vec![
        ("HOME".into(), home.to_string_lossy().into_owned()),
        ("XDG_DATA_HOME".into(), sub("data")),
        ("XDG_CONFIG_HOME".into(), sub("config")),
        ("XDG_CACHE_HOME".into(), sub("cache")),
        ("XDG_RUNTIME_DIR".into(), runtime),
    ]
}

#[test]
fn no_default_keyring_is_named_with_its_fix() {
    let present = Command::new("sh")
        .args([
            "-c",
            "command -v dbus-daemon && command -v dbus-send && command -v gnome-keyring-daemon",
        ])
        .output()
        .unwrap()
        .status
        .success();
    if !present {
        assert_ne!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref(),
            Ok("1"),
            "dbus-daemon or gnome-keyring-daemon missing"
        );
        eprintln!("skipped: no dbus-daemon/gnome-keyring-daemon here");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let bus = private_bus(home.path()).expect("dbus-daemon did not start");
    let data = home.path().join("tessera");
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args([
            "add",
            "--uri",
            "otpauth://totp/Clinic:desk?secret=JBSWY3DPEHPK3PXP&issuer=Clinic",
        ])
        .envs(env_for(home.path()))
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("TESSERA_DATA_DIR", &data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no default keyring yet"), "{stderr}");
    assert!(stderr.contains("secret-tool store"), "{stderr}");
    assert!(
        !stderr.contains("SS API") && !stderr.contains("is locked"),
        "{stderr}"
    );
    // Nothing was added.
    let list = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["list", "--json"])
        .envs(env_for(home.path()))
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("TESSERA_DATA_DIR", &data)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(!listed.contains("Clinic"), "{listed}");
}
