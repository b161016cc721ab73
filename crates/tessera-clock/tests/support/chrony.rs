//! A real NTP server for tests: Debian's `chronyd`, started by the test on a
//! free loopback port with its own configuration, pid and drift files in a
//! temporary directory. It never touches the system clock (`-x`), opens no
//! command socket (`cmdport 0`, `bindcmdaddress /`) and serves its own
//! clock at stratum 8 (`local stratum 8`). Stopped when dropped.
//!
//! Shared by the clock crate's and the CLI's tests (`#[path]`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::UdpSocket;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Longest chronyd may take to answer its first query: a hang guard only,
/// the wait ends as soon as it answers.
const START_DEADLINE: Duration = Duration::from_secs(60);

/// A running chronyd.
pub struct Chronyd {
    child: Child,
    /// Its UDP port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
}

/// Where chronyd may be: `TESSERA_CHRONYD`, `PATH`, the sbin directories
/// (not on an ordinary user's `PATH` on Debian), and the copy that
/// `scripts/setup.sh` unpacks into the cache where the package would
/// replace the system's time service.
fn find_chronyd() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("TESSERA_CHRONYD") {
        candidates.push(p.into());
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("chronyd")));
    }
    candidates.push("/usr/sbin/chronyd".into());
    candidates.push("/usr/local/sbin/chronyd".into());
    let cache = std::env::var_os("TESSERA_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/tessera")));
    if let Some(cache) = cache {
        candidates.push(cache.join("chrony/usr/sbin/chronyd"));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// chronyd, or `None` (with a printed notice) when it is not installed.
/// Missing under `TESSERA_REAL_TOOLS=1` (the test script and CI) is a
/// broken set-up: the test fails.
pub fn chronyd() -> Option<PathBuf> {
    let found = find_chronyd();
    if found.is_none() {
        assert_ne!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref(),
            Ok("1"),
            "chronyd is not installed (scripts/setup.sh --tests installs it)"
        );
        println!("SKIPPED: chronyd is not installed (Debian package chrony)");
    }
    found
}

/// Whether `tool` is on `PATH`; as for [`chronyd`] otherwise.
pub fn tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert_ne!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref(),
            Ok("1"),
            "{tool} is not installed"
        );
        println!("SKIPPED: {tool} is not installed");
    }
    found
}

/// A loopback UDP port nobody uses at this moment.
pub fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether an NTP server answers a client packet on `port` within `wait`.
fn answers(port: u16, wait: Duration) -> bool {
    let Ok(socket) = UdpSocket::bind("127.0.0.1:0") else {
        return false;
    };
    let mut request = [0u8; 48];
    request[0] = 0x23; // LI 0, version 4, mode 3 (client)
    request[40] = 0xE0; // a non-zero transmit timestamp
    let mut reply = [0u8; 48];
    socket.set_read_timeout(Some(wait)).is_ok()
        && socket.connect(("127.0.0.1", port)).is_ok()
        && socket.send(&request).is_ok()
        && socket
            .recv(&mut reply)
            .is_ok_and(|n| n == 48 && reply[0] & 0x07 == 4)
}

fn user_name() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

impl Chronyd {
    /// Starts chronyd (`None` when it is not installed; see [`chronyd`]) and
    /// waits until it answers.
    pub fn start() -> Option<Self> {
        let binary = chronyd()?;
        // A port taken between our look and chronyd's bind: try another.
        for _ in 0..5 {
            if let Some(server) = Self::try_start(&binary) {
                return Some(server);
            }
        }
        panic!("chronyd did not start on any of 5 ports");
    }

    fn try_start(binary: &PathBuf) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let d = dir.path().display();
        let conf = format!(
            "port {port}\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\n\
             cmdport 0\nbindcmdaddress /\npidfile {d}/chronyd.pid\ndriftfile {d}/drift\n\
             user {}\n",
            user_name()
        );
        let conf_path = dir.path().join("chrony.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let log = std::fs::File::create(dir.path().join("chronyd.log")).unwrap();
        let child = Command::new(binary)
            .args(["-x", "-d", "-f"])
            .arg(&conf_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut server = Self { child, port, dir };
        let start = Instant::now();
        loop {
            if answers(port, Duration::from_millis(250)) {
                return Some(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = server.log();
                if log.contains("Could not bind") || log.contains("in use") {
                    return None;
                }
                panic!("chronyd exited ({status}): {log}");
            }
            assert!(
                start.elapsed() < START_DEADLINE,
                "chronyd did not answer within {START_DEADLINE:?}: {}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `127.0.0.1:PORT`.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// What chronyd logged.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chronyd.log")).unwrap_or_default()
    }
}

impl Drop for Chronyd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
