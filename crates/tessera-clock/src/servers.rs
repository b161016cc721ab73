//! Which NTP servers to ask: the ones the operating system's own time
//! service is configured with, so that a network that blocks the public
//! pool but runs its own server is checked against that server.
//!
//! - Linux and other Unix systems: systemd-timesyncd
//!   (`/etc/systemd/timesyncd.conf` and `timesyncd.conf.d/*.conf`, `NTP=`,
//!   else `FallbackNTP=`), chrony (`/etc/chrony/chrony.conf` or
//!   `/etc/chrony.conf`: `server`/`pool`/`peer` lines, also in the files its
//!   `confdir` and `sourcedir` directives name), ntpd and NTPsec
//!   (`/etc/ntp.conf`, `/etc/ntpsec/ntp.conf`: `server`/`pool`/`peer`).
//! - macOS: `/etc/ntp.conf` (`server time.apple.com.`).
//! - Windows: the Windows Time service's `NtpServer` value
//!   (`HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters`), read
//!   with the system's `reg.exe` — no registry crate for one value.
//!
//! Servers only the running service knows (from DHCP, from a desktop's
//! network settings, compiled-in defaults) are not found; then
//! [`FALLBACK_SERVER`] is asked. [`SERVERS_VARIABLE`], when set, names the
//! servers instead (an administrator's own server; the tests' one on
//! loopback). The parsers are pure functions of the files' text.

use std::path::Path;

/// Asked when the system names no server.
pub const FALLBACK_SERVER: &str = "pool.ntp.org";

/// At most this many configured servers are asked: the median of four is
/// as good as of ten, and each one is a packet on the network.
pub const MAX_SERVERS: usize = 4;

/// The environment variable that names the servers to ask
/// (`HOST[:PORT]`, separated by commas or spaces) in place of the system's.
pub const SERVERS_VARIABLE: &str = "TESSERA_TIME_SERVERS";

/// The servers [`SERVERS_VARIABLE`] names, else the ones the operating
/// system is configured to use (at most [`MAX_SERVERS`], duplicates
/// removed), else [`FALLBACK_SERVER`].
pub fn default_servers() -> Vec<String> {
    let named = std::env::var(SERVERS_VARIABLE).unwrap_or_default();
    let named = distinct(from_list(&named));
    if !named.is_empty() {
        return named;
    }
    let configured = distinct(os_servers());
    if configured.is_empty() {
        vec![FALLBACK_SERVER.to_owned()]
    } else {
        configured
    }
}

/// Servers in a list separated by commas or white space.
fn from_list(list: &str) -> Vec<String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn distinct(servers: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for server in servers {
        if !out.iter().any(|s| s.eq_ignore_ascii_case(&server)) {
            out.push(server);
        }
    }
    out.truncate(MAX_SERVERS);
    out
}

#[cfg(all(unix, not(target_os = "macos")))]
fn os_servers() -> Vec<String> {
    unix_servers(Path::new("/"))
}

#[cfg(target_os = "macos")]
fn os_servers() -> Vec<String> {
    read(Path::new("/etc/ntp.conf"))
        .map(|text| parse_ntpd(&text))
        .unwrap_or_default()
}

#[cfg(windows)]
fn os_servers() -> Vec<String> {
    use std::os::windows::process::CommandExt;
    // No console window flashes up when the app (a GUI process) asks.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    std::process::Command::new("reg")
        .args([
            "query",
            r"HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters",
            "/v",
            "NtpServer",
        ])
        .creation_flags(CREATE_NO_WINDOW)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| parse_reg_query(&String::from_utf8_lossy(&out.stdout)))
        .map(|value| parse_w32time(&value))
        .unwrap_or_default()
}

#[cfg(not(any(unix, windows)))]
fn os_servers() -> Vec<String> {
    Vec::new()
}

#[cfg_attr(windows, allow(dead_code))]
fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// The files in `dir` whose names end in `suffix`, sorted by name (the
/// order systemd and chrony read them in).
#[cfg_attr(any(windows, target_os = "macos"), allow(dead_code))]
fn files_in(dir: &Path, suffix: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with(suffix)))
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| read(p)).collect()
}

