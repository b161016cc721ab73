//! Filesystem faults for real (catalogue: "Filesystem"): a full disk (a
//! small tmpfs), a read-only data directory (the tmpfs remounted read-only),
//! an index replaced by a symbolic link, and a zero-length index. Each time
//! a clear message, and no account lost.
//!
//! Mounting needs root (CI runs as root). Where mounting is not allowed (not
//! root, a container without the right) the two mount tests print SKIPPED
//! with mount's reason (shown by `cargo test -- --nocapture`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{keychain_available, Env};

const KEY: &str = "JBSWY3DPEHPK3PXP";

/// A tmpfs of `size` mounted on a fresh directory, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => {}
            // Not root, or a container without the right to mount: said,
            // and the mount tests do nothing (the others still run).
            Ok(out) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                return None;
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                return None;
            }
        }
        Some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, mode: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {mode}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// The CLI on a data dir inside `dir`, with this file's helpers.
struct Cli(Env);

impl std::ops::Deref for Cli {
    type Target = Env;
    fn deref(&self) -> &Env {
        &self.0
    }
}

impl Cli {
    fn new(dir: &Path, test: &str) -> Self {
        Self(Env::new_in(dir, test))
    }

    fn add(&self, issuer: &str) -> Output {
        self.run(&[
            "add",
            "--issuer",
            issuer,
            "--account",
            "desk",
            "--secret",
            KEY,
        ])
    }

    /// The issuers listed, in order.
    fn issuers(&self) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&self.ok(&["list", "--json"])).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["issuer"].as_str().unwrap().to_owned())
            .collect()
    }

    fn index(&self) -> PathBuf {
        self.data
            .path()
            .join("profiles")
            .join(&self.profile)
            .join("index.json")
    }

    /// Removes every account (their keychain items too).
    fn clean_up(&self) {
        for issuer in self.issuers() {
            self.ok(&["remove", &issuer, "--yes"]);
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Fills the file system under `dir` to the last byte.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    loop {
        if f.write_all(&block).is_err() {
            break;
        }
    }
    // Then the last few bytes.
    while f.write_all(&[0]).is_ok() {}
    let _ = f.sync_all();
    path
}

#[test]
fn full_disk_refuses_the_change_and_keeps_every_account() {
    if !keychain_available() {
        return;
    }
    let Some(fs) = Tmpfs::mount("512k") else {
        return;
    };
    let cli = Cli::new(fs.path(), "full");
    assert_eq!(
        cli.add("Kept").status.code(),
        Some(0),
        "{}",
        stderr(&cli.add("x"))
    );
    let before = std::fs::read(cli.index()).unwrap();
    let filler = fill(fs.path());

    let out = cli.add("Lost");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("could not be saved") && err.contains("No space left on device"),
        "{err}"
    );
    // The index is as it was, and still reads.
    assert_eq!(std::fs::read(cli.index()).unwrap(), before);
    assert_eq!(cli.issuers(), ["Kept"]);
    assert_eq!(cli.ok(&["code", "Kept"]).trim().len(), 6);
    // No half-written temporary file is left behind.
    let dir = cli.index().parent().unwrap().to_path_buf();
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");

    // With room again, the same change works.
    std::fs::remove_file(filler).unwrap();
    assert_eq!(cli.add("Later").status.code(), Some(0));
    assert_eq!(cli.issuers(), ["Kept", "Later"]);
    cli.clean_up();
}

#[test]
fn read_only_data_directory_is_a_clear_error_and_codes_still_show() {
    if !keychain_available() {
        return;
    }
    let Some(fs) = Tmpfs::mount("4m") else {
        return;
    };
    let cli = Cli::new(fs.path(), "ro");
    assert_eq!(cli.add("Kept").status.code(), Some(0));
    fs.remount("ro");

    let out = cli.add("Lost");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Read-only file system"), "{err}");
    // Reading still works: the list and the codes.
    assert_eq!(cli.issuers(), ["Kept"]);
    assert_eq!(cli.ok(&["code", "Kept"]).trim().len(), 6);

    fs.remount("rw");
    assert_eq!(cli.issuers(), ["Kept"]);
    cli.clean_up();
}

#[test]
fn an_index_replaced_by_a_symlink_is_refused_and_nothing_changes() {
    if !keychain_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let cli = Cli::new(data.path(), "symlink");
    assert_eq!(cli.add("Kept").status.code(), Some(0));
    let elsewhere = data.path().join("elsewhere.json");
    std::fs::rename(cli.index(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, cli.index()).unwrap();
    let target_before = std::fs::read(&elsewhere).unwrap();

    for args in [
        &["list", "--json"][..],
        &["add", "--issuer", "New", "--account", "x", "--secret", KEY],
    ] {
        let out = cli.run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("is a symbolic link"), "{args:?}: {err}");
    }
    // Neither the link nor what it points to was touched.
    assert!(std::fs::symlink_metadata(cli.index())
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&elsewhere).unwrap(), target_before);

    // Put back as the message says: everything is there.
    std::fs::remove_file(cli.index()).unwrap();
    std::fs::rename(&elsewhere, cli.index()).unwrap();
    assert_eq!(cli.issuers(), ["Kept"]);
    cli.clean_up();
}

#[test]
fn a_zero_length_index_is_restored_from_its_previous_copy() {
    if !keychain_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let cli = Cli::new(data.path(), "zero");
    assert_eq!(cli.add("First").status.code(), Some(0));
    assert_eq!(cli.add("Second").status.code(), Some(0));
    assert_eq!(cli.add("Third").status.code(), Some(0));
    std::fs::write(cli.index(), b"").unwrap();

    let out = cli.run(&["list", "--json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // Said, not silent: the damaged file and the copy it came back from.
    assert!(
        err.contains("empty") || err.contains("damaged") || err.contains("restored"),
        "{err}"
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issuers: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["issuer"].as_str().unwrap())
        .collect();
    // The previous copy was written before the last change: at most that one
    // change is undone, and its account is still in the keychain (doctor).
    assert!(issuers.starts_with(&["First", "Second"]), "{issuers:?}");
    assert!(std::fs::metadata(cli.index()).unwrap().len() > 0);
    cli.clean_up();
}
