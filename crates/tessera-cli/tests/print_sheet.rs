//! `tessera print` as a user runs it, checked with real PDF tools: poppler's
//! `pdftotext` and `pdftoppm`, `qpdf --check`, and `zbarimg` for the recovery
//! QR codes; `oathtool` for the codes of accounts re-added from the sheet.
//! Skips without a keychain or the tools unless TESSERA_REAL_TOOLS=1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::Command;
use support::{keychain_available, oathtool_totp, run_with_stdin, tool_available, Env};

fn tools_available() -> bool {
    ["pdftotext", "pdftoppm", "qpdf", "zbarimg", "oathtool"]
        .iter()
        .all(|t| tool_available(t))
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Text with every run of white space made one space, and bidi marks removed.
fn flat(text: &str) -> String {
    text.replace(['\u{202a}', '\u{202b}', '\u{202c}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("qpdf")
        .args(["--show-npages"])
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Every QR text zbarimg finds on the pages rendered at `dpi`, with the PNGs.
fn qr_texts(pdf: &Path, dpi: u32, dir: &Path) -> (Vec<String>, Vec<std::path::PathBuf>) {
    let prefix = dir.join(format!("page{dpi}"));
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let mut pngs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("page{dpi}-"))
        })
        .collect();
    pngs.sort();
    let mut texts = Vec::new();
    for png in &pngs {
        let out = Command::new("zbarimg")
            .args(["-q", "--raw", "-Sdisable", "-Sqrcode.enable"])
            .arg(png)
            .output()
            .unwrap();
        texts.extend(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(str::to_owned),
        );
    }
    texts.sort();
    (texts, pngs)
}

const KEY_A: &str = "JBSWY3DPEHPK3PXP";
const KEY_B: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// Four accounts in three scripts, with codes; returns their expected URIs.
fn enrol_scripts(env: &Env) -> Vec<String> {
    env.ok(&[
        "add",
        "--issuer",
        "Clinic Booking",
        "--account",
        "reception@clinic.example",
        "--secret",
        "jbsw y3dp ehpk 3pxp",
    ]);
    env.ok(&[
        "add",
        "--issuer",
        "東京銀行",
        "--account",
        "taro",
        "--secret",
        KEY_B,
    ]);
    env.ok(&[
        "add",
        "--issuer",
        "بنك مصر",
        "--account",
        "ahmed",
        "--secret",
        KEY_B,
    ]);
    env.ok(&[
        "add",
        "--issuer",
        "Crédit Agricole",
        "--account",
        "zoë@exemple.fr",
        "--secret",
        KEY_A,
    ]);
    let out = run_with_stdin(
        env,
        &["backup-codes", "set", "clinic"],
        "1. 1234-5678\n2. 8765-4321\n3. abcd-0O1l\n",
    );
    assert_eq!(out.status.code(), Some(0));
    env.ok(&["backup-codes", "use", "clinic", "87654321"]);
    let out = run_with_stdin(
        env,
        &["backup-codes", "set", "東京"],
        "a1b2c3d4e5 f6g7h8i9j0",
    );
    assert_eq!(out.status.code(), Some(0));
    let tail = "&algorithm=SHA1&digits=6&period=30";
    vec![
        format!("otpauth://totp/Clinic%20Booking:reception@clinic.example?secret={KEY_A}&issuer=Clinic%20Booking{tail}"),
        format!("otpauth://totp/Cr%C3%A9dit%20Agricole:zo%C3%AB@exemple.fr?secret={KEY_A}&issuer=Cr%C3%A9dit%20Agricole{tail}"),
        format!("otpauth://totp/%D8%A8%D9%86%D9%83%20%D9%85%D8%B5%D8%B1:ahmed?secret={KEY_B}&issuer=%D8%A8%D9%86%D9%83%20%D9%85%D8%B5%D8%B1{tail}"),
        format!("otpauth://totp/%E6%9D%B1%E4%BA%AC%E9%8A%80%E8%A1%8C:taro?secret={KEY_B}&issuer=%E6%9D%B1%E4%BA%AC%E9%8A%80%E8%A1%8C{tail}"),
    ]
}

#[test]
fn sheet_has_every_name_and_code_and_its_qr_codes_re_add_the_accounts() {
    if !keychain_available() || !tools_available() {
        return;
    }
    let env = Env::new("print");
    let mut expected = enrol_scripts(&env);
    expected.sort();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("backup sheet.pdf");
    let out = env.run(&[
        "print",
        "--out",
        pdf.to_str().unwrap(),
        "--with-recovery",
        "--paper",
        "a4",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("4 accounts"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("recovery keys"));

    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        qpdf.status.success(),
        "{}",
        String::from_utf8_lossy(&qpdf.stdout)
    );

    let text = flat(&pdftotext(&pdf, None));
    for name in [
        "Clinic Booking",
        "reception@clinic.example",
        "東京銀行",
        "taro",
        "بنك مصر",
        "ahmed",
        "Crédit Agricole",
        "zoë@exemple.fr",
    ] {
        assert!(text.contains(name), "{name} missing from: {text}");
    }
    for code in ["1234-5678", "ABCD-0O1L", "A1B2C3D4E5", "F6G7H8I9J0"] {
        assert!(text.contains(code), "{code} missing");
    }
    assert!(text.contains("2 of 3 codes unused"));
    assert!(text.contains("JBSW Y3DP EHPK 3PXP"));

    // A key typed (here: copied) from the sheet with each line's check letter
    // gives the key back, and a mistyped line is named.
    let layout = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let key_lines: Vec<&str> = std::str::from_utf8(&layout.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.trim_start().starts_with("GEZD GNBV"))
        .take(2)
        .collect();
    assert_eq!(key_lines.len(), 2, "KEY_B's two printed lines");
    assert!(key_lines.iter().all(|l| l.contains('▸')), "{key_lines:?}");
    let typed = key_lines.join("\n");
    let out = run_with_stdin(&env, &["check-key", "-"], &typed);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some(KEY_B)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("check letters of 2 line(s) match"));
    let mistyped = typed
        .replacen("GY3T", "GY3I", 2)
        .replacen("GY3I", "GY3T", 1);
    let out = run_with_stdin(&env, &["check-key", "-"], &mistyped);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("line 2 of the key does not match its check letter"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A4 media box.
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("595.28 x 841.89"));

    for dpi in [150, 300] {
        let (texts, pngs) = qr_texts(&pdf, dpi, dir.path());
        assert_eq!(texts, expected, "QR codes at {dpi} dpi");
        if dpi == 150 {
            // Tessera reads its own sheet back and re-adds the accounts.
            let again = Env::new("print-readd");
            let mut args = vec!["scan", "--add"];
            let png_args: Vec<String> = pngs.iter().map(|p| p.display().to_string()).collect();
            for p in &png_args {
                args.push("--image");
                args.push(p);
            }
            let out = again.run(&args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            for (query, key) in [("clinic", KEY_A), ("東京", KEY_B), ("crédit", KEY_A)] {
                assert_eq!(
                    again.ok(&["code", query, "--at", "1234567890"]).trim(),
                    oathtool_totp(key, 1_234_567_890, 6),
                    "{query}"
                );
            }
        }
    }
}

#[test]
fn without_recovery_the_sheet_holds_no_key() {
    if !keychain_available() || !tools_available() {
        return;
    }
    let env = Env::new("print-plain");
    enrol_scripts(&env);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("codes.pdf");
    env.ok(&[
        "print",
        "--out",
        pdf.to_str().unwrap(),
        "--paper",
        "letter",
        "--account",
        "clinic",
    ]);
    let text = flat(&pdftotext(&pdf, None));
    assert!(text.contains("1234-5678"));
    assert!(
        !text.contains("JBSW"),
        "key printed without --with-recovery"
    );
    assert!(!text.contains("東京銀行"), "only the chosen account");
    let raw = std::fs::read(&pdf).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains(KEY_A));
    assert!(qr_texts(&pdf, 150, dir.path()).0.is_empty());
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("612 x 792"));
}

