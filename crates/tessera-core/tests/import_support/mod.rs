//! Builds the import fixtures in `tests/fixtures/import/` from the seven test
//! accounts (`vectors.txt`, the Aegis project's test vectors), each in the
//! layout its app writes and, for encrypted formats, encrypted with the
//! app's real algorithm. This code encrypts with the crypto crates directly,
//! apart from the readers in `tessera_core::import`, so a mistake in a
//! reader is not mirrored here. Salts, nonces and IVs are fixed, so the
//! output is the same every time: `import_formats.rs` checks that the
//! committed files are exactly what this makes (KDBX excepted: the `keepass`
//! crate's writer picks its own salts). `TESSERA_WRITE_FIXTURES=1 cargo test
//! -p tessera-core --test import_formats write_fixtures` rewrites them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use aes_gcm::aead::{Aead, KeyInit, Payload};
use base64::Engine as _;
use std::path::PathBuf;
use tessera_core::otp::{Algorithm, OtpParams};
use tessera_core::Account;

/// The password of every encrypted fixture (see the README there).
pub const PASSWORD: &str = "correct horse battery staple";
/// A second password: the Aegis fixture has a slot for each.
pub const SECOND_PASSWORD: &str = "Tr0ub4dor&3";

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// The seven accounts.
pub fn vectors() -> Vec<Account> {
    std::fs::read_to_string(dir().join("vectors.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.parse().unwrap())
        .collect()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn b32(a: &Account) -> String {
    a.key.to_base32().to_string()
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn kind(a: &Account) -> &'static str {
    a.params.kind().as_str()
}

fn alg(a: &Account) -> &'static str {
    a.params.algorithm().as_str()
}

fn is_steam(a: &Account) -> bool {
    matches!(a.params, OtpParams::Steam { .. })
}

fn is_hotp(a: &Account) -> bool {
    matches!(a.params, OtpParams::Hotp { .. })
}

fn is_totp(a: &Account) -> bool {
    matches!(a.params, OtpParams::Totp { .. })
}

fn period(a: &Account) -> u32 {
    a.params.period().unwrap_or(30)
}

fn counter(a: &Account) -> u64 {
    a.params.counter().unwrap_or(0)
}

// ---- crypto, straight from the crates ------------------------------------

fn gcm(key: &[u8], nonce: &[u8], plain: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).unwrap();
    let nonce = aes_gcm::Nonce::try_from(nonce).unwrap();
    cipher.encrypt(&nonce, Payload { msg: plain, aad }).unwrap()
}

fn cbc(key: &[u8], iv: &[u8], plain: &[u8]) -> Vec<u8> {
    use aes::cipher::{block_padding::Pkcs7, BlockModeEncrypt, KeyIvInit};
    cbc::Encryptor::<aes::Aes256>::new_from_slices(key, iv)
        .unwrap()
        .encrypt_padded_vec::<Pkcs7>(plain)
}

fn pbkdf2_sha1(password: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    pbkdf2::pbkdf2_hmac_array::<sha1::Sha1, 32>(password.as_bytes(), salt, rounds)
}

fn pbkdf2_sha256(password: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    pbkdf2::pbkdf2_hmac_array::<sha2::Sha256, 32>(password.as_bytes(), salt, rounds)
}

fn pbkdf2_sha512(password: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    pbkdf2::pbkdf2_hmac_array::<sha2::Sha512, 32>(password.as_bytes(), salt, rounds)
}

fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

fn argon2id(password: &str, salt: &[u8], m_kib: u32, t: u32, p: u32) -> [u8; 32] {
    let params = argon2::Params::new(m_kib, t, p, Some(32)).unwrap();
    let mut out = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .unwrap();
    out
}

fn scrypt(password: &str, salt: &[u8], log_n: u8, r: u32, p: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    scrypt::scrypt(
        password.as_bytes(),
        salt,
        &scrypt::Params::new(log_n, r, p).unwrap(),
        &mut out,
    )
    .unwrap();
    out
}

fn hkdf_expand(prk: &[u8], info: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    hkdf::Hkdf::<sha2::Sha256>::from_prk(prk)
        .unwrap()
        .expand(info, &mut out)
        .unwrap();
    out
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(key).unwrap();
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

/// One libsodium secretstream message with a chosen header: the stream
/// state is set up from the header (as a reader does), then pushed.
fn secretstream(key: &[u8; 32], header: &[u8; 24], plain: &[u8]) -> Vec<u8> {
    use dryoc::classic::crypto_secretstream_xchacha20poly1305 as s;
    let mut state = s::State::new();
    s::crypto_secretstream_xchacha20poly1305_init_pull(&mut state, header, key);
    let mut out = vec![0u8; plain.len() + 17];
    s::crypto_secretstream_xchacha20poly1305_push(
        &mut state,
        &mut out,
        plain,
        None,
        dryoc::constants::CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL,
    )
    .unwrap();
    out
}

// ---- the formats ----------------------------------------------------------

fn otpauth_list(v: &[Account]) -> String {
    let mut out = String::from("# Tessera import fixture: one otpauth URI per line\r\n\r\n");
    for a in v {
        out.push_str(&a.to_uri());
        out.push_str("\r\n");
    }
    out
}

fn winauth(v: &[Account]) -> String {
    // WinAuth names an authenticator once and writes no issuer parameter.
    let mut out = String::new();
    for a in v {
        let label = a.issuer.replace(' ', "%20");
        let line = match a.params {
            OtpParams::Totp { digits, .. } => format!(
                "otpauth://totp/{label}?secret={}&digits={digits}&period={}&algorithm={}",
                b32(a),
                period(a),
                alg(a)
            ),
            OtpParams::Hotp {
                digits, counter, ..
            } => format!(
                "otpauth://hotp/{label}?secret={}&digits={digits}&counter={counter}&algorithm={}",
                b32(a),
                alg(a)
            ),
            OtpParams::Steam { .. } => {
                format!(
                    "otpauth://totp/{label}?secret={}&digits=5&encoder=steam",
                    b32(a)
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn google(v: &[Account]) -> String {
    let carried: Vec<Account> = v
        .iter()
        .filter(|a| {
            !is_steam(a)
                && matches!(a.params.digits(), 6 | 8)
                && a.params.period().unwrap_or(30) == 30
        })
        .cloned()
        .collect();
    let (first, second) = carried.split_at(1);
    format!(
        "{}\n{}\n",
        tessera_core::migration::format_migration(first, 0, 2, 4242).as_str(),
        tessera_core::migration::format_migration(second, 1, 2, 4242).as_str()
    )
}

fn aegis_db(v: &[Account]) -> String {
    let entries: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let info = match a.params {
                OtpParams::Hotp { digits, counter, .. } => format!(
                    r#"{{"secret":"{}","algo":"{}","digits":{digits},"counter":{counter}}}"#,
                    b32(a),
                    alg(a)
                ),
                _ => format!(
                    r#"{{"secret":"{}","algo":"{}","digits":{},"period":{}}}"#,
                    b32(a),
                    alg(a),
                    a.params.digits(),
                    period(a)
                ),
            };
            format!(
                r#"{{"type":"{}","uuid":"00000000-0000-4000-8000-00000000000{i}","name":{},"issuer":{},"note":"","favorite":false,"icon":null,"info":{info},"groups":[]}}"#,
                kind(a),
                json(&a.name),
                json(&a.issuer)
            )
        })
        .collect();
    format!(
        r#"{{"version":3,"entries":[{}],"groups":[{{"uuid":"00000000-0000-4000-8000-0000000000aa","name":"Work"}}]}}"#,
        entries.join(",")
    )
}

fn aegis_plain(v: &[Account]) -> String {
    format!(
        r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{}}}"#,
        aegis_db(v)
    )
}

fn aegis_encrypted(v: &[Account]) -> String {
    let master = [0x4Du8; 32];
    let mut slots = vec![
        r#"{"type":2,"uuid":"b1","key":"00112233","key_params":{"nonce":"000000000000000000000000","tag":"00000000000000000000000000000000"}}"#
            .to_owned(),
    ];
    for (i, password) in [SECOND_PASSWORD, PASSWORD].iter().enumerate() {
        let salt = [0x10 + i as u8; 32];
        let nonce = [0x20 + i as u8; 12];
        let derived = scrypt(password, &salt, 15, 8, 1);
        let sealed = gcm(&derived, &nonce, &master, b"");
        let (ct, tag) = sealed.split_at(32);
        slots.push(format!(
            r#"{{"type":1,"uuid":"p{i}","key":"{}","key_params":{{"nonce":"{}","tag":"{}"}},"n":32768,"r":8,"p":1,"salt":"{}","repaired":true,"is_backup":false}}"#,
            hex(ct),
            hex(&nonce),
            hex(tag),
            hex(&salt)
        ));
    }
    let nonce = [0x30u8; 12];
    let sealed = gcm(&master, &nonce, aegis_db(v).as_bytes(), b"");
    let (ct, tag) = sealed.split_at(sealed.len() - 16);
    format!(
        r#"{{"version":1,"header":{{"slots":[{}],"params":{{"nonce":"{}","tag":"{}"}}}},"db":"{}"}}"#,
        slots.join(","),
        hex(&nonce),
        hex(tag),
        b64(ct)
    )
}

fn twofas_services(v: &[Account]) -> String {
    let services: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let token = match a.params {
                OtpParams::Totp { .. } => "TOTP",
                OtpParams::Hotp { .. } => "HOTP",
                OtpParams::Steam { .. } => "STEAM",
            };
            let extra = if is_hotp(a) {
                format!(r#""counter":{}"#, counter(a))
            } else {
                format!(r#""period":{}"#, period(a))
            };
            format!(
                r#"{{"name":{},"secret":"{}","updatedAt":1700000000000,"otp":{{"label":{},"account":{},"issuer":{},"digits":{},{extra},"algorithm":"{}","tokenType":"{token}","source":"Manual"}},"order":{{"position":{i}}},"icon":{{"selected":"Label","label":{{"text":"XX","backgroundColor":"Orange"}}}},"groupId":"g1"}}"#,
                json(&a.issuer),
                b32(a),
                json(&format!("{}:{}", a.issuer, a.name)),
                json(&a.name),
                json(&a.issuer),
                a.params.digits(),
                alg(a)
            )
        })
        .collect();
    format!("[{}]", services.join(","))
}

fn twofas_plain(v: &[Account]) -> String {
    format!(
        r#"{{"services":{},"groups":[{{"id":"g1","name":"Work","isExpanded":true}}],"updatedAt":1700000000000,"schemaVersion":4,"appVersionCode":5000009,"appVersionName":"5.1.0","appOrigin":"android"}}"#,
        twofas_services(v)
    )
}

fn twofas_encrypted(v: &[Account]) -> String {
    let salt = [0x2Fu8; 256];
    let iv = [0x3Fu8; 12];
    let key = pbkdf2_sha256(PASSWORD, &salt, 10_000);
    let ct = gcm(&key, &iv, twofas_services(v).as_bytes(), b"");
    let reference = gcm(&key, &[0x4F; 12], b"tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd", b"");
    format!(
        r#"{{"services":[],"groups":[],"updatedAt":1700000000000,"schemaVersion":4,"appVersionCode":5000009,"appVersionName":"5.1.0","appOrigin":"android","servicesEncrypted":"{}:{}:{}","reference":"{}:{}:{}"}}"#,
        b64(&ct),
        b64(&salt),
        b64(&iv),
        b64(&reference),
        b64(&salt),
        b64(&[0x4F; 12])
    )
}

fn bitwarden_totp(a: &Account) -> String {
    if is_steam(a) {
        format!("steam://{}", b32(a))
    } else {
        a.to_uri().to_string()
    }
}

fn bitwarden_items(v: &[Account]) -> String {
    let mut items: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                r#"{{"passwordHistory":null,"revisionDate":"2024-01-01T00:00:00.000Z","creationDate":"2024-01-01T00:00:00.000Z","deletedDate":null,"id":"00000000-0000-4000-8000-00000000010{i}","organizationId":null,"folderId":null,"type":1,"reprompt":0,"name":{},"notes":null,"favorite":false,"login":{{"fido2Credentials":[],"uris":[],"username":{},"password":"not-a-key","totp":{}}},"collectionIds":null}}"#,
                json(&a.issuer),
                json(&a.name),
                json(&bitwarden_totp(a))
            )
        })
        .collect();
    items.push(r#"{"id":"00000000-0000-4000-8000-000000000200","type":2,"name":"A secure note","notes":"no TOTP here","secureNote":{"type":0},"favorite":false}"#.to_owned());
    items.push(r#"{"id":"00000000-0000-4000-8000-000000000201","type":1,"name":"Password only","login":{"username":"x","password":"y","totp":null}}"#.to_owned());
    format!(
        r#"{{"encrypted":false,"folders":[],"items":[{}]}}"#,
        items.join(",")
    )
}

fn bitwarden_csv(v: &[Account]) -> String {
    let mut out =
        String::from("folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n");
    for a in v {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out.push_str(&format!(
            ",,login,{},\"line one\nline two\",,0,https://example.com,{},pw,{}\n",
            quote(&a.issuer),
            quote(&a.name),
            quote(&bitwarden_totp(a))
        ));
    }
    out.push_str(",,note,A note,,,0,,,,\n");
    out
}

fn bitwarden_authenticator(v: &[Account]) -> String {
    // Bitwarden Authenticator's export: the password manager's item shape.
    let items: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                r#"{{"id":"00000000-0000-4000-8000-00000000030{i}","name":{},"folderId":null,"organizationId":null,"collectionIds":null,"notes":null,"type":1,"login":{{"totp":{},"username":{}}},"favorite":false}}"#,
                json(&a.issuer),
                json(&bitwarden_totp(a)),
                json(&a.name)
            )
        })
        .collect();
    format!(r#"{{"encrypted":false,"items":[{}]}}"#, items.join(","))
}

