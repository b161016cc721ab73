//! Benchmark (prints a table; run by `bench/sheet.sh`): the backup sheet for
//! N accounts (default 100), each with 10 backup codes and its recovery QR
//! code and key, rendered with the bundled fonts. Targets: under 1 s, under 1 MB.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::time::{Duration, Instant};
use tessera_core::sheet::{self, Paper, Recovery, SheetAccount, SheetRequest, SheetWords};
use tessera_core::vault::BackupCodeEntry;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn request(n: usize, words: &SheetWords) -> SheetRequest {
    let accounts = (0..n)
        .map(|i| {
            let uri = format!(
                "otpauth://totp/Service%20{i}:user{i}@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Service%20{i}"
            );
            let account = tessera_core::otpauth::parse(&uri).unwrap();
            let block: String = (0..10).map(|j| format!("{i:04}-{j:04}\n")).collect();
            SheetAccount {
                issuer: account.issuer.clone(),
                name: account.name.clone(),
                codes: tessera_core::parse_backup_codes(&block)
                    .unwrap()
                    .into_iter()
                    .enumerate()
                    .map(|(j, code)| BackupCodeEntry { code, used: j < 2 })
                    .collect(),
                recovery: Some(Recovery::of(&account, words)),
            }
        })
        .collect();
    SheetRequest {
        profile: "bench".into(),
        printed_at: 1_795_833_600,
        paper: Paper::A4,
        accounts,
    }
}

fn main() {
    let n: usize = std::env::var("TESSERA_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let runs = 15;
    let words = SheetWords::default();
    let req = request(n, &words);
    let fonts = tessera_fonts::for_characters(&req.characters(&words));
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let sheet = sheet::render(&req, &fonts, &words).unwrap();
        times.push(start.elapsed());
        last = Some(sheet);
    }
    times.sort();
    let sheet = last.unwrap();
    println!("backup sheet, {n} accounts with recovery QR codes and 10 codes each ({runs} runs)");
    println!("| measure            | value      | target  |");
    println!("|--------------------|------------|---------|");
    println!(
        "| render, median     | {:>10} | < 1 s   |",
        ms(times[runs / 2])
    );
    println!(
        "| render, slowest    | {:>10} | < 1 s   |",
        ms(times[runs - 1])
    );
    println!(
        "| file size          | {:>7} KB | < 1 MB  |",
        sheet.pdf.len() / 1024
    );
    println!("| pages              | {:>10} |         |", sheet.pages);
}