/// Every Unix time service's servers, with `/` at `root`.
#[cfg_attr(any(windows, target_os = "macos"), allow(dead_code))]
fn unix_servers(root: &Path) -> Vec<String> {
    let at = |path: &str| root.join(path.trim_start_matches('/'));
    let mut timesyncd: Vec<String> = read(&at("/etc/systemd/timesyncd.conf"))
        .into_iter()
        .collect();
    timesyncd.extend(files_in(&at("/etc/systemd/timesyncd.conf.d"), ".conf"));
    let mut servers = parse_timesyncd(&timesyncd);

    let chrony_main =
        read(&at("/etc/chrony/chrony.conf")).or_else(|| read(&at("/etc/chrony.conf")));
    if let Some(main) = chrony_main {
        let mut chrony = parse_chrony(&main);
        for dir in &chrony.conf_dirs {
            for text in files_in(&at(dir), ".conf") {
                chrony.servers.extend(parse_chrony(&text).servers);
            }
        }
        for dir in &chrony.source_dirs {
            for text in files_in(&at(dir), ".sources") {
                chrony.servers.extend(parse_chrony(&text).servers);
            }
        }
        servers.extend(chrony.servers);
    }

    for path in ["/etc/ntpsec/ntp.conf", "/etc/ntp.conf"] {
        if let Some(text) = read(&at(path)) {
            servers.extend(parse_ntpd(&text));
        }
    }
    servers
}

/// systemd-timesyncd's servers from its configuration files, in the order
/// it reads them: `NTP=` lists add up, an empty `NTP=` clears what came
/// before; `FallbackNTP=` (the same rules) counts only when `NTP=` names
/// none.
pub fn parse_timesyncd(files: &[String]) -> Vec<String> {
    let mut ntp: Vec<String> = Vec::new();
    let mut fallback: Vec<String> = Vec::new();
    for text in files {
        let mut in_time = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                in_time = line == "[Time]";
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let list = match key.trim() {
                "NTP" if in_time => &mut ntp,
                "FallbackNTP" if in_time => &mut fallback,
                _ => continue,
            };
            let names: Vec<String> = value.split_whitespace().map(str::to_owned).collect();
            if names.is_empty() {
                list.clear();
            } else {
                list.extend(names);
            }
        }
    }
    if ntp.is_empty() {
        fallback
    } else {
        ntp
    }
}

/// What a chrony configuration file says about time sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChronySources {
    /// `server`, `pool` and `peer` hosts (`HOST:PORT` with a `port` option).
    pub servers: Vec<String>,
    /// Directories of more `*.conf` files (`confdir`).
    pub conf_dirs: Vec<String>,
    /// Directories of `*.sources` files (`sourcedir`).
    pub source_dirs: Vec<String>,
}

fn is_comment(line: &str, marks: &[char]) -> bool {
    line.is_empty() || line.starts_with(marks)
}

