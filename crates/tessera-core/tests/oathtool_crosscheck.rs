//! Cross-checks codes against `oathtool` (the OATH Toolkit reference CLI) on
//! random keys, algorithms, digit counts, periods, times and counters.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::Command;
use support::{available, Rng};
use tessera_core::otp::{self, Algorithm};
use tessera_core::SecretKey;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs oathtool and returns its lines (one code per line with a window).
fn oathtool(args: &[String]) -> Vec<String> {
    let out = Command::new("oathtool")
        .args(args)
        .output()
        .expect("run oathtool");
    assert!(
        out.status.success(),
        "oathtool {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

const SEED: u64 = 0x7E55_E4A0_0001;

#[test]
fn totp_matches_oathtool() {
    if !available("oathtool") {
        return;
    }
    let mut rng = Rng(SEED);
    let algorithms = [
        (Algorithm::Sha1, "sha1"),
        (Algorithm::Sha256, "sha256"),
        (Algorithm::Sha512, "sha512"),
    ];
    let mut checked = 0;
    for case in 0..240 {
        let key_len = 10 + rng.below(55) as usize; // 80 to 512 bits
        let key_bytes = rng.bytes(key_len);
        let (alg, alg_name) = algorithms[case % 3];
        let digits = 6 + rng.below(3) as u8;
        let period = [1u32, 15, 30, 30, 60, 90, 3600][rng.below(7) as usize];
        // Times from 1970 to about 2514 (past 2^34), so 64-bit time is covered.
        let time = rng.below(17_179_869_184);
        let window = 2u64;
        let args = vec![
            format!("--totp={alg_name}"),
            format!("--digits={digits}"),
            format!("--time-step-size={period}s"),
            format!("--now=@{time}"),
            format!("--window={window}"),
            hex(&key_bytes),
        ];
        let expected = oathtool(&args);
        assert_eq!(expected.len() as u64, window + 1);
        let key = SecretKey::from_bytes(key_bytes);
        for (i, want) in expected.iter().enumerate() {
            let t = time + i as u64 * u64::from(period);
            let got = otp::totp(&key, alg, digits, period, t);
            assert_eq!(
                &got, want,
                "case {case}: {alg_name} {digits} digits, period {period}, t={t}"
            );
            checked += 1;
        }
    }
    println!("checked {checked} TOTP codes against oathtool");
    assert!(checked >= 700);
}

#[test]
fn hotp_matches_oathtool() {
    if !available("oathtool") {
        return;
    }
    let mut rng = Rng(SEED ^ 0xABCD);
    let mut checked = 0;
    for case in 0..220 {
        let key_len = 10 + rng.below(55) as usize;
        let key_bytes = rng.bytes(key_len);
        let digits = 6 + rng.below(3) as u8;
        let counter = match case % 3 {
            0 => rng.below(100),
            1 => rng.below(1 << 32),
            _ => rng.next_u64() >> 1,
        };
        let args = vec![
            "--hotp".to_owned(),
            format!("--digits={digits}"),
            format!("--counter={counter}"),
            "--window=2".to_owned(),
            hex(&key_bytes),
        ];
        let expected = oathtool(&args);
        let key = SecretKey::from_bytes(key_bytes);
        for (i, want) in expected.iter().enumerate() {
            let c = counter + i as u64;
            assert_eq!(
                &otp::hotp(&key, Algorithm::Sha1, digits, c),
                want,
                "case {case}: counter {c}"
            );
            checked += 1;
        }
    }
    println!("checked {checked} HOTP codes against oathtool");
    assert!(checked >= 600);
}
