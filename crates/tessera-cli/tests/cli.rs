//! The `tessera` binary as a user runs it: output, JSON, exit status.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::{Command, Output};

fn tessera(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(args)
        .output()
        .unwrap()
}

fn tessera_stdin(args: &[&str], input: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    cmd.args(args);
    support::output_with_stdin(cmd, input)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const RFC_SHA1: &str =
    "otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

#[test]
fn code_at_a_moment() {
    let o = tessera(&["code", "--uri", RFC_SHA1, "--at", "59"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "94287082\n");
}

#[test]
fn code_json() {
    let o = tessera(&["code", "--uri", RFC_SHA1, "--at", "1111111109", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["code"], "07081804");
    assert_eq!(v["seconds_remaining"], 1);
    assert_eq!(v["next_code"], "14050471");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["code", "seconds_remaining", "next_code"]);
}

#[test]
fn code_now_is_six_digits() {
    let o = tessera(&["code", "--uri", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"]);
    assert_eq!(o.status.code(), Some(0));
    let code = stdout(&o);
    assert_eq!(code.trim().len(), 6);
    assert!(code.trim().chars().all(|c| c.is_ascii_digit()));
}

#[test]
fn code_hotp_json_has_no_time_left() {
    let o = tessera(&[
        "code",
        "--uri",
        "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["code"], "755224");
    assert_eq!(v["next_code"], "287082");
    assert!(v["seconds_remaining"].is_null());
}

#[test]
fn code_uri_from_stdin() {
    let o = tessera_stdin(
        &["code", "--uri", "-", "--at", "59"],
        &format!("{RFC_SHA1}\n"),
    );
    assert_eq!(stdout(&o), "94287082\n");
}

#[test]
fn invalid_input_exits_2_with_one_line() {
    for args in [
        vec!["code", "--uri", "otpauth://totp/x?secret=JBSWY3DPEHPK3PX0"],
        vec!["code", "--uri", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP"],
        vec!["inspect", "https://example.com"],
        vec!["inspect", "otpauth-migration://offline?data=AAAA"],
        vec!["check-key", "JBSWY3DP"],
    ] {
        let o = tessera(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("tessera: "), "{err}");
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tessera(&[]).status.code(), Some(2));
    assert_eq!(tessera(&["bogus"]).status.code(), Some(2));
    assert_eq!(tessera(&["code"]).status.code(), Some(2));
    assert_eq!(
        tessera(&["code", "--uri", RFC_SHA1, "--at", "soon"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_on_every_command() {
    for cmd in [
        vec!["--help"],
        vec!["code", "--help"],
        vec!["inspect", "--help"],
        vec!["check-key", "--help"],
        vec!["help", "code"],
    ] {
        let o = tessera(&cmd);
        assert_eq!(o.status.code(), Some(0), "{cmd:?}");
        assert!(stdout(&o).contains("Usage: tessera"), "{cmd:?}");
    }
}

#[test]
fn inspect_hides_the_secret_unless_asked() {
    let uri = "otpauth://totp/ACME%20Co:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&period=60&algorithm=SHA256";
    let o = tessera(&["inspect", uri]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(!text.contains("JBSWY3DPEHPK3PXP"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["issuer"], "ACME Co");
    assert_eq!(v["account"], "bob");
    assert_eq!(v["type"], "totp");
    assert_eq!(v["algorithm"], "SHA256");
    assert_eq!(v["digits"], 6);
    assert_eq!(v["period"], 60);
    assert!(v.get("secret").is_none());

    let o = tessera(&["inspect", uri, "--show-secret"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["secret"], "JBSWY3DPEHPK3PXP");
}

#[test]
fn inspect_migration_lists_accounts_and_batch() {
    let uri = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";
    let o = tessera(&["inspect", uri, "--show-secret"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["batch_size"], 1);
    assert_eq!(v["batch_index"], 0);
    assert_eq!(v["batch_id"], 0);
    assert_eq!(v["accounts"][0]["issuer"], "Example");
    assert_eq!(v["accounts"][0]["account"], "alice@google.com");
    assert_eq!(v["accounts"][0]["secret"], "JBSWY3DPEHPK3PXP");
}

#[test]
fn check_key_normalises_and_rates() {
    let o = tessera(&["check-key", "jbsw y3dp-ehpk 3pxp"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("JBSWY3DPEHPK3PXP"));
    assert!(lines.next().unwrap().starts_with("80 bits (weak"));

    let o = tessera(&["check-key", "--json", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["bits"], 160);
    assert_eq!(v["weak"], false);

    let o = tessera(&["check-key", "JBSW Y3DP EHPK 3PX1"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "tessera: character 19 ('1') is not allowed in a key (did you mean the letter 'I'?)\n"
    );
}

/// A 32-character key typed with one character missing: refused when its
/// last character cannot end a key, warned about (exit 0) when it can.
#[test]
fn check_key_catches_a_missing_character() {
    let o = tessera(&["check-key", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "tessera: the last character does not fit: a character is probably missing or extra (31 characters; keys are usually 32)\n"
    );
    let o = tessera(&["check-key", "--json", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PA"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["warning"],
        "this key has 31 characters; keys are usually 32. Check that you copied all of it"
    );
    let o = tessera(&["check-key", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PA"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("warning: this key has 31 characters"),
        "{}",
        stderr(&o)
    );
    let o = tessera(&["check-key", "--json", "JBSWY3DPEHPK3PXP"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["warning"].is_null());
}

#[test]
fn codes_match_oathtool() {
    let present = Command::new("sh")
        .args(["-c", "command -v oathtool"])
        .output()
        .unwrap()
        .status
        .success();
    if !present {
        assert_ne!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref(),
            Ok("1"),
            "oathtool missing"
        );
        println!("SKIPPED: oathtool is not installed");
        return;
    }
    for (t, alg, digits, period) in [
        (1_700_000_000u64, "sha1", 6, 30),
        (2_000_000_123, "sha256", 8, 60),
        (42, "sha512", 7, 15),
    ] {
        let uri = format!("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm={alg}&digits={digits}&period={period}");
        let ours = stdout(&tessera(&["code", "--uri", &uri, "--at", &t.to_string()]));
        let theirs = Command::new("oathtool")
            .args([
                &format!("--totp={alg}"),
                &format!("--digits={digits}"),
                &format!("--time-step-size={period}s"),
                &format!("--now=@{t}"),
                "-b",
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            ])
            .output()
            .unwrap();
        assert_eq!(
            ours,
            String::from_utf8(theirs.stdout).unwrap(),
            "{alg} {digits} {period} {t}"
        );
    }
}

#[test]
fn scan_prints_the_text_of_a_qr_image_and_exits_1_when_none() {
    let dir = tempfile::tempdir().unwrap();
    let uri = "otpauth://totp/Clinic:desk?secret=JBSWY3DPEHPK3PXP&issuer=Clinic";
    let code = qrcode::QrCode::new(uri.as_bytes()).unwrap();
    let img = code
        .render::<image::Luma<u8>>()
        .module_dimensions(4, 4)
        .build();
    let with_code = dir.path().join("code.png");
    img.save(&with_code).unwrap();
    let blank = dir.path().join("blank.png");
    image::GrayImage::from_pixel(64, 64, image::Luma([255]))
        .save(&blank)
        .unwrap();
    let not_an_image = dir.path().join("notes.txt");
    std::fs::write(&not_an_image, "hello").unwrap();

    let o = tessera(&["scan", "--image", with_code.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{uri}\n"));

    let o = tessera(&["scan", "--image", blank.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "tessera: no QR code found\n");

    let o = tessera(&["scan", "--image", not_an_image.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a readable image"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        tessera(&["scan", "--image", "/nonexistent.png"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(tessera(&["scan"]).status.code(), Some(2));
}