/// `HOST:PORT`, bracketing an IPv6 address.
fn with_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The sources in a chrony configuration (chrony.conf(5)): `server`, `pool`
/// and `peer` lines, honouring a `port N` option; `confdir` and `sourcedir`
/// directories.
pub fn parse_chrony(text: &str) -> ChronySources {
    let mut sources = ChronySources::default();
    for line in text.lines().map(str::trim) {
        if is_comment(line, &['#', '%', '!', ';']) {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [directive, host, options @ ..]
                if ["server", "pool", "peer"]
                    .contains(&directive.to_ascii_lowercase().as_str()) =>
            {
                let port = options
                    .windows(2)
                    .find(|w| w.first().is_some_and(|o| o.eq_ignore_ascii_case("port")))
                    .and_then(|w| w.get(1))
                    .filter(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
                sources.servers.push(match port {
                    Some(port) => with_port(host, port),
                    None => (*host).to_owned(),
                });
            }
            [directive, dirs @ ..] if directive.eq_ignore_ascii_case("confdir") => {
                sources
                    .conf_dirs
                    .extend(dirs.iter().map(|d| (*d).to_owned()));
            }
            [directive, dirs @ ..] if directive.eq_ignore_ascii_case("sourcedir") => {
                sources
                    .source_dirs
                    .extend(dirs.iter().map(|d| (*d).to_owned()));
            }
            _ => {}
        }
    }
    sources
}

/// The servers in an ntpd or NTPsec `ntp.conf` (ntp.conf(5)): `server`,
/// `pool` and `peer` lines, leaving out reference clocks (`127.127.t.u`
/// pseudo-addresses, which are hardware, not servers).
pub fn parse_ntpd(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !is_comment(line, &['#']))
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let directive = words.next()?.to_ascii_lowercase();
            let host = words.next()?;
            let is_source = ["server", "pool", "peer"].contains(&directive.as_str());
            (is_source && !host.starts_with("127.127.")).then(|| host.to_owned())
        })
        .collect()
}

