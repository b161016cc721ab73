//! A table of real-world and malformed setup links with the expected result of each.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tessera_core::otp::{Algorithm, OtpParams};
use tessera_core::{parse_setup_link, Account, SetupLink};

const K: &str = "JBSWY3DPEHPK3PXP";
const K160: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

enum Want {
    /// issuer, account, params, base32 key
    Ok(&'static str, &'static str, OtpParams, &'static str),
    /// the exact error message
    Err(&'static str),
}

fn totp(alg: Algorithm, digits: u32, period: u64) -> OtpParams {
    OtpParams::totp(alg, digits, period).unwrap()
}

fn default_totp() -> OtpParams {
    totp(Algorithm::Sha1, 6, 30)
}

fn table() -> Vec<(&'static str, Want)> {
    use Algorithm::*;
    use Want::*;
    vec![
        // --- well-formed and real-world quirks ---
        ("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            Ok("Example", "alice@google.com", default_totp(), K)),
        ("otpauth://totp/Example%3Aalice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            Ok("Example", "alice@google.com", default_totp(), K)),
        ("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
            Ok("ACME Co", "john.doe@email.com", default_totp(), "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ")),
        ("otpauth://totp/GitHub:%20octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            Ok("GitHub", "octocat", default_totp(), K)),
        ("otpauth://totp/Big%20Corp: alice?secret=JBSWY3DPEHPK3PXP",
            Ok("Big Corp", "alice", default_totp(), K)),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Big+Corp",
            Ok("Big Corp", "alice", default_totp(), K)),
        ("otpauth://totp/alice+tag@example.com?secret=JBSWY3DPEHPK3PXP",
            Ok("", "alice+tag@example.com", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=jbswy3dpehpk3pxp",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP%3D%3D%3D%3D",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSW%20Y3DP%20EHPK%203PXP",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSW+Y3DP+EHPK+3PXP",
            Ok("Example", "alice", default_totp(), K)),
        ("  otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP \n",
            Ok("Example", "alice", default_totp(), K)),
        ("OTPAUTH://TOTP/Example:alice?SECRET=JBSWY3DPEHPK3PXP&Issuer=Example",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=example",
            Ok("example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fexample.com%2Flogo.png",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60",
            Ok("Example", "alice", totp(Sha256, 8, 60), K160)),
        ("otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=sha512&digits=7&period=15",
            Ok("Example", "alice", totp(Sha512, 7, 15), K160)),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA-256",
            Ok("Example", "alice", totp(Sha256, 6, 30), K)),
        ("otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=42",
            Ok("Example", "alice", OtpParams::hotp(Sha1, 6, 42).unwrap(), K)),
        ("otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=0&period=99",
            Ok("Example", "alice", OtpParams::hotp(Sha1, 6, 0).unwrap(), K)),
        ("otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
            Ok("Steam", "gaben", OtpParams::steam(30).unwrap(), K)),
        ("otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&encoder=steam&digits=5",
            Ok("Steam", "gaben", OtpParams::steam(30).unwrap(), K)),
        ("otpauth://totp/JustAnAccount?secret=JBSWY3DPEHPK3PXP",
            Ok("", "JustAnAccount", default_totp(), K)),
        ("otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            Ok("Example", "", default_totp(), K)),
        ("otpauth://totp/%E6%97%A5%E6%9C%AC:%E5%A4%AA%E9%83%8E?secret=JBSWY3DPEHPK3PXP",
            Ok("日本", "太郎", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&unknown=1&foo",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP#fragment",
            Ok("Example", "alice", default_totp(), K)),
        ("otpauth://totp/:a%3Ab?secret=JBSWY3DPEHPK3PXP",
            Ok("", "a:b", default_totp(), K)),
        // --- malformed: each error names the field ---
        ("", Err("the setup link is empty")),
        ("JBSWY3DPEHPK3PXP", Err("this is not a setup link: it should start with otpauth://")),
        ("https://example.com/totp?secret=JBSWY3DPEHPK3PXP",
            Err("unsupported link type 'https://': expected otpauth://")),
        ("otpauth://", Err("the link has no OTP type: expected otpauth://totp/ or otpauth://hotp/")),
        ("otpauth://motp/Example:alice?secret=JBSWY3DPEHPK3PXP",
            Err("unknown OTP type 'motp': expected totp, hotp or steam")),
        ("otpauth://totp/Example:alice", Err("the link has no secret parameter")),
        ("otpauth://totp/Example:alice?secret=", Err("the link has no secret parameter")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PX0",
            Err("the secret is not valid: character 16 ('0') is not allowed in a key (did you mean the letter 'O'?)")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DP",
            Err("the secret is not valid: the key is too short: 40 bits, at least 80 are needed")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            Err("unsupported algorithm 'MD5': expected SHA1, SHA256 or SHA512")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&digits=10",
            Err("digits '10' is not supported: expected 6, 7 or 8")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&digits=six",
            Err("digits 'six' is not supported: expected 6, 7 or 8")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&period=0",
            Err("period '0' is not supported: expected 1 to 3600 seconds")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&period=-30",
            Err("period '-30' is not supported: expected 1 to 3600 seconds")),
        ("otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP",
            Err("an hotp link needs a counter parameter")),
        ("otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=-1",
            Err("counter '-1' is not a whole number from 0 to 18446744073709551615")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Other",
            Err("the issuer parameter 'Other' does not match the label's issuer 'Example'")),
        ("otpauth://totp/A:B:C?secret=JBSWY3DPEHPK3PXP",
            Err("the label 'A:B:C' has more than two parts: expected issuer:account")),
        ("otpauth://totp/A%3AB%3AC?secret=JBSWY3DPEHPK3PXP",
            Err("the label 'A:B:C' has more than two parts: expected issuer:account")),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&secret=GEZDGNBVGY3TQOJQ",
            Err("the parameter 'secret' appears more than once")),
        ("otpauth://totp/Ex%FFample:alice?secret=JBSWY3DPEHPK3PXP",
            Err("the label is not valid text after decoding")),
        ("otpauth-migration://offline?data=", Err("the transfer code holds no accounts")),
        ("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhh",
            Err("the transfer data is damaged or incomplete")),
        ("otpauth-migration://offline?data=!!!", Err("the transfer data is not valid base64")),
        ("otpauth-migration://offline", Err("the transfer link has no data parameter")),
    ]
}

#[test]
fn every_link_in_the_table() {
    let table = table();
    assert!(table.len() >= 30);
    let mut failures = Vec::new();
    for (input, want) in table {
        let got = parse_setup_link(input);
        match (&want, &got) {
            (Want::Ok(issuer, name, params, key), Ok(SetupLink::Account(a))) => {
                if a.issuer != *issuer
                    || a.name != *name
                    || a.params != *params
                    || a.key.to_base32().as_str() != *key
                {
                    failures.push(format!(
                        "{input:?}: got {a:?} with key {}",
                        a.key.to_base32().as_str()
                    ));
                }
            }
            (Want::Err(msg), Err(e)) => {
                if e.to_string() != *msg {
                    failures.push(format!(
                        "{input:?}: error {:?}, wanted {msg:?}",
                        e.to_string()
                    ));
                }
            }
            (_, Ok(SetupLink::Migration(_))) => {
                failures.push(format!("{input:?}: parsed as migration"))
            }
            (Want::Ok(..), Err(e)) => failures.push(format!("{input:?}: unexpected error {e}")),
            (Want::Err(msg), Ok(_)) => {
                failures.push(format!("{input:?}: parsed, wanted error {msg:?}"))
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn empty_data_is_an_empty_batch_not_a_panic() {
    // An empty protobuf is valid: it must still not produce accounts out of thin air.
    let result = parse_setup_link("otpauth-migration://offline?data=");
    assert!(result.is_err());
}

#[test]
fn image_is_kept_verbatim() {
    let a: Account = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fexample.com%2Flogo.png"
        .parse()
        .unwrap();
    assert_eq!(a.image.as_deref(), Some("https://example.com/logo.png"));
    assert!(a
        .to_uri()
        .contains("&image=https%3A%2F%2Fexample.com%2Flogo.png"));
}
