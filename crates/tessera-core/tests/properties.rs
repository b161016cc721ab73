//! Property tests: base32 and URI round trips, TOTP as HOTP of the time step.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use tessera_core::otp::{self, Algorithm, OtpParams};
use tessera_core::{base32, check_key, Account, SecretKey};

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

fn params() -> impl Strategy<Value = OtpParams> {
    prop_oneof![
        (algorithm(), 6u32..=8, 1u64..=3600)
            .prop_map(|(a, d, p)| OtpParams::totp(a, d, p).unwrap()),
        (algorithm(), 6u32..=8, any::<u64>())
            .prop_map(|(a, d, c)| OtpParams::hotp(a, d, c).unwrap()),
        (1u64..=3600).prop_map(|p| OtpParams::steam(p).unwrap()),
    ]
}

/// Labels with the characters that break naive parsers.
fn label_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 :%+&=?#/@._~-]{0,24}",
        any::<String>(),
        "\\PC{0,16}",
    ]
    .prop_map(|s| s.trim().to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn base32_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let encoded = base32::encode(&bytes);
        let decoded = base32::decode_symbols(&encoded).unwrap();
        prop_assert_eq!(decoded.as_slice(), bytes.as_slice());
    }

    #[test]
    fn typed_key_round_trip(bytes in proptest::collection::vec(any::<u8>(), 10..64), lower in any::<bool>(), groups in any::<bool>()) {
        let mut typed = base32::encode(&bytes).to_string();
        if lower { typed = typed.to_lowercase(); }
        if groups { typed = tessera_core::key_entry::group_in_fours(&typed).to_string(); }
        let checked = check_key(&typed).unwrap();
        prop_assert_eq!(checked.key.expose(), bytes.as_slice());
    }

    #[test]
    fn uri_round_trip(issuer in label_text(), name in label_text(), params in params(),
                      key in proptest::collection::vec(any::<u8>(), 10..64)) {
        let account = Account { issuer, name, params, key: SecretKey::from_bytes(key), image: None };
        let uri = account.to_uri();
        let parsed: Account = uri.parse().map_err(|e| TestCaseError::fail(format!("{uri:?}: {e}")))?;
        prop_assert_eq!(parsed, account);
    }

    #[test]
    fn parser_never_panics(input in any::<String>()) {
        let _ = tessera_core::parse_setup_link(&input);
        let _ = tessera_core::parse_setup_link(&format!("otpauth://totp/{input}"));
        let _ = tessera_core::parse_setup_link(&format!("otpauth://totp/x?secret={input}"));
        let _ = tessera_core::parse_setup_link(&format!("otpauth-migration://offline?data={input}"));
    }

    #[test]
    fn totp_is_hotp_of_the_time_step(alg in algorithm(), digits in 6u8..=8, period in 1u32..=3600,
                                     time in any::<u64>(), key in proptest::collection::vec(any::<u8>(), 10..64)) {
        let key = SecretKey::from_bytes(key);
        let step = time / u64::from(period);
        prop_assert_eq!(otp::totp(&key, alg, digits, period, time), otp::hotp(&key, alg, digits, step));
        let totp = OtpParams::totp(alg, digits.into(), period.into()).unwrap();
        let hotp = OtpParams::hotp(alg, digits.into(), step).unwrap();
        let (a, b) = (otp::code_at(&totp, &key, time), otp::code_at(&hotp, &key, 0));
        prop_assert_eq!(&a.code, &b.code);
        prop_assert_eq!(&a.next_code, &b.next_code);
        prop_assert_eq!(a.code.len(), usize::from(digits));
        let left = a.seconds_remaining.unwrap();
        prop_assert!(left >= 1 && left <= period);
    }
}