/// The hosts in the Windows Time service's `NtpServer` value: separated by
/// spaces, each with optional flags after a comma (`time.windows.com,0x9`).
pub fn parse_w32time(value: &str) -> Vec<String> {
    value
        .split_whitespace()
        .filter_map(|entry| entry.split(',').next())
        .filter(|host| !host.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `NtpServer` value in what `reg query … /v NtpServer` prints
/// (`    NtpServer    REG_SZ    time.windows.com,0x9`).
pub fn parse_reg_query(output: &str) -> Option<String> {
    output.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("NtpServer")?;
        let rest = rest.trim_start();
        let (kind, value) = rest.split_once(char::is_whitespace)?;
        kind.starts_with("REG_").then(|| value.trim().to_owned())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn texts(files: &[&str]) -> Vec<String> {
        files.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn timesyncd_lists_add_up_and_an_empty_one_resets() {
        let main =
            "[Time]\n#NTP=commented.example\nNTP=a.example b.example\nFallbackNTP=f.example\n";
        assert_eq!(parse_timesyncd(&texts(&[main])), ["a.example", "b.example"]);
        let dropin = "[Time]\nNTP=\nNTP=c.example\n";
        assert_eq!(parse_timesyncd(&texts(&[main, dropin])), ["c.example"]);
        let only_fallback = "[Time]\nFallbackNTP=0.debian.pool.ntp.org 1.debian.pool.ntp.org\n";
        assert_eq!(
            parse_timesyncd(&texts(&[only_fallback])),
            ["0.debian.pool.ntp.org", "1.debian.pool.ntp.org"]
        );
        // Debian's shipped file: everything commented out.
        let debian = "[Time]\n#NTP=\n#FallbackNTP=0.debian.pool.ntp.org\n#RootDistanceMaxSec=5\n";
        assert!(parse_timesyncd(&texts(&[debian])).is_empty());
        // Keys outside [Time] are not servers.
        let other = "[Other]\nNTP=wrong.example\n[Time]\nNTP = right.example\n";
        assert_eq!(parse_timesyncd(&texts(&[other])), ["right.example"]);
    }

    #[test]
    fn chrony_sources_with_ports_and_directories() {
        let conf = "\
# Debian's default, abridged
pool 2.debian.pool.ntp.org iburst
server ntp1.example.org iburst port 11123
! server commented.example
server 2001:db8::123 port 4123 prefer
peer peer.example
sourcedir /run/chrony-dhcp
sourcedir /etc/chrony/sources.d
confdir /etc/chrony/conf.d
makestep 1 3
";
        let sources = parse_chrony(conf);
        assert_eq!(
            sources.servers,
            [
                "2.debian.pool.ntp.org",
                "ntp1.example.org:11123",
                "[2001:db8::123]:4123",
                "peer.example"
            ]
        );
        assert_eq!(
            sources.source_dirs,
            ["/run/chrony-dhcp", "/etc/chrony/sources.d"]
        );
        assert_eq!(sources.conf_dirs, ["/etc/chrony/conf.d"]);
        assert!(parse_chrony("server\n").servers.is_empty());
    }

    #[test]
    fn ntpd_servers_without_reference_clocks() {
        let conf = "\
driftfile /var/lib/ntpsec/ntp.drift
pool 0.debian.pool.ntp.org iburst
server time.example.com iburst
#server old.example.com
server 127.127.1.0
fudge 127.127.1.0 stratum 10
restrict default kod nomodify
";
        assert_eq!(
            parse_ntpd(conf),
            ["0.debian.pool.ntp.org", "time.example.com"]
        );
        assert_eq!(parse_ntpd("server time.apple.com.\n"), ["time.apple.com."]);
    }

    #[test]
    fn windows_time_value_and_reg_output() {
        let out = "\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters\r\n    NtpServer    REG_SZ    time.windows.com,0x9 ntp.example.org,0x8\r\n\r\n";
        let value = parse_reg_query(out).unwrap();
        assert_eq!(value, "time.windows.com,0x9 ntp.example.org,0x8");
        assert_eq!(
            parse_w32time(&value),
            ["time.windows.com", "ntp.example.org"]
        );
        assert_eq!(parse_w32time("time.windows.com"), ["time.windows.com"]);
        assert!(parse_w32time(" ,0x9 ").is_empty());
        assert_eq!(
            parse_reg_query(
                "ERROR: The system was unable to find the specified registry key or value.\r\n"
            ),
            None
        );
    }

    fn write(root: &Path, path: &str, text: &str) {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    #[test]
    fn every_unix_time_service_is_read_under_a_root() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        assert!(unix_servers(r).is_empty(), "nothing configured");
        write(r, "etc/systemd/timesyncd.conf", "[Time]\nNTP=ts.example\n");
        write(
            r,
            "etc/systemd/timesyncd.conf.d/50-site.conf",
            "[Time]\nNTP=site.example\n",
        );
        write(
            r,
            "etc/systemd/timesyncd.conf.d/ignored.txt",
            "[Time]\nNTP=\n",
        );
        write(
            r,
            "etc/chrony/chrony.conf",
            "pool chrony.example iburst\nsourcedir /etc/chrony/sources.d\nconfdir /etc/chrony/conf.d\n",
        );
        write(
            r,
            "etc/chrony/sources.d/local.sources",
            "server dhcp.example iburst\n",
        );
        write(r, "etc/chrony/conf.d/extra.conf", "server extra.example\n");
        write(r, "etc/ntpsec/ntp.conf", "server ntpsec.example\n");
        write(
            r,
            "etc/ntp.conf",
            "server ntpd.example\nserver TS.example\n",
        );
        assert_eq!(
            unix_servers(r),
            [
                "ts.example",
                "site.example",
                "chrony.example",
                "extra.example",
                "dhcp.example",
                "ntpsec.example",
                "ntpd.example",
                "TS.example"
            ]
        );
        assert_eq!(
            distinct(unix_servers(r)),
            [
                "ts.example",
                "site.example",
                "chrony.example",
                "extra.example"
            ]
        );
    }

    #[test]
    fn chrony_conf_at_the_top_of_etc_too() {
        let root = tempfile::tempdir().unwrap();
        write(
            root.path(),
            "etc/chrony.conf",
            "server fedora.example iburst\n",
        );
        assert_eq!(unix_servers(root.path()), ["fedora.example"]);
    }

    #[test]
    fn some_server_is_always_named() {
        let servers = default_servers();
        assert!(!servers.is_empty() && servers.len() <= MAX_SERVERS);
        assert_eq!(distinct(Vec::new()), Vec::<String>::new());
    }

    #[test]
    fn a_named_list_splits_on_commas_and_spaces() {
        assert_eq!(
            distinct(from_list(
                " 127.0.0.1:1123, ntp.clinic.example  NTP.clinic.example,,"
            )),
            ["127.0.0.1:1123", "ntp.clinic.example"]
        );
        assert!(from_list(" , ").is_empty());
    }
}
