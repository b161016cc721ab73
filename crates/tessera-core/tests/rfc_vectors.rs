//! Standard test vectors: RFC 4226 Appendix D, RFC 6238 Appendix B, Steam Guard.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use tessera_core::otp::{self, Algorithm, OtpParams};
use tessera_core::SecretKey;

fn key(bytes: &[u8]) -> SecretKey {
    SecretKey::from_bytes(bytes.to_vec())
}

#[test]
fn rfc4226_appendix_d_hotp() {
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    let k = key(b"12345678901234567890");
    for (counter, want) in expected.iter().enumerate() {
        assert_eq!(
            otp::hotp(&k, Algorithm::Sha1, 6, counter as u64),
            *want,
            "counter {counter}"
        );
    }
}

#[test]
fn rfc6238_appendix_b_totp() {
    let sha1 = key(b"12345678901234567890");
    let sha256 = key(b"12345678901234567890123456789012");
    let sha512 = key(b"1234567890123456789012345678901234567890123456789012345678901234");
    let table: [(u64, &str, &str, &str); 6] = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];
    for (time, want1, want256, want512) in table {
        assert_eq!(
            otp::totp(&sha1, Algorithm::Sha1, 8, 30, time),
            want1,
            "SHA1 at {time}"
        );
        assert_eq!(
            otp::totp(&sha256, Algorithm::Sha256, 8, 30, time),
            want256,
            "SHA256 at {time}"
        );
        assert_eq!(
            otp::totp(&sha512, Algorithm::Sha512, 8, 30, time),
            want512,
            "SHA512 at {time}"
        );
    }
}

#[test]
fn codes_keep_leading_zeros() {
    let k = key(b"12345678901234567890");
    assert_eq!(otp::totp(&k, Algorithm::Sha1, 6, 30, 1234567890), "005924");
    assert_eq!(otp::totp(&k, Algorithm::Sha1, 7, 30, 1234567890), "9005924");
    assert_eq!(
        otp::totp(&k, Algorithm::Sha1, 8, 30, 1111111109),
        "07081804"
    );
    let params = OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap();
    assert_eq!(otp::code_at(&params, &k, 1234567890).code, "005924");
}

#[test]
fn steam_guard_vectors() {
    let secret = base64::engine::general_purpose::STANDARD
        .decode("MTIzNDU2Nzg5MGFiY2RlZmdoaWo=")
        .unwrap();
    assert_eq!(otp::steam(&key(&secret), 30, 1469184207), "P2QJN");

    let zeros = key(&[0u8; 20]);
    assert_eq!(otp::steam(&zeros, 30, 0), "RYH4D");
    assert_eq!(otp::steam(&zeros, 30, 30), "DR2DK");

    let params = OtpParams::steam(30).unwrap();
    let at = otp::code_at(&params, &zeros, 0);
    assert_eq!(
        (at.code.as_str(), at.next_code.as_str()),
        ("RYH4D", "DR2DK")
    );
    assert_eq!(at.seconds_remaining, Some(30));
}

#[test]
fn hotp_next_code_is_next_counter() {
    let k = key(b"12345678901234567890");
    let params = OtpParams::hotp(Algorithm::Sha1, 6, 3).unwrap();
    let at = otp::code_at(&params, &k, 999);
    assert_eq!(at.code, "969429");
    assert_eq!(at.next_code, "338314");
    assert_eq!(at.seconds_remaining, None);
}
