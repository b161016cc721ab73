//! The shared practice vault through **two real Syncthing daemons** on
//! loopback (Debian's `syncthing`): each its own `--home`, listening on
//! 127.0.0.1 only, with global and local discovery, relays, NAT traversal,
//! crash and usage reporting off, the peer added with an explicit address,
//! everything driven by the REST API. Waits are on the REST API's folder
//! completion (and the two folders holding the same files), never on time.
//!
//! Desk A founds the practice, desk B joins and A approves it; A adds an
//! account → B shows the same code as `oathtool`. B goes offline (its
//! connection to A paused), A deletes the account while B renames it; B comes
//! back → both agree and the account stays deleted. A revokes B → B cannot
//! read what A adds afterwards.
//!
//! Skipped, with a notice, when syncthing, oathtool or a keychain is missing,
//! except under `TESSERA_REAL_TOOLS=1` (scripts/test.sh), where that fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{keychain_available, oathtool_totp, tool_available, Env};

/// A generous deadline for every condition waited on.
const DEADLINE: Duration = Duration::from_secs(120);
const FOLDER: &str = "tessera-practice";
const KEY: &str = "KRUGS4ZANFZSAYJAONUGC4TFMQQGWZLZ";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `cond` until it holds or the deadline passes (then panics with
/// `what`).
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

struct Daemon {
    name: &'static str,
    home: PathBuf,
    folder: PathBuf,
    gui: u16,
    listen: u16,
    api_key: String,
    id: String,
    child: Option<Child>,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // Syncthing serves from a child of the process started (its monitor):
        // the whole process group goes, or the server is left running.
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", c.id())])
                .stderr(Stdio::null())
                .status();
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Daemon {
    fn new(root: &Path, name: &'static str) -> Self {
        let home = root.join(format!("st-{name}"));
        let folder = root.join(format!("folder-{name}"));
        std::fs::create_dir_all(&folder).unwrap();
        let out = Command::new("syncthing")
            .args([
                "generate",
                "--no-default-folder",
                "--skip-port-probing",
                "--home",
            ])
            .arg(&home)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "syncthing generate: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = Command::new("syncthing")
            .args(["serve", "--device-id", "--home"])
            .arg(&home)
            .output()
            .unwrap();
        let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(id.len() > 50, "no device id: {id}");
        let mut d = Daemon {
            name,
            home,
            folder,
            gui: free_port(),
            listen: free_port(),
            api_key: format!("tessera-test-{name}-{}", std::process::id()),
            id,
            child: None,
        };
        d.loopback_only_config();
        d.start();
        d
    }

    /// Rewrites the generated config.xml before the first start, so the
    /// daemon never listens beyond loopback nor tries to reach the network
    /// (the REST API then sets the same again, see [`Daemon::configure`]).
    fn loopback_only_config(&self) {
        let path = self.home.join("config.xml");
        let mut xml = std::fs::read_to_string(&path).unwrap();
        for (tag, value) in [
            ("listenAddress", format!("tcp://127.0.0.1:{}", self.listen)),
            ("globalAnnounceEnabled", "false".into()),
            ("localAnnounceEnabled", "false".into()),
            ("relaysEnabled", "false".into()),
            ("natEnabled", "false".into()),
            ("urAccepted", "-1".into()),
            ("crashReportingEnabled", "false".into()),
            ("autoUpgradeIntervalH", "0".into()),
            ("startBrowser", "false".into()),
            ("reconnectionIntervalS", "2".into()),
        ] {
            let open = format!("<{tag}>");
            let close = format!("</{tag}>");
            let start = xml
                .find(&open)
                .unwrap_or_else(|| panic!("no <{tag}> in config.xml"));
            let end = start + xml[start..].find(&close).unwrap();
            xml.replace_range(start + open.len()..end, &value);
        }
        std::fs::write(&path, xml).unwrap();
    }

    fn start(&mut self) {
        let log = std::fs::File::create(self.home.join("syncthing.log")).unwrap();
        let child = Command::new("syncthing")
            .args([
                "serve",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--no-default-folder",
            ])
            .arg("--home")
            .arg(&self.home)
            .arg(format!("--gui-address=http://127.0.0.1:{}", self.gui))
            .arg(format!("--gui-apikey={}", self.api_key))
            .env("STNOUPGRADE", "1")
            .env("STNORESTART", "1")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        wait_until(&format!("syncthing {} to answer", self.name), || {
            self.try_rest("GET", "/rest/system/ping", None).is_some()
        });
    }

    fn try_rest(&self, method: &str, path: &str, body: Option<&Value>) -> Option<Value> {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--fail", "--max-time", "20", "-X", method])
            .arg("-H")
            .arg(format!("X-API-Key: {}", self.api_key))
            .arg(format!("http://127.0.0.1:{}{path}", self.gui));
        if let Some(b) = body {
            cmd.args(["-H", "Content-Type: application/json", "--data-binary"])
                .arg(b.to_string());
        }
        let out = cmd.output().ok()?;
        if !out.status.success() {
            return None;
        }
        if out.stdout.iter().all(|b| b.is_ascii_whitespace()) {
            return Some(Value::Null);
        }
        serde_json::from_slice(&out.stdout).ok()
    }

    fn rest(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.try_rest(method, path, body)
            .unwrap_or_else(|| panic!("syncthing {} {method} {path} failed", self.name))
    }

    /// Loopback only, nothing phoning out; restarts if Syncthing asks.
    fn configure(&mut self) {
        self.rest(
            "PATCH",
            "/rest/config/options",
            Some(&json!({
                "listenAddresses": [format!("tcp://127.0.0.1:{}", self.listen)],
                "globalAnnounceEnabled": false,
                "localAnnounceEnabled": false,
                "relaysEnabled": false,
                "natEnabled": false,
                "urAccepted": -1,
                "crashReportingEnabled": false,
                "autoUpgradeIntervalH": 0,
                "startBrowser": false,
                "reconnectionIntervalS": 2,
            })),
        );
        let restart = self.rest("GET", "/rest/config/restart-required", None);
        if restart["requiresRestart"] == true {
            self.rest("POST", "/rest/system/shutdown", None);
            if let Some(mut c) = self.child.take() {
                let _ = c.wait();
            }
            self.start();
        }
    }

    fn add_peer(&self, peer: &Daemon) {
        self.rest(
            "POST",
            "/rest/config/devices",
            Some(&json!({
                "deviceID": peer.id,
                "name": peer.name,
                "addresses": [format!("tcp://127.0.0.1:{}", peer.listen)],
            })),
        );
        self.rest(
            "POST",
            "/rest/config/folders",
            Some(&json!({
                "id": FOLDER,
                "label": "Practice",
                "path": self.folder.to_string_lossy(),
                "type": "sendreceive",
                "devices": [{"deviceID": self.id}, {"deviceID": peer.id}],
                "rescanIntervalS": 3600,
                "fsWatcherEnabled": false,
            })),
        );
    }

    fn scan(&self) {
        self.rest("POST", &format!("/rest/db/scan?folder={FOLDER}"), None);
    }

    /// The REST API's view: this daemon is idle with nothing needed, and
    /// it sees the peer 100 % complete.
    fn in_sync_with(&self, peer: &Daemon) -> bool {
        let Some(status) = self.try_rest("GET", &format!("/rest/db/status?folder={FOLDER}"), None)
        else {
            return false;
        };
        let Some(completion) = self.try_rest(
            "GET",
            &format!("/rest/db/completion?folder={FOLDER}&device={}", peer.id),
            None,
        ) else {
            return false;
        };
        status["state"] == "idle"
            && status["needTotalItems"] == 0
            && completion["completion"].as_f64() == Some(100.0)
            && completion["needItems"] == 0
    }

    fn connected_to(&self, peer: &Daemon) -> bool {
        self.try_rest("GET", "/rest/system/connections", None)
            .is_some_and(|c| c["connections"][&peer.id]["connected"] == true)
    }
}

/// The practice's files in a folder (Syncthing's own marker left out).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            if rel.starts_with(".st") {
                continue;
            }
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Both daemons rescan, then wait until both report the folder complete
/// and the two folders hold the same files.
fn synced(a: &Daemon, b: &Daemon) {
    a.scan();
    b.scan();
    wait_until("the folder to be in sync on both daemons", || {
        a.in_sync_with(b) && b.in_sync_with(a) && files(&a.folder) == files(&b.folder)
    });
}

fn list(env: &Env) -> Vec<Value> {
    serde_json::from_str::<Value>(&env.ok(&["list", "--json"]))
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn has(env: &Env, issuer: &str) -> bool {
    list(env).iter().any(|a| a["issuer"] == issuer)
}

#[test]
fn two_desks_share_through_real_syncthing() {
    if !tool_available("syncthing") || !tool_available("oathtool") || !keychain_available() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let mut a = Daemon::new(root.path(), "A");
    let mut b = Daemon::new(root.path(), "B");
    a.configure();
    b.configure();
    a.add_peer(&b);
    b.add_peer(&a);
    wait_until("the daemons to connect", || {
        a.connected_to(&b) && b.connected_to(&a)
    });

    let desk_a = Env::new("share-a");
    let desk_b = Env::new("share-b");
    let fa = a.folder.to_string_lossy().into_owned();
    let fb = b.folder.to_string_lossy().into_owned();

    // A founds the practice; B joins; A approves B's code.
    desk_a.ok(&[
        "share",
        "init",
        "--folder",
        &fa,
        "--practice",
        "Riverside Clinic",
    ]);
    synced(&a, &b);
    let joined = desk_b.ok(&["share", "join", "--folder", &fb]);
    let code = joined
        .lines()
        .find_map(|l| l.strip_prefix("join code: "))
        .expect("a join code")
        .trim()
        .to_owned();
    synced(&a, &b);
    desk_a.ok(&["share", "approve", &code]);
    synced(&a, &b);
    desk_b.ok(&["share", "sync"]);
    let status: Value = serde_json::from_str(&desk_b.ok(&["share", "status", "--json"])).unwrap();
    assert_eq!(status["practice"], "Riverside Clinic");
    assert_eq!(status["epoch"], 1);
    assert_eq!(status["desks"].as_array().unwrap().len(), 2);
    for field in ["id", "name", "role", "last_seen"] {
        assert!(status["desks"][0].get(field).is_some(), "desks[].{field}");
    }
    assert!(status["pending"].as_array().unwrap().is_empty());
    assert!(status["conflicts"].as_array().unwrap().is_empty());
    let b_id = status["this_desk"]["id"].as_str().unwrap().to_owned();

    // A adds an account → B shows oathtool's code.
    desk_a.ok(&[
        "add",
        "--issuer",
        "Booking",
        "--account",
        "admin",
        "--secret",
        KEY,
    ]);
    desk_a.ok(&["share", "sync"]);
    synced(&a, &b);
    desk_b.ok(&["share", "sync"]);
    assert!(has(&desk_b, "Booking"), "B did not receive the account");
    for at in [1_700_000_000u64, 1_800_000_030] {
        let ours = desk_b.ok(&["code", "booking", "--at", &at.to_string()]);
        assert_eq!(ours.trim(), oathtool_totp(KEY, at, 6), "at {at}");
    }
    desk_b.ok(&["share", "sync"]);
    synced(&a, &b);
    desk_a.ok(&["share", "sync"]);

    // B offline: A deletes, B renames; B back → deleted on both.
    b.rest("POST", &format!("/rest/system/pause?device={}", a.id), None);
    wait_until("B to be offline", || {
        !b.connected_to(&a) && !a.connected_to(&b)
    });
    desk_a.ok(&["remove", "booking", "--yes"]);
    desk_a.ok(&["share", "sync"]);
    desk_b.ok(&["rename", "booking", "--account", "renamed-while-offline"]);
    desk_b.ok(&["share", "sync"]);
    b.rest(
        "POST",
        &format!("/rest/system/resume?device={}", a.id),
        None,
    );
    wait_until("B to be back", || b.connected_to(&a) && a.connected_to(&b));
    for _ in 0..2 {
        synced(&a, &b);
        desk_b.ok(&["share", "sync"]);
        desk_a.ok(&["share", "sync"]);
    }
    synced(&a, &b);
    assert!(
        !has(&desk_a, "Booking"),
        "the deleted account came back on A"
    );
    assert!(!has(&desk_b, "Booking"), "B kept the deleted account");
    assert_eq!(list(&desk_a), list(&desk_b));

    // A revokes B → B cannot read anything added after.
    desk_a.ok(&["share", "revoke", &b_id, "--yes"]);
    desk_a.ok(&[
        "add",
        "--issuer",
        "Insurer",
        "--account",
        "portal",
        "--secret",
        KEY,
    ]);
    desk_a.ok(&["share", "sync"]);
    synced(&a, &b);
    let report = desk_b.ok(&["share", "sync"]);
    assert!(report.starts_with("revoked"), "{report}");
    assert!(has(&desk_a, "Insurer"));
    assert!(
        !has(&desk_b, "Insurer"),
        "a revoked desk read a later record"
    );
    let status: Value = serde_json::from_str(&desk_a.ok(&["share", "status", "--json"])).unwrap();
    assert_eq!(status["epoch"], 2);

    // No key in plaintext in either folder.
    for daemon in [&a, &b] {
        for (rel, bytes) in files(&daemon.folder) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(KEY), "{rel} holds the key");
            assert!(!text.contains(&KEY.to_lowercase()), "{rel} holds the key");
        }
    }
}
