//! The bad-input catalogue (tests/BAD-INPUTS.md, a copy of the
//! project's shared list) as table tests. Every row is run through the CLI
//! (`tessera inspect -`, `tessera check-key -`, `tessera import --dry-run`,
//! `tessera scan`) and, for what the webview sends, through the service layer
//! the app's commands call (`inspect_link`, `preview_key`,
//! `preview_backup_codes`, `identify`, `decode_image`). Each row names the
//! typed error's message it must give, or the forgiving result.
//!
//! None of these needs the keychain: links, keys and files are checked, never
//! stored. The filesystem faults (full disk, read-only data directory, an
//! index that is a symbolic link or empty) are in tests/fs_faults.rs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::fmt::Write as _;
use support::{output_with_stdin, Env};
use tessera_service::{Backend, Service};

const K: &str = "JBSWY3DPEHPK3PXP";

/// What a row must give.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// Accepted: the first (or only) account's issuer and name.
    Ok(&'static str, &'static str),
    /// Refused with a message containing this text.
    Err(&'static str),
}
use Want::{Err as E, Ok as A};

fn service() -> (tempfile::TempDir, Service) {
    let dir = tempfile::tempdir().unwrap();
    let mut backend = Backend::system_without_clipboard().unwrap();
    backend.data_dir = dir.path().to_path_buf();
    let service = Service::new(
        backend,
        tessera_core::vault::ProfileName::default_profile(),
        true,
    );
    (dir, service)
}

fn uri(rest: &str) -> String {
    format!("otpauth://totp/{rest}")
}

