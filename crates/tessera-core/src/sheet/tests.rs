use super::*;
use crate::backup_codes::BackupCode;
use crate::vault::BackupCodeEntry;

fn face(file: &str) -> FontFace {
    let path = format!(
        "{}/../tessera-fonts/fonts/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    FontFace::new(file, std::fs::read(path).unwrap(), 0)
}

fn fonts() -> SheetFonts {
    SheetFonts {
        regular: face("DejaVuSans.ttf"),
        bold: face("DejaVuSans-Bold.ttf"),
        mono: face("DejaVuSansMono.ttf"),
        fallbacks: Vec::new(),
    }
}

fn codes(n: usize, used: usize) -> Vec<BackupCodeEntry> {
    (0..n)
        .map(|i| BackupCodeEntry {
            code: BackupCode::from_stored(&format!("{:04}-{:04}", i * 7 % 10_000, i)),
            used: i < used,
        })
        .collect()
}

fn account(issuer: &str, n: usize) -> SheetAccount {
    SheetAccount {
        issuer: issuer.to_owned(),
        name: format!("{issuer}@example.com"),
        codes: codes(n, 0),
        recovery: None,
    }
}

fn request(accounts: Vec<SheetAccount>, paper: Paper) -> SheetRequest {
    SheetRequest {
        profile: "default".into(),
        printed_at: 1_795_833_600,
        paper,
        accounts,
    }
}

fn recovery(issuer: &str) -> Recovery {
    let account = crate::otpauth::parse(&format!(
        "otpauth://totp/{issuer}:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer={issuer}"
    ))
    .unwrap();
    Recovery::of(&account, &SheetWords::default())
}

#[test]
fn dates_are_utc_calendar_days() {
    assert_eq!(iso_date(0), "1970-01-01");
    assert_eq!(iso_date(951_782_400), "2000-02-29");
    assert_eq!(iso_date(1_795_833_600), "2026-11-28");
    assert_eq!(iso_date(4_102_444_799), "2099-12-31");
}

#[test]
fn paper_follows_the_locale_territory() {
    assert_eq!(Paper::for_locale("en_US.UTF-8"), Paper::Letter);
    assert_eq!(Paper::for_locale("fr_CA"), Paper::Letter);
    assert_eq!(Paper::for_locale("en-US"), Paper::Letter);
    assert_eq!(Paper::for_locale("en_GB.UTF-8"), Paper::A4);
    assert_eq!(Paper::for_locale("de_DE@euro"), Paper::A4);
    assert_eq!(Paper::for_locale("C"), Paper::A4);
    assert_eq!("Letter".parse::<Paper>().unwrap(), Paper::Letter);
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    assert_eq!(
        Paper::from_locale_vars(vars(&[("LANG", "en_US.UTF-8")])),
        Paper::Letter
    );
    assert_eq!(
        Paper::from_locale_vars(vars(&[
            ("LC_ALL", ""),
            ("LC_PAPER", "de_DE"),
            ("LANG", "en_US")
        ])),
        Paper::A4
    );
    assert_eq!(Paper::from_locale_vars(vars(&[])), Paper::A4);
    assert!("a5".parse::<Paper>().is_err());
}

#[test]
fn sixty_accounts_fill_several_pages_and_none_is_split() {
    let accounts = (0..60)
        .map(|i| account(&format!("Service {i}"), 10))
        .collect();
    let sheet = render(
        &request(accounts, Paper::A4),
        &fonts(),
        &SheetWords::default(),
    )
    .unwrap();
    assert!(sheet.pages >= 5, "{} pages", sheet.pages);
    let mut seen = Vec::new();
    for page in &sheet.accounts_per_page {
        seen.extend(page.iter().copied());
    }
    assert_eq!(
        seen,
        (0..60).collect::<Vec<_>>(),
        "each account on exactly one page"
    );
    assert!(sheet.pdf.starts_with(b"%PDF-"));
}

#[test]
fn a_hundred_codes_fit_on_one_page_and_none_prints_a_note() {
    for paper in [Paper::A4, Paper::Letter] {
        let accounts = vec![account("Many", 100), account("None", 0)];
        let sheet = render(&request(accounts, paper), &fonts(), &SheetWords::default()).unwrap();
        let pages_with_many = sheet
            .accounts_per_page
            .iter()
            .filter(|p| p.contains(&0))
            .count();
        assert_eq!(pages_with_many, 1, "{paper:?}");
    }
}

#[test]
fn a_block_taller_than_a_page_continues_overleaf() {
    // 100 long codes print in fewer columns; with a recovery part the block
    // may not fit a Letter page, and then it must continue, not vanish.
    let mut long = account("Long codes", 0);
    long.codes = (0..100)
        .map(|i| BackupCodeEntry {
            code: BackupCode::from_stored(&format!("ABCD-EFGH-IJKL-MNOP-QRST-UV{i:02}")),
            used: false,
        })
        .collect();
    long.recovery = Some(recovery("Long"));
    let sheet = render(
        &request(vec![long], Paper::Letter),
        &fonts(),
        &SheetWords::default(),
    )
    .unwrap();
    let pages_with_it = sheet
        .accounts_per_page
        .iter()
        .filter(|p| p.contains(&0))
        .count();
    assert!(pages_with_it >= 2, "{:?}", sheet.accounts_per_page);
}

#[test]
fn characters_no_font_has_are_reported() {
    let accounts = vec![
        account("東京銀行", 2),
        account("Crédit Agricole", 2),
        account("بنك مصر", 2),
    ];
    let sheet = render(
        &request(accounts, Paper::A4),
        &fonts(),
        &SheetWords::default(),
    )
    .unwrap();
    // DejaVu has Latin and Arabic, not CJK.
    assert_eq!(
        sheet.missing_glyphs,
        "東京銀行".chars().collect::<BTreeSet<_>>()
    );
}

#[test]
fn a_hundred_recovery_accounts_make_a_small_file() {
    let accounts = (0..100)
        .map(|i| {
            let mut a = account(&format!("Service {i}"), 10);
            a.recovery = Some(recovery(&format!("Service{i}")));
            a
        })
        .collect();
    let sheet = render(
        &request(accounts, Paper::A4),
        &fonts(),
        &SheetWords::default(),
    )
    .unwrap();
    assert!(sheet.pdf.len() < 1_000_000, "{} bytes", sheet.pdf.len());
}

#[test]
fn shaping_joins_arabic_and_orders_it_right_to_left() {
    let fonts = fonts();
    let mut shaper = text::Shaper::new(&fonts).unwrap();
    let shaped = shaper.shape("بنك", text::Style::Regular);
    // Visual order is reversed: the last letter (ك) is drawn first.
    let texts: Vec<&str> = shaped.glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts, ["ك", "ن", "ب"]);
    // Joined forms are different glyphs from the isolated letters.
    let isolated: Vec<u16> = "كنب"
        .chars()
        .map(|c| shaper.shape(&c.to_string(), text::Style::Regular).glyphs[0].gid)
        .collect();
    let joined: Vec<u16> = shaped.glyphs.iter().map(|g| g.gid).collect();
    assert_ne!(joined, isolated);
}

#[test]
fn long_names_wrap_within_the_line() {
    let fonts = fonts();
    let mut shaper = text::Shaper::new(&fonts).unwrap();
    let name = "Very Long Issuer Name ".repeat(10);
    let lines = shaper.wrap(&name, text::Style::Bold, 13.0, 300.0);
    assert!(lines.len() >= 3);
    assert!(lines.iter().all(|l| l.width(13.0) <= 300.0));
    let word = "x".repeat(200);
    let lines = shaper.wrap(&word, text::Style::Regular, 10.0, 100.0);
    assert!(lines.len() > 1 && lines.iter().all(|l| l.width(10.0) <= 100.0));
}

#[test]
fn recovery_details_describe_the_parameters() {
    let r = recovery("Example");
    assert_eq!(r.details, "Time-based · SHA1 · 6 digits · every 30 s");
    assert!(r.uri.starts_with("otpauth://totp/"));
    assert_eq!(format!("{r:?}"), "Recovery(<redacted>)");
}