fn enc_string(enc: &[u8], mac: &[u8], iv: [u8; 16], plain: &[u8]) -> String {
    let ct = cbc(enc, &iv, plain);
    let tag = hmac_sha256(mac, &[&iv, &ct]);
    format!("2.{}|{}|{}", b64(&iv), b64(&ct), b64(&tag))
}

fn bitwarden_encrypted(v: &[Account], argon2: bool) -> String {
    let salt = "Mx+GRTRqKlAWFe1Qf0GV6A==";
    let (master, kdf) = if argon2 {
        (
            argon2id(PASSWORD, &sha256(salt.as_bytes()), 16 * 1024, 3, 4),
            r#""kdfType":1,"kdfIterations":3,"kdfMemory":16,"kdfParallelism":4"#,
        )
    } else {
        (
            pbkdf2_sha256(PASSWORD, salt.as_bytes(), 100_000),
            r#""kdfType":0,"kdfIterations":100000,"kdfMemory":null,"kdfParallelism":null"#,
        )
    };
    let enc = hkdf_expand(&master, b"enc");
    let mac = hkdf_expand(&master, b"mac");
    let check = enc_string(
        &enc,
        &mac,
        [0x61; 16],
        b"5a1f4c1e-8d1b-4c33-9a6e-2a7f0f1c9b00",
    );
    let data = enc_string(&enc, &mac, [0x62; 16], bitwarden_items(v).as_bytes());
    format!(
        r#"{{"encrypted":true,"passwordProtected":true,"salt":"{salt}",{kdf},"encKeyValidation_DO_NOT_EDIT":"{check}","data":"{data}"}}"#
    )
}