/// The otpauth URI rows (catalogue: "otpauth URI").
fn uri_rows() -> Vec<(String, Want)> {
    let s = |t: &str| t.to_owned();
    // Far past the link limit (4 KiB) but under what `tessera inspect -`
    // reads from standard input (64 KiB), so both layers judge the link.
    let big_secret = format!("otpauth://totp/X:y?secret={}", "A".repeat(60_000));
    let big_label = format!("otpauth://totp/{}?secret={K}", "L".repeat(10 * 1024));
    vec![
        // Whitespace and scheme
        (
            format!(" {}", uri(&format!("Ex:a?secret={K}"))),
            A("Ex", "a"),
        ),
        (
            format!("{}\n", uri(&format!("Ex:a?secret={K}"))),
            A("Ex", "a"),
        ),
        (
            format!("{}\r\n", uri(&format!("Ex:a?secret={K}"))),
            A("Ex", "a"),
        ),
        (format!("OTPAUTH://TOTP/Ex:a?secret={K}"), A("Ex", "a")),
        (format!("otpauth:totp?secret={K}"), E("")),
        (s("otpauth:/totp"), E("")),
        (s("otpauth:foo"), E("")),
        (format!("http://totp/Ex:a?secret={K}"), E("otpauth://")),
        (
            format!("otpauth://motp/Ex:a?secret={K}"),
            E("unknown OTP type 'motp'"),
        ),
        (
            format!("otpauth://steam/Steam:a?secret={K}"),
            A("Steam", "a"),
        ),
        // Secret
        (uri("Ex:a"), E("the link has no secret parameter")),
        (uri("Ex:a?secret="), E("the link has no secret parameter")),
        (uri("Ex:a?secret===="), E("")),
        (
            uri(&format!("Ex:a?secret={K}&secret={K}")),
            E("appears more than once"),
        ),
        (uri("Ex:a?secret=jbswy3dpehpk3pxp"), A("Ex", "a")),
        (uri("Ex:a?secret=GEZDGNBVGY3TQOJQ===="), A("Ex", "a")),
        (uri("Ex:a?secret=JBSW%20Y3DP%20EHPK%203PXP"), A("Ex", "a")),
        (uri("Ex:a?secret=JBSW-Y3DP-EHPK-3PXP"), A("Ex", "a")),
        (
            uri("Ex:a?secret=JBSW%09Y3DP%C2%A0EHPK%E2%80%8B3PXP"),
            A("Ex", "a"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PX0"),
            E("did you mean the letter 'O'?"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PX1"),
            E("not allowed in a key"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PX8"),
            E("not allowed in a key"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PX9"),
            E("not allowed in a key"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DP=EHPK3PXP"),
            E("the secret is not valid"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PXPA"),
            E("the secret is not valid"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PXPAAA"),
            E("the secret is not valid"),
        ),
        (
            uri("Ex:a?secret=JBSWY3DPEHPK3PXPAAAAAA"),
            E("the secret is not valid"),
        ),
        (uri("Ex:a?secret=JBSWY3DPEHPK3PXP"), A("Ex", "a")),
        (uri("Ex:a?secret=JBSWY3DPEHPK3PXQ"), A("Ex", "a")),
        (uri("Ex:a?secret=JBSWY3DPEHPK3"), E("the key is too short")),
        (uri("Ex:a?secret=AA"), E("the key is too short")),
        (big_secret, E("the setup link is too long")),
        // Label and issuer
        (
            uri(&format!("GitHub:test?secret={K}&issuer=Gitlab")),
            E("does not match the label's issuer"),
        ),
        (
            uri(&format!("GitHub:test:?secret={K}")),
            E("has more than two parts"),
        ),
        (
            uri(&format!("Github%3Aconstantoine?secret={K}")),
            A("Github", "constantoine"),
        ),
        (
            uri(&format!(
                "Big%20Corporation%3A%20alice%40bigco.com?secret={K}"
            )),
            A("Big Corporation", "alice@bigco.com"),
        ),
        (
            uri(&format!("a?secret={K}&issuer=Test+Issuer")),
            A("Test Issuer", "a"),
        ),
        (
            uri(&format!("a?secret={K}&issuer=Test%20Issuer")),
            A("Test Issuer", "a"),
        ),
        (
            uri(&format!("Big Corp:a b?secret={K}")),
            A("Big Corp", "a b"),
        ),
        (
            uri(&format!("NotABug.org%3A+Free+code+hosting?secret={K}")),
            // `+` is a plus sign in a URI's path (RFC 3986), as in an email
            // address's tag: only the space after the colon goes.
            A("NotABug.org", "+Free+code+hosting"),
        ),
        (
            uri(&format!("Slack (ws):a@b.c?secret={K}")),
            A("Slack (ws)", "a@b.c"),
        ),
        (
            uri(&format!("Ex:user%252Fadmin?secret={K}")),
            A("Ex", "user%2Fadmin"),
        ),
        (uri(&format!("?secret={K}")), A("", "")),
        (big_label, E("the setup link is too long")),
        // A direction override is dropped: the name reads as it is.
        (
            uri(&format!("Ex:%E2%80%AEalice?secret={K}")),
            A("Ex", "alice"),
        ),
        (uri(&format!("Ex:%F0%9F%94%91?secret={K}")), A("Ex", "🔑")),
        (
            uri(&format!("Ex:a%00b?secret={K}")),
            E("control character (U+0000)"),
        ),
        (
            uri(&format!("Ex:a%07b?secret={K}")),
            E("control character (U+0007)"),
        ),
        (
            uri(&format!("a?secret={K}&issuer=E%1Bx")),
            E("the issuer contains a control character (U+001B)"),
        ),
        (
            uri(&format!(
                "Ex:%3Cimg%20src=x%20onerror=alert(1)%3E?secret={K}"
            )),
            A("Ex", "<img src=x onerror=alert(1)>"),
        ),
        (
            uri(&format!("Ex:%22%3E%3Cscript%3E?secret={K}")),
            A("Ex", "\"><script>"),
        ),
        // Parameters
        (
            uri(&format!("Ex:a?secret={K}&algorithm=sha1")),
            A("Ex", "a"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&algorithm=SHA-256")),
            A("Ex", "a"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&algorithm=MD5")),
            E("unsupported algorithm 'MD5'"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&algorithm=SHA3-256")),
            E("unsupported algorithm"),
        ),
        // An empty parameter is an absent one: the default, SHA1.
        (uri(&format!("Ex:a?secret={K}&algorithm=")), A("Ex", "a")),
        (
            uri(&format!("Ex:a?secret={K}&digits=0")),
            E("digits '0' is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&digits=5")),
            E("digits '5' is not supported"),
        ),
        (uri(&format!("Ex:a?secret={K}&digits=7")), A("Ex", "a")),
        (
            uri(&format!("Ex:a?secret={K}&digits=9")),
            E("digits '9' is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&digits=10")),
            E("digits '10' is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&digits=-6")),
            E("digits '-6' is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&digits=6.0")),
            E("is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&digits=%D9%A6")),
            E("is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&digits=4294967296")),
            E("is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&period=0")),
            E("period '0' is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&period=-30")),
            E("period '-30' is not supported"),
        ),
        (uri(&format!("Ex:a?secret={K}&period=1")), A("Ex", "a")),
        (
            uri(&format!("Ex:a?secret={K}&period=86400")),
            E("period '86400' is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&period=9223372036854775808")),
            E("is not supported"),
        ),
        (
            uri(&format!("Ex:a?secret={K}&period=30s")),
            E("period '30s' is not supported"),
        ),
        (
            format!("otpauth://hotp/Ex:a?secret={K}"),
            E("needs a counter parameter"),
        ),
        (
            format!("otpauth://hotp/Ex:a?secret={K}&counter=-1"),
            E("counter '-1'"),
        ),
        (
            format!("otpauth://hotp/Ex:a?secret={K}&counter=18446744073709551615"),
            A("Ex", "a"),
        ),
        (
            format!("otpauth://hotp/Ex:a?secret={K}&counter=18446744073709551616"),
            E("counter '18446744073709551616'"),
        ),
        (
            uri(&format!(
                "Ex:a?secret={K}&image=http%3A%2F%2F127.0.0.1%3A9%2Fx.png"
            )),
            A("Ex", "a"),
        ),
        (uri(&format!("Ex:a?secret={K}&foo=bar&x")), A("Ex", "a")),
        (uri(&format!("Ex:a?&secret={K}")), A("Ex", "a")),
        (uri(&format!("Ex:a?secret={K}#frag")), A("Ex", "a")),
    ]
}

/// A transfer link of `payload` (the protobuf bytes).
fn migration(payload: &[u8]) -> String {
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(payload);
    format!(
        "otpauth-migration://offline?data={}",
        data.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn field_bytes(tag: u64, bytes: &[u8], out: &mut Vec<u8>) {
    varint(tag << 3 | 2, out);
    varint(bytes.len() as u64, out);
    out.extend_from_slice(bytes);
}

fn field_varint(tag: u64, v: u64, out: &mut Vec<u8>) {
    varint(tag << 3, out);
    varint(v, out);
}

/// One OtpParameters message: secret, name, issuer, algorithm, digits, type, counter.
fn otp(
    secret: &[u8],
    name: &str,
    issuer: &str,
    alg: u64,
    digits: u64,
    kind: u64,
    counter: Option<u64>,
) -> Vec<u8> {
    let mut m = Vec::new();
    field_bytes(1, secret, &mut m);
    field_bytes(2, name.as_bytes(), &mut m);
    field_bytes(3, issuer.as_bytes(), &mut m);
    field_varint(4, alg, &mut m);
    field_varint(5, digits, &mut m);
    field_varint(6, kind, &mut m);
    if let Some(c) = counter {
        field_varint(7, c, &mut m);
    }
    m
}

/// A whole MigrationPayload: entries, version 1, batch size/index/id.
fn payload(entries: &[Vec<u8>], size: u64, index: u64, id: u64) -> Vec<u8> {
    let mut p = Vec::new();
    for e in entries {
        field_bytes(1, e, &mut p);
    }
    field_varint(2, 1, &mut p);
    field_varint(3, size, &mut p);
    field_varint(4, index, &mut p);
    field_varint(5, id, &mut p);
    p
}

const SECRET: &[u8] = b"Hello!\xde\xad\xbe\xef";

fn good() -> Vec<u8> {
    otp(SECRET, "alice", "Ex", 1, 1, 2, None)
}

/// The otpauth-migration rows (catalogue: "otpauth-migration").
fn migration_rows() -> Vec<(String, Want)> {
    let one = payload(&[good()], 1, 0, 7);
    let link = migration(&one);
    let data = link.split_once("data=").unwrap().1.to_owned();
    let raw = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&one)
    };
    let mut unknown = one.clone();
    field_varint(99, 5, &mut unknown);
    let many: Vec<Vec<u8>> = (0..10_000).map(|_| good()).collect();
    let mut overlong = vec![0x0a];
    overlong.extend([0xff; 11]);
    let mut beyond = vec![0x0a, 0x7f];
    beyond.extend([0; 4]);
    // An unknown field 8 of wire type `t` followed by `len` bytes of value.
    let wire = |t: u8, len: usize| {
        let mut p = one.clone();
        p.push(8 << 3 | t);
        p.extend(std::iter::repeat_n(0, len));
        p
    };
    let m = |p: Vec<u8>| migration(&p);
    vec![
        (
            s("otpauth-migration://offline?data="),
            E("holds no accounts"),
        ),
        (s("otpauth-migration://offline"), E("has no data parameter")),
        (link.clone(), A("Ex", "alice")),
        (
            format!("otpauth-migration://offline?data={}", raw.replace('+', " ")),
            A("Ex", "alice"),
        ),
        (
            format!(
                "otpauth-migration://offline?data={}",
                raw.replace('+', "-").replace('/', "_")
            ),
            A("Ex", "alice"),
        ),
        (
            format!(
                "otpauth-migration://offline?data={}",
                raw.trim_end_matches('=')
            ),
            A("Ex", "alice"),
        ),
        (
            format!(
                "otpauth-migration://offline?data={}\n{}",
                &raw[..8],
                &raw[8..]
            ),
            A("Ex", "alice"),
        ),
        (
            s("otpauth-migration://offline?data=!!!"),
            E("not valid base64"),
        ),
        (m(one[..one.len() - 3].to_vec()), E("damaged or incomplete")),
        (m(overlong), E("damaged or incomplete")),
        (m(beyond), E("damaged or incomplete")),
        (m(wire(3, 8)), E("damaged or incomplete")),
        (m(wire(4, 8)), E("damaged or incomplete")),
        (m(wire(5, 4)), A("Ex", "alice")),
        (m(wire(1, 8)), A("Ex", "alice")),
        // A fixed32 field with 8 bytes after it: 4 bytes too many.
        (m(wire(5, 8)), E("damaged or incomplete")),
        (m(unknown), A("Ex", "alice")),
        (m(payload(&many, 1, 0, 7)), E("")),
        (
            m(payload(
                &[otp(&vec![7; 1 << 20], "a", "Ex", 1, 1, 2, None)],
                1,
                0,
                7,
            )),
            E(""),
        ),
        (
            m(payload(&[otp(b"", "a", "Ex", 1, 1, 2, None)], 1, 0, 7)),
            E(""),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 0, 1, 2, None)], 1, 0, 7)),
            A("Ex", "a"),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 4, 1, 2, None)], 1, 0, 7)),
            E(""),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 99, 1, 2, None)], 1, 0, 7)),
            E(""),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 1, 0, 2, None)], 1, 0, 7)),
            A("Ex", "a"),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 1, 2, 2, None)], 1, 0, 7)),
            A("Ex", "a"),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 1, 3, 2, None)], 1, 0, 7)),
            E(""),
        ),
        // Type 0 ("unspecified") is the default, TOTP, as algorithm and digits 0 are.
        (
            m(payload(&[otp(SECRET, "a", "Ex", 1, 1, 0, None)], 1, 0, 7)),
            A("Ex", "a"),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 1, 1, 99, None)], 1, 0, 7)),
            E(""),
        ),
        (
            m(payload(&[otp(SECRET, "a", "Ex", 1, 1, 1, None)], 1, 0, 7)),
            A("Ex", "a"),
        ),
        // 2^64 - 1 as the proto's int64 counter is -1.
        (
            m(payload(
                &[otp(SECRET, "a", "Ex", 1, 1, 1, Some(u64::MAX))],
                1,
                0,
                7,
            )),
            E("account 1 has a negative counter"),
        ),
        (
            m(payload(
                &[otp(SECRET, "Ex:acct", "Ex", 1, 1, 2, None)],
                1,
                0,
                7,
            )),
            A("Ex", "acct"),
        ),
        (m(payload(&[good()], 3, 0, 7)), A("Ex", "alice")),
        (m(payload(&[good()], 2, 2, 7)), E("")),
        (m(payload(&[good()], 0, 0, 7)), A("Ex", "alice")),
        (
            format!("otpauth-migration://offline?data={data}&data={data}"),
            E("more than once"),
        ),
    ]
}