#[test]
fn sixty_accounts_span_pages_without_splitting_one() {
    if !keychain_available() || !tools_available() {
        return;
    }
    let env = Env::new("print-many");
    // One migration-free way to enrol many: a link each.
    for i in 0..60 {
        env.ok(&[
            "add",
            "--issuer",
            &format!("Service{i:02}"),
            "--account",
            &format!("user{i:02}"),
            "--secret",
            KEY_A,
        ]);
    }
    for i in (0..60).step_by(3) {
        let codes: String = (0..10)
            .map(|j| format!("{i:02}{j:02}-{j:02}{i:02}\n"))
            .collect();
        let out = run_with_stdin(
            &env,
            &["backup-codes", "set", &format!("Service{i:02}")],
            &codes,
        );
        assert_eq!(out.status.code(), Some(0));
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("many.pdf");
    env.ok(&["print", "--out", pdf.to_str().unwrap(), "--with-recovery"]);
    let pages = page_count(&pdf);
    assert!(pages >= 10, "{pages} pages");
    let texts: Vec<String> = (1..=pages)
        .map(|p| flat(&pdftotext(&pdf, Some(p))))
        .collect();
    for i in 0..60 {
        let issuer = format!("Service{i:02}");
        let on: Vec<usize> = (0..pages).filter(|&p| texts[p].contains(&issuer)).collect();
        assert_eq!(on.len(), 1, "{issuer} on pages {on:?}");
        let page = &texts[on[0]];
        assert!(page.contains(&format!("user{i:02}")));
        if i % 3 == 0 {
            for j in 0..10 {
                assert!(
                    page.contains(&format!("{i:02}{j:02}-{j:02}{i:02}")),
                    "{issuer} code {j}"
                );
            }
        }
    }
    assert!(texts[pages - 1].contains(&format!("Page {pages} of {pages}")));
}

#[test]
fn long_names_and_a_hundred_codes_print_whole() {
    if !keychain_available() || !tools_available() {
        return;
    }
    let env = Env::new("print-long");
    let issuer = "Northern Regional Health Authority Patient Booking ".repeat(4);
    let issuer = issuer.trim();
    assert!(issuer.len() >= 200);
    env.ok(&[
        "add",
        "--issuer",
        issuer,
        "--account",
        "front-desk",
        "--secret",
        KEY_A,
    ]);
    let codes: String = (0..100)
        .map(|i| format!("{:08}\n", i * 7919 + 10_000_000))
        .collect();
    let out = run_with_stdin(&env, &["backup-codes", "set", "northern"], &codes);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("long.pdf");
    env.ok(&["print", "--out", pdf.to_str().unwrap()]);
    assert_eq!(page_count(&pdf), 1);
    let text = flat(&pdftotext(&pdf, None));
    assert!(text.contains(issuer), "wrapped issuer is not whole");
    for i in 0..100 {
        assert!(
            text.contains(&format!("{:08}", i * 7919 + 10_000_000)),
            "code {i}"
        );
    }
    assert!(text.contains("100 of 100 codes unused"));
}

#[test]
fn bad_destinations_are_refused_and_leave_nothing() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("print-bad");
    env.ok(&[
        "add",
        "--issuer",
        "Example",
        "--account",
        "a",
        "--secret",
        KEY_A,
    ]);
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("sheet.txt");
    let out = env.run(&["print", "--out", txt.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not end in .pdf"));
    let missing = dir.path().join("no/such/dir/sheet.pdf");
    let out = env.run(&["print", "--out", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    let out = env.run(&[
        "print",
        "--out",
        dir.path().join("x.pdf").to_str().unwrap(),
        "--account",
        "nothing",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing left behind"
    );
    let out = env.run(&["print", "--out", "x.pdf", "--paper", "a5"]);
    assert_eq!(out.status.code(), Some(2));
}