fn ente_lines(v: &[Account]) -> String {
    let display = "&codeDisplay=%7B%22pinned%22%3Afalse%2C%22trashed%22%3Afalse%2C%22lastUsedAt%22%3A0%2C%22tapCount%22%3A0%2C%22tags%22%3A%5B%22work%22%5D%7D";
    v.iter()
        .map(|a| format!("{}{display}\n", a.to_uri().as_str()))
        .collect()
}

fn ente_encrypted(v: &[Account]) -> String {
    let salt = [0x45u8; 16];
    let header = [0x46u8; 24];
    let mem_limit: u32 = 64 * 1024 * 1024;
    let ops_limit = 2;
    let key = argon2id(PASSWORD, &salt, mem_limit / 1024, ops_limit, 1);
    let data = secretstream(&key, &header, ente_lines(v).as_bytes());
    format!(
        r#"{{"version":1,"kdfParams":{{"memLimit":{mem_limit},"opsLimit":{ops_limit},"salt":"{}"}},"encryptedData":"{}","encryptionNonce":"{}"}}"#,
        b64(&salt),
        b64(&data),
        b64(&header)
    )
}

fn proton_plain(v: &[Account]) -> String {
    let entries: Vec<String> = v
        .iter()
        .filter(|a| is_totp(a) || is_steam(a))
        .enumerate()
        .map(|(i, a)| {
            let (uri, kind) = if is_steam(a) {
                (format!("steam://{}", b32(a)), "Steam")
            } else {
                (a.to_uri().to_string(), "Totp")
            };
            format!(
                r#"{{"id":"00000000-0000-4000-8000-00000000040{i}","content":{{"uri":{},"entry_type":"{kind}","name":{}}},"note":null}}"#,
                json(&uri),
                json(&a.name)
            )
        })
        .collect();
    format!(r#"{{"version":1,"entries":[{}]}}"#, entries.join(","))
}

fn proton_encrypted(v: &[Account]) -> String {
    let salt = [0x50u8; 16];
    let nonce = [0x51u8; 12];
    let key = argon2id(PASSWORD, &salt, 19 * 1024, 2, 1);
    let mut content = nonce.to_vec();
    content.extend(gcm(
        &key,
        &nonce,
        proton_plain(v).as_bytes(),
        b"proton.authenticator.export.v1",
    ));
    format!(
        r#"{{"version":1,"salt":"{}","content":"{}"}}"#,
        b64(&salt),
        b64(&content)
    )
}

fn stratum_json(v: &[Account]) -> String {
    let items: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = match a.params {
                OtpParams::Hotp { .. } => 1,
                OtpParams::Totp { .. } => 2,
                OtpParams::Steam { .. } => 4,
            };
            let algorithm = match a.params.algorithm() {
                Algorithm::Sha1 => 0,
                Algorithm::Sha256 => 1,
                Algorithm::Sha512 => 2,
            };
            format!(
                r#"{{"Type":{kind},"Icon":null,"Issuer":{},"Username":{},"Secret":"{}","Pin":null,"Algorithm":{algorithm},"Digits":{},"Period":{},"Counter":{},"CopyCount":0,"Ranking":{i}}}"#,
                json(&a.issuer),
                json(&a.name),
                b32(a),
                a.params.digits(),
                period(a),
                counter(a)
            )
        })
        .collect();
    format!(
        r#"{{"Authenticators":[{}],"Categories":[{{"Id":"c1","Name":"Work","Ranking":0}}],"AuthenticatorCategories":[],"CustomIcons":[],"IconPacks":[]}}"#,
        items.join(",")
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn stratum_html(v: &[Account]) -> String {
    let mut rows = String::new();
    for a in v {
        rows.push_str(&format!(
            "<tr>\n    <td>{}</td>\n    <td>{}</td>\n    <td><code>{}</code></td>\n    <td><img src=\"data:image/png;base64,iVBORw0KGgo=\"></td>\n</tr>\n",
            html_escape(&a.issuer),
            html_escape(&a.name),
            html_escape(&a.to_uri())
        ));
    }
    format!("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Stratum backup</title></head>\n<body>\n<table>\n{rows}</table>\n</body>\n</html>\n")
}

fn stratum_strong(v: &[Account]) -> Vec<u8> {
    let salt = [0x53u8; 16];
    let iv = [0x54u8; 12];
    let key = argon2id(PASSWORD, &salt, 64 * 1024, 3, 4);
    let mut out = b"AUTHENTICATORPRO".to_vec();
    out.extend(salt);
    out.extend(iv);
    out.extend(gcm(&key, &iv, stratum_json(v).as_bytes(), b""));
    out
}

fn stratum_legacy(v: &[Account]) -> Vec<u8> {
    let salt = [0x55u8; 20];
    let iv = [0x56u8; 16];
    let key = pbkdf2_sha1(PASSWORD, &salt, 64_000);
    let mut out = b"AuthenticatorPro".to_vec();
    out.extend(salt);
    out.extend(iv);
    out.extend(cbc(&key, &iv, stratum_json(v).as_bytes()));
    out
}

fn andotp_json(v: &[Account]) -> String {
    let items: Vec<String> = v
        .iter()
        .map(|a| {
            let b32 = b32(a);
            let padded = format!("{b32}{}", "=".repeat((8 - b32.len() % 8) % 8));
            let extra = if is_hotp(a) {
                format!(r#""counter":{}"#, counter(a))
            } else {
                format!(r#""period":{}"#, period(a))
            };
            format!(
                r#"{{"secret":"{padded}","issuer":{},"label":{},"digits":{},"type":"{}","algorithm":"{}","thumbnail":"Default","last_used":0,"used_frequency":0,{extra},"tags":["work"]}}"#,
                json(&a.issuer),
                json(&a.name),
                a.params.digits(),
                kind(a).to_ascii_uppercase(),
                alg(a)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn andotp_new(v: &[Account]) -> Vec<u8> {
    let iterations: u32 = 140_000;
    let salt = [0x41u8; 12];
    let nonce = [0x42u8; 12];
    let key = pbkdf2_sha1(PASSWORD, &salt, iterations);
    let mut out = iterations.to_be_bytes().to_vec();
    out.extend(salt);
    out.extend(nonce);
    out.extend(gcm(&key, &nonce, andotp_json(v).as_bytes(), b""));
    out
}

fn andotp_old(v: &[Account]) -> Vec<u8> {
    let nonce = [0x43u8; 12];
    let key = sha256(PASSWORD.as_bytes());
    let mut out = nonce.to_vec();
    out.extend(gcm(&key, &nonce, andotp_json(v).as_bytes(), b""));
    out
}

fn signed(bytes: &[u8]) -> String {
    let items: Vec<String> = bytes.iter().map(|&b| (b as i8).to_string()).collect();
    format!("[{}]", items.join(","))
}

fn freeotp_token(a: &Account, counter_offset: i64) -> String {
    let counter = counter(a) as i64 + counter_offset;
    format!(
        r#"{{"algo":"{}","counter":{counter},"digits":{},"issuerExt":{},"issuerInt":{},"label":{},"period":{},"type":"{}"}}"#,
        alg(a),
        a.params.digits(),
        json(&a.issuer),
        json(&a.issuer),
        json(&a.name),
        period(a),
        kind(a).to_ascii_uppercase()
    )
}

fn freeotp_plus(v: &[Account]) -> String {
    // FreeOTP+ stores the counter of the last code shown: one less than the next.
    let tokens: Vec<String> = v
        .iter()
        .filter(|a| !is_steam(a))
        .map(|a| {
            let t = freeotp_token(a, -1);
            format!(
                r#"{},"secret":{}}}"#,
                &t[..t.len() - 1],
                signed(a.key.expose())
            )
        })
        .collect();
    let order: Vec<String> = v
        .iter()
        .filter(|a| !is_steam(a))
        .map(|a| json(&format!("{}:{}", a.issuer, a.name)))
        .collect();
    format!(
        r#"{{"tokenOrder":[{}],"tokens":[{}]}}"#,
        order.join(","),
        tokens.join(",")
    )
}

/// `java.util.HashMap<String,String>` as `ObjectOutputStream` writes it.
pub fn java_hashmap(pairs: &[(String, String)]) -> Vec<u8> {
    let mut out = vec![0xAC, 0xED, 0x00, 0x05, 0x73, 0x72];
    out.extend(17u16.to_be_bytes());
    out.extend(b"java.util.HashMap");
    out.extend(362_498_820_763_181_265u64.to_be_bytes());
    out.extend([0x03, 0x00, 0x02, b'F', 0x00, 0x0A]);
    out.extend(b"loadFactor");
    out.extend([b'I', 0x00, 0x09]);
    out.extend(b"threshold");
    out.extend([0x78, 0x70]);
    out.extend(0.75f32.to_be_bytes());
    out.extend(24u32.to_be_bytes());
    out.extend([0x77, 0x08]);
    out.extend(32u32.to_be_bytes());
    out.extend((pairs.len() as u32).to_be_bytes());
    for (k, v) in pairs {
        for s in [k, v] {
            out.push(0x74);
            out.extend((s.len() as u16).to_be_bytes());
            out.extend(s.as_bytes());
        }
    }
    out.push(0x78);
    out
}

fn freeotp_encrypted_key(key: &[u8], plain: &[u8], nonce: [u8; 12], token: &str) -> String {
    let ct = gcm(key, &nonce, plain, token.as_bytes());
    let mut der = vec![0x30, 0x11, 0x04, 0x0C];
    der.extend(nonce);
    der.extend([0x02, 0x01, 0x10]);
    format!(
        r#"{{"mCipher":"AES/GCM/NoPadding","mCipherText":{},"mParameters":{},"mToken":"{token}"}}"#,
        signed(&ct),
        signed(&der)
    )
}

pub fn freeotp_backup(v: &[Account], iterations: u32) -> Vec<u8> {
    let master = [0x46u8; 32];
    let salt = [0x47u8; 32];
    let derived = pbkdf2_sha512(PASSWORD, &salt, iterations);
    let mut pairs = vec![(
        "masterKey".to_owned(),
        format!(
            r#"{{"mAlgorithm":"PBKDF2withHmacSHA512","mEncryptedKey":{},"mIterations":{iterations},"mSalt":{}}}"#,
            freeotp_encrypted_key(&derived, &master, [0x48; 12], "AES"),
            signed(&salt)
        ),
    )];
    for (i, a) in v.iter().filter(|a| !is_steam(a)).enumerate() {
        let uuid = format!("7c1a9e0{i}-2b3c-4d5e-8f90-a1b2c3d4e5f6");
        let hmac = format!("Hmac{}", alg(a));
        let inner = freeotp_encrypted_key(&master, a.key.expose(), [0x50 + i as u8; 12], &hmac);
        pairs.push((uuid.clone(), format!(r#"{{"key":{}}}"#, json(&inner))));
        pairs.push((format!("{uuid}-token"), freeotp_token(a, 0)));
    }
    java_hashmap(&pairs)
}

fn lastpass(v: &[Account]) -> String {
    let accounts: Vec<String> = v
        .iter()
        .filter(|a| is_totp(a))
        .enumerate()
        .map(|(i, a)| {
            format!(
                r#"{{"accountID":"00000000-0000-4000-8000-00000000050{i}","lmiUserId":"","issuerName":{},"originalIssuerName":{},"userName":{},"originalUserName":{},"pushNotification":false,"secret":"{}","timeStep":{},"digits":{},"creationTimestamp":1700000000000,"isFavorite":false,"algorithm":"{}","folderData":{{"folderId":0,"position":{i}}}}}"#,
                json(&a.issuer),
                json(&a.issuer),
                json(&a.name),
                json(&a.name),
                b32(a),
                period(a),
                a.params.digits(),
                alg(a)
            )
        })
        .collect();
    format!(
        r#"{{"deviceId":"","deviceSecret":"","localDeviceId":"00000000-0000-4000-8000-000000000600","deviceName":"Pixel","version":3,"accounts":[{}],"folders":[{{"id":0,"name":"Other accounts","isOpened":true}}]}}"#,
        accounts.join(",")
    )
}

fn lastpass_wrapped(v: &[Account]) -> String {
    format!(r#"{{"version":1,"content":{}}}"#, json(&lastpass(v)))
}

fn totp_authenticator(v: &[Account]) -> String {
    // The app has one algorithm (SHA1): only such accounts are carried.
    let list: Vec<String> = v
        .iter()
        .filter(|a| is_totp(a) && a.params.algorithm() == Algorithm::Sha1)
        .map(|a| {
            format!(
                r#"{{"accountHeaderLabel":"","allowNotifications":false,"base":16,"digits":"{}","fileName":"","iconLabel":"","iconPath":"","isFavorite":false,"isSelected":false,"isWidgetActive":false,"issuer":{},"key":"{}","name":{},"period":"{}","setIconFromDrawable":false}}"#,
                a.params.digits(),
                json(&a.issuer),
                hex(a.key.expose()).to_ascii_uppercase(),
                json(&a.name),
                period(a)
            )
        })
        .collect();
    let list = format!("[{}]", list.join(","));
    let outer = format!("{{{}:\"2024-01-01 00:00:00\"}}", json(&list));
    b64(&cbc(
        &sha256(PASSWORD.as_bytes()),
        &[0u8; 16],
        outer.as_bytes(),
    ))
}

fn steam_mafile(v: &[Account]) -> String {
    let a = v.iter().find(|a| is_steam(a)).unwrap();
    format!(
        r#"{{"shared_secret":"{}","serial_number":"1234567890123456789","revocation_code":"R12345","uri":"otpauth://totp/Steam:{}?secret={}&issuer=Steam","server_time":1700000000,"account_name":{},"token_gid":"abc","identity_secret":"aWRlbnRpdHk=","secret_1":"c2VjcmV0","status":1,"device_id":"android:00000000-0000-4000-8000-000000000700","fully_enrolled":true,"Session":{{"SteamID":76561198000000000}}}}"#,
        b64(a.key.expose()),
        a.name,
        b32(a),
        json(&a.name)
    )
}

/// The Battle.net account of the Aegis project's test vectors
/// (`VaultEntries.java`): TOTP, SHA1, 8 digits, 30 s.
pub fn battle_net_vector() -> Account {
    "otpauth://totp/Battle.net:US-2211-2050-3346?secret=BMGRXPGFARQQF4GMT25JATL2VYLAHDBI&issuer=Battle.net&digits=8"
        .parse()
        .unwrap()
}

fn shared_prefs(strings: &[(&str, String)]) -> String {
    let mut out = String::from("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <int name=\"key_version\" value=\"121\" />\n");
    for (name, value) in strings {
        let escaped = value
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        out.push_str(&format!("    <string name=\"{name}\">{escaped}</string>\n"));
    }
    out.push_str("    <boolean name=\"backup\" value=\"true\" />\n</map>\n");
    out
}

fn authy(v: &[Account], encrypted: bool) -> String {
    // Authy's third-party tokens are SHA1 with 30 s periods.
    let tokens: Vec<String> = v
        .iter()
        .filter(|a| is_totp(a) && a.params.algorithm() == Algorithm::Sha1 && period(a) == 30)
        .enumerate()
        .map(|(i, a)| {
            let secret = if encrypted {
                let salt = format!("z01fjH2vyzYks49nxaOTp8M39eMOjx{i:02}");
                let key = pbkdf2_sha1(PASSWORD, salt.as_bytes(), 1000);
                format!(
                    r#""encryptedSecret":"{}","salt":"{salt}""#,
                    b64(&cbc(&key, &[0u8; 16], b32(a).as_bytes()))
                )
            } else {
                format!(r#""decryptedSecret":"{}""#, b32(a))
            };
            format!(
                r#"{{"accountType":"authenticator",{secret},"digits":{},"logo":{},"originalIssuer":{},"originalName":{},"timestamp":1700000000,"upload_state":"notUploaded","hidden":false,"id":"170000000{i}","isNew":false,"name":{}}}"#,
                a.params.digits(),
                json(&a.issuer),
                json(&a.issuer),
                json(&format!("{}:{}", a.issuer, a.name)),
                json(&format!("{}: {}", a.issuer, a.name))
            )
        })
        .collect();
    shared_prefs(&[(
        "com.authy.storage.tokens.authenticator.key",
        format!("[{}]", tokens.join(",")),
    )])
}

fn duo(v: &[Account]) -> String {
    // Duo Mobile makes SHA1, 6-digit codes every 30 s, and has no issuer.
    let items: Vec<String> = v
        .iter()
        .filter(|a| a.params.algorithm() == Algorithm::Sha1 && a.params.digits() == 6 && period(a) == 30 && !is_steam(a))
        .map(|a| {
            let counter = if is_hotp(a) { format!(r#","counter":{}"#, counter(a)) } else { String::new() };
            format!(
                r#"{{"version":1.0,"accountType":"OtpAccount","name":{},"otpGenerator":{{"otpSecret":"{}"{counter}}},"logoUri":"file:///logo.png","pkey":"00000000-0000-4000-8000-000000000800","serviceTypeLabelIsCustom":true}}"#,
                json(&a.name),
                b32(a)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn battle_net() -> String {
    const MASK: &str = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a";
    let mask: Vec<u8> = (0..MASK.len() / 2)
        .map(|i| u8::from_str_radix(&MASK[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let masked = |text: &str| {
        hex(&text
            .bytes()
            .zip(&mask)
            .map(|(b, m)| b ^ m)
            .collect::<Vec<u8>>())
    };
    let a = battle_net_vector();
    shared_prefs(&[
        (
            "com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE",
            "MASK".to_owned(),
        ),
        (
            "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET",
            masked(&hex(a.key.expose())),
        ),
        (
            "com.blizzard.messenger.AUTHENTICATOR_SERIAL",
            masked(&a.name),
        ),
    ])
}

/// Every generated fixture: file name and bytes.
pub fn generate() -> Vec<(&'static str, Vec<u8>)> {
    let v = vectors();
    let s = |t: String| t.into_bytes();
    vec![
        ("otpauth.txt", s(otpauth_list(&v))),
        ("winauth.txt", s(winauth(&v))),
        ("google.txt", s(google(&v))),
        ("aegis_plain.json", s(aegis_plain(&v))),
        ("aegis_encrypted.json", s(aegis_encrypted(&v))),
        ("2fas_plain.2fas", s(twofas_plain(&v))),
        ("2fas_encrypted.2fas", s(twofas_encrypted(&v))),
        ("bitwarden.json", s(bitwarden_items(&v))),
        ("bitwarden.csv", s(bitwarden_csv(&v))),
        (
            "bitwarden_authenticator.json",
            s(bitwarden_authenticator(&v)),
        ),
        (
            "bitwarden_encrypted_pbkdf2.json",
            s(bitwarden_encrypted(&v, false)),
        ),
        (
            "bitwarden_encrypted_argon2.json",
            s(bitwarden_encrypted(&v, true)),
        ),
        ("ente_plain.txt", s(ente_lines(&v))),
        ("ente_encrypted.json", s(ente_encrypted(&v))),
        ("proton_plain.json", s(proton_plain(&v))),
        ("proton_encrypted.json", s(proton_encrypted(&v))),
        ("stratum_plain.json", s(stratum_json(&v))),
        ("stratum.html", s(stratum_html(&v))),
        ("stratum_uris.txt", s(otpauth_list(&v))),
        ("stratum_encrypted.bin", stratum_strong(&v)),
        ("stratum_encrypted_legacy.bin", stratum_legacy(&v)),
        ("andotp_plain.json", s(andotp_json(&v))),
        ("andotp_encrypted.bin", andotp_new(&v)),
        ("andotp_encrypted_old.bin", andotp_old(&v)),
        ("freeotp_externalBackup.xml", freeotp_backup(&v, 100_000)),
        ("freeotp_plus.json", s(freeotp_plus(&v))),
        ("lastpass.json", s(lastpass(&v))),
        ("lastpass_wrapped.json", s(lastpass_wrapped(&v))),
        ("totp_authenticator.bin", s(totp_authenticator(&v))),
        ("steam.maFile", s(steam_mafile(&v))),
        ("authy_plain.xml", s(authy(&v, false))),
        ("authy_encrypted.xml", s(authy(&v, true))),
        ("duo.json", s(duo(&v))),
        ("battle_net.xml", s(battle_net())),
    ]
}

/// A KDBX 4 database with the seven accounts in the ways KeePass and
/// KeePassXC store them, a password-only entry and one in the recycle bin.
pub fn keepass_kdbx4() -> Vec<u8> {
    use keepass::config::{DatabaseConfig, KdfConfig};
    use keepass::db::Value;
    let v = vectors();
    let mut db = keepass::Database::new();
    // KeePassXC's default KDF (Argon2d), with a small cost for tests.
    let mut config = DatabaseConfig::default();
    if let KdfConfig::Argon2 {
        iterations,
        memory,
        parallelism,
        ..
    } = &mut config.kdf_config
    {
        *iterations = 3;
        *memory = 16 * 1024 * 1024;
        *parallelism = 2;
    }
    db.config = config;
    let by = |issuer: &str| v.iter().find(|a| a.issuer == issuer).unwrap().clone();
    {
        let mut root = db.root_mut();
        let mut add = |title: &str, user: &str, fields: &[(&str, String)]| {
            let mut entry = root.add_entry();
            entry.set_unprotected("Title", title);
            entry.set_unprotected("UserName", user);
            entry.set_protected("Password", "not-a-key");
            for (k, val) in fields {
                entry.set(k.to_string(), Value::protected(val.clone()));
            }
        };
        // KeePassXC: the otp field holds an otpauth URI.
        for issuer in ["Deno", "Airbnb", "Air Canada", "WWE"] {
            let a = by(issuer);
            add(&a.issuer, &a.name, &[("otp", a.to_uri().to_string())]);
        }
        // KeePass 2.47+: TimeOtp-* and HmacOtp-* fields.
        let a = by("SPDX");
        add(
            &a.issuer,
            &a.name,
            &[
                ("TimeOtp-Secret-Base32", b32(&a)),
                ("TimeOtp-Length", a.params.digits().to_string()),
                ("TimeOtp-Period", period(&a).to_string()),
                ("TimeOtp-Algorithm", "HMAC-SHA-256".to_owned()),
            ],
        );
        let a = by("Issuu");
        add(
            &a.issuer,
            &a.name,
            &[
                ("HmacOtp-Secret-Hex", hex(a.key.expose())),
                ("HmacOtp-Counter", counter(&a).to_string()),
            ],
        );
        // Older KeePassXC: TOTP Seed and TOTP Settings ("S" for Steam).
        let a = by("Boeing");
        add(
            &a.issuer,
            &a.name,
            &[("TOTP Seed", b32(&a)), ("TOTP Settings", "30;S".to_owned())],
        );
        add("Email", "me@example.com", &[]);
    }
    // A deleted entry: in the recycle bin, so not imported.
    let bin_id = {
        let mut root = db.root_mut();
        let mut bin = root.add_group();
        bin.name = "Recycle Bin".to_owned();
        let mut entry = bin.add_entry();
        entry.set_unprotected("Title", "Deleted");
        entry.set_protected(
            "otp",
            "otpauth://totp/Deleted:x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        );
        bin.id()
    };
    db.meta.recyclebin_enabled = Some(true);
    db.meta.recyclebin_uuid = Some(bin_id.uuid());
    let mut out = Vec::new();
    db.save(
        &mut out,
        keepass::DatabaseKey::new().with_password(PASSWORD),
    )
    .unwrap();
    out
}