fn s(t: &str) -> String {
    t.to_owned()
}

/// What the service layer's `inspect_link` (the app's paste box) gives.
fn via_service(service: &Service, text: &str) -> Result<(String, String), String> {
    match service.inspect_link(text) {
        Ok(preview) => {
            let first = preview.accounts.first().ok_or("no accounts")?;
            Ok((first.issuer.clone(), first.name.clone()))
        }
        Err(e) => Err(e.message),
    }
}

/// What `tessera inspect -` gives: exit 0 with the account's JSON, or exit
/// 2 with the reason on standard error.
fn via_cli(env: &Env, text: &str) -> Result<(String, String), String> {
    let out = output_with_stdin(env.command(&["inspect", "-"]), text);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let first = v.get("accounts").and_then(|a| a.get(0)).unwrap_or(&v);
            Ok((
                first["issuer"].as_str().unwrap_or_default().to_owned(),
                first["account"].as_str().unwrap_or_default().to_owned(),
            ))
        }
        Some(2) => Err(stderr),
        other => Err(format!("EXIT {other:?}: {stderr}")),
    }
}

fn check(got: &Result<(String, String), String>, want: Want) -> bool {
    match (got, want) {
        (Ok((i, n)), Want::Ok(wi, wn)) => i == wi && n == wn,
        (Err(msg), Want::Err(part)) => {
            !msg.trim().is_empty() && msg.contains(part) && !msg.contains("EXIT")
        }
        _ => false,
    }
}

fn shown(text: &str) -> String {
    let t: String = text.chars().take(90).collect();
    format!("{t:?}{}", if text.len() > 90 { "…" } else { "" })
}

fn run_table(rows: &[(String, Want)]) {
    let env = Env::new("bad-inputs");
    let (_dir, service) = service();
    let mut failures = String::new();
    for (text, want) in rows {
        let cli = via_cli(&env, text);
        let svc = via_service(&service, text);
        for (layer, got) in [("cli", &cli), ("service", &svc)] {
            if !check(got, *want) {
                let _ = writeln!(
                    failures,
                    "{layer}: {} want {want:?}, got {got:?}",
                    shown(text)
                );
            }
            // No key in any message.
            if let Err(msg) = got {
                assert!(!msg.contains(K), "a message shows the key: {msg}");
            }
        }
        // One flow, one wording: the command says what the app says (but
        // for standard input's own cap, met before the link is read whole).
        if let (Err(c), Err(s)) = (&cli, &svc) {
            let c = c.trim().trim_start_matches("tessera: ");
            if c != s && !c.starts_with("standard input holds more than") {
                let _ = writeln!(
                    failures,
                    "cli and service differ on {}: {c:?} / {s:?}",
                    shown(text)
                );
            }
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn otpauth_uris() {
    run_table(&uri_rows());
}

#[test]
fn otpauth_migration_links() {
    run_table(&migration_rows());
}

/// Manual entry (catalogue: "Manual entry"): what `tessera check-key -`
/// says, and the problem the app's key field shows (`preview_key`).
#[test]
fn typed_keys() {
    use tessera_service::views::KeyCheck;
    // (typed, CLI: the normalized key or a part of the error, service: "valid" or the problem)
    let rows: Vec<(String, Result<&str, &str>, &str)> = vec![
        (
            format!("otpauth://totp/Ex:a?secret={K}"),
            Err("this is a setup link, not a key"),
            "SetupLink",
        ),
        (
            s("  OTPAUTH-MIGRATION://offline?data=x"),
            Err("this is a setup link"),
            "SetupLink",
        ),
        (
            s("JBSWY3DPEHPK3PX0"),
            Err("did you mean the letter 'O'?"),
            "InvalidCharacter",
        ),
        (
            s("JBSWY3DPEHPK3PX1"),
            Err("not allowed in a key"),
            "InvalidCharacter",
        ),
        (
            s("JBSWY3DPEHPK3PX8"),
            Err("not allowed in a key"),
            "InvalidCharacter",
        ),
        (s("jbswy3dpehpk3pxp"), Ok(K), "valid"),
        (s("jbsw y3dp ehpk 3pxp"), Ok(K), "valid"),
        // Turkish locale: only ASCII letters are upper-cased, so a dotted or
        // dotless i is refused, never remapped.
        (
            s("JBSWY3DPEHPK3PXİ"),
            Err("not allowed in a key"),
            "InvalidCharacter",
        ),
        (
            s("JBSWY3DPEHPK3PXı"),
            Err("not allowed in a key"),
            "InvalidCharacter",
        ),
        (
            s("ЈBSWY3DPEHPK3PXP"),
            Err("not allowed in a key"),
            "InvalidCharacter",
        ),
        (s("JBSWY3DP"), Err("the key is too short"), "TooShort"),
        (s(""), Err("the key is empty"), "Empty"),
        ("A".repeat(5000), Err("too long to be a key"), "TooLong"),
    ];
    let env = Env::new("bad-keys");
    let (_dir, service) = service();
    let mut failures = String::new();
    for (typed, cli_want, svc_want) in &rows {
        let out = output_with_stdin(env.command(&["check-key", "-"]), typed);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let cli_ok = match cli_want {
            Ok(key) => out.status.code() == Some(0) && stdout.lines().next() == Some(key),
            Err(part) => out.status.code() == Some(2) && stderr.contains(part),
        };
        if !cli_ok {
            let _ = writeln!(
                failures,
                "cli: {} want {cli_want:?}, got {:?} {stdout} {stderr}",
                shown(typed),
                out.status.code()
            );
        }
        let got = match service.preview_key(typed) {
            KeyCheck::Valid { .. } => "valid".to_owned(),
            other => format!("{other:?}"),
        };
        if !got.contains(svc_want) {
            let _ = writeln!(
                failures,
                "service: {} want {svc_want}, got {got}",
                shown(typed)
            );
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

/// Pasted backup codes (the app's paste box and `backup-codes set`, which
/// share `parse_backup_codes`): 0 and 100 codes, more, and a paste far too long.
#[test]
fn pasted_backup_codes() {
    let (_dir, service) = service();
    let hundred: String = (0..100)
        .map(|i| format!("{:08}\n", 10_000_000 + i))
        .collect();
    let too_many: String = (0..101)
        .map(|i| format!("{:08}\n", 10_000_000 + i))
        .collect();
    let rows: Vec<(String, Result<usize, &str>)> = vec![
        (hundred, Ok(100)),
        (too_many, Err("101 codes is more than the 100")),
        (s(""), Err("")),
        (
            "1234-5678\n".repeat(4000),
            Err("the pasted text is too long"),
        ),
    ];
    let mut failures = String::new();
    for (text, want) in &rows {
        let got = service.preview_backup_codes(text).map_err(|e| e.message);
        let ok = match (&got, want) {
            (Ok(p), Ok(n)) => p.count as usize == *n,
            (Err(m), Err(part)) => !m.is_empty() && m.contains(part),
            _ => false,
        };
        if !ok {
            let _ = writeln!(
                failures,
                "{} want {want:?}, got {:?}",
                shown(text),
                got.map(|p| p.count)
            );
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

/// An import row: file name, contents, what the CLI finds (accounts or a
/// part of its error), what the service identifies (format or error part).
type ImportRow = (
    &'static str,
    Vec<u8>,
    Result<usize, &'static str>,
    Result<&'static str, &'static str>,
);

/// Import files (catalogue: "Import files", generic file problems): what
/// `tessera import --dry-run FILE` says and what the app's import dialog
/// shows (`identify`). Nothing is ever added.
#[test]
fn import_files() {
    let dir = tempfile::tempdir().unwrap();
    let link = format!("otpauth://totp/Ex:a?secret={K}");
    let utf16: Vec<u8> = std::iter::once(0xFEFFu16)
        .chain(link.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let bomb = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let duplicate = r#"{"version":1,"version":2,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[]}}"#;
    // (name, contents, CLI: accounts found or a part of the error, service: format found or error part)
    let rows: Vec<ImportRow> = vec![
        ("empty.txt", Vec::new(), Err("empty"), Err("empty")),
        (
            "bom.txt",
            format!("\u{FEFF}{link}\n").into_bytes(),
            Ok(1),
            Ok("otpauth"),
        ),
        (
            "crlf.txt",
            format!("{link}\r\n{link}&issuer=Ex\r\n").into_bytes(),
            Ok(2),
            Ok("otpauth"),
        ),
        // UTF-16 with its byte-order mark (Windows Notepad's "Unicode") is read.
        ("utf16.txt", utf16, Ok(1), Ok("otpauth")),
        ("bomb.json", bomb.into_bytes(), Err(""), Err("")),
        // Recognised as Aegis from its shape, refused when read.
        (
            "dupes.json",
            duplicate.as_bytes().to_vec(),
            Err("damaged or incomplete"),
            Ok("aegis"),
        ),
        (
            "binary.bin",
            vec![0xff, 0xfe, 0, 1, 2, 3, 0x80],
            Err(""),
            Err(""),
        ),
    ];
    let env = Env::new("bad-files");
    let mut failures = String::new();
    for (name, bytes, cli_want, svc_want) in &rows {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = env.run(&["import", "--dry-run", "--json", path.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let cli_ok = match cli_want {
            Ok(n) => {
                out.status.code() == Some(0)
                    && serde_json::from_str::<serde_json::Value>(&stdout).is_ok_and(|v| {
                        v.pointer("/0/accounts")
                            .or_else(|| v.get("accounts"))
                            .and_then(|a| a.as_array())
                            .is_some_and(|a| a.len() == *n)
                    })
            }
            Err(part) => {
                out.status.code() == Some(2) && !stderr.trim().is_empty() && stderr.contains(part)
            }
        };
        if !cli_ok {
            let _ = writeln!(
                failures,
                "cli: {name} want {cli_want:?}, got {:?} {stdout} {stderr}",
                out.status.code()
            );
        }
        let got = tessera_service::identify(bytes)
            .map(|f| f.format)
            .map_err(|e| e.message);
        let svc_ok = match (&got, svc_want) {
            (Ok(f), Ok(w)) => f == w,
            (Err(m), Err(part)) => !m.is_empty() && m.contains(part),
            _ => false,
        };
        if !svc_ok {
            let _ = writeln!(failures, "service: {name} want {svc_want:?}, got {got:?}");
        }
    }
    // A 100 MB file: refused from its size, unread (a sparse file: no disk used).
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    let out = env.run(&["import", "--dry-run", huge.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(2) || !stderr.contains("larger than 20 MiB") {
        let _ = writeln!(
            failures,
            "cli: 100 MB file: {:?} {stderr}",
            out.status.code()
        );
    }
    assert!(failures.is_empty(), "\n{failures}");
}

fn png_chunk(kind: &[u8; 4], data: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
}

/// A PNG header for a `w`×`h` greyscale picture, with a little (damaged) data.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    png_chunk(b"IHDR", &ihdr, &mut out);
    png_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0], &mut out);
    png_chunk(b"IEND", &[], &mut out);
    out
}

fn qr_image(texts: &[&str], invert: bool) -> image::GrayImage {
    let codes: Vec<image::GrayImage> = texts
        .iter()
        .map(|t| {
            qrcode::QrCode::new(t.as_bytes())
                .unwrap()
                .render::<image::Luma<u8>>()
                .module_dimensions(4, 4)
                .quiet_zone(true)
                .build()
        })
        .collect();
    let w: u32 = codes.iter().map(image::GrayImage::width).sum();
    let h = codes.iter().map(image::GrayImage::height).max().unwrap();
    let mut img = image::GrayImage::from_pixel(w, h, image::Luma([255]));
    let mut x = 0;
    for c in &codes {
        image::imageops::overlay(&mut img, c, i64::from(x), 0);
        x += c.width();
    }
    if invert {
        image::imageops::invert(&mut img);
    }
    img
}

fn png(img: &image::GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// QR codes and images (catalogue: "QR / images"): `tessera scan --image`
/// (prints what it found, adds nothing) and the app's image drop
/// (`decode_image`).
#[test]
fn images() {
    let dir = tempfile::tempdir().unwrap();
    let a = format!("otpauth://totp/Ex:a?secret={K}");
    let b = format!("otpauth://totp/Ex:b?secret={K}");
    let code = png(&qr_image(&[&a], false));
    let gif = {
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageLuma8(qr_image(&[&a], false))
            .to_rgba8()
            .write_to(&mut out, image::ImageFormat::Gif)
            .unwrap();
        out.into_inner()
    };
    let blank = png(&image::GrayImage::from_pixel(200, 200, image::Luma([255])));
    let one = png(&image::GrayImage::from_pixel(1, 1, image::Luma([0])));
    let rows: Vec<(&str, Vec<u8>, Result<usize, &str>)> = vec![
        ("code.png", code.clone(), Ok(1)),
        ("two.png", png(&qr_image(&[&a, &b], false)), Ok(2)),
        ("inverted.png", png(&qr_image(&[&a], true)), Ok(1)),
        (
            "garbage.png",
            png(&qr_image(&[&format!("{a}\u{1}garbage")], false)),
            Ok(1),
        ),
        ("animated.gif", gif, Ok(1)),
        ("blank.png", blank, Ok(0)),
        ("1x1.png", one, Ok(0)),
        ("truncated.png", code[..code.len() / 2].to_vec(), Err("")),
        ("bomb.png", png_header(20_000, 20_000), Err("")),
        ("notanimage.png", b"hello".to_vec(), Err("")),
    ];
    let env = Env::new("bad-images");
    let mut failures = String::new();
    for (name, bytes, want) in &rows {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = env.run(&["scan", "--image", path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let svc = tessera_service::decode_image(bytes)
            .map(|f| f.len())
            .map_err(|e| e.message);
        let svc_ok = match (&svc, want) {
            (Ok(n), Ok(w)) => n == w,
            (Err(m), Err(part)) => !m.is_empty() && m.contains(part),
            _ => false,
        };
        let cli_ok = match want {
            Ok(0) => {
                out.status.code().is_some_and(|c| c != 0 && c != 101) && !stderr.trim().is_empty()
            }
            Ok(_) => out.status.code() == Some(0),
            Err(part) => {
                out.status.code() == Some(2) && stderr.contains(part) && !stderr.trim().is_empty()
            }
        };
        if !svc_ok {
            let _ = writeln!(failures, "service: {name} want {want:?}, got {svc:?}");
        }
        if !cli_ok {
            let _ = writeln!(
                failures,
                "cli: {name} want {want:?}, got {:?} {stderr}",
                out.status.code()
            );
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

/// Every section of the catalogue copy is covered by a table here or by
/// the filesystem tests; the copy is complete.
#[test]
fn the_catalogue_copy_is_here() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/BAD-INPUTS.md"),
    )
    .unwrap();
    for section in [
        "**otpauth URI**",
        "**otpauth-migration**",
        "**Import files**",
        "**QR / images**",
        "**Manual entry**",
        "**Filesystem**",
    ] {
        assert!(text.contains(section), "{section}");
    }
}
