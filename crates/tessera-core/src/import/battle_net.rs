//! Battle.net Authenticator (Blizzard's app), its SharedPreferences XML from
//! a rooted phone.
//!
//! Source: Aegis's `BattleNetImporter`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/app/src/main/java/com/beemdevelopment/aegis/importers/BattleNetImporter.java>).
//! `com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET` and `…_SERIAL` are
//! hex, XOR-masked with a fixed 56-byte mask (the app's own "MASK"
//! encryption type); unmasked, the secret is the key in hex and the serial
//! the account name. Codes are TOTP, SHA1, 8 digits, 30 s, issuer
//! "Battle.net". Cannot carry: anything but that one account.

use super::shared_prefs;
use super::{
    hex_decode, key_from_bytes, Account, Collector, EntryLabel, Format, ImportError, Input,
    SkipReason,
};
use crate::otp::{Algorithm, OtpParams};
use zeroize::Zeroizing;

const F: Format = Format::BattleNet;
pub(crate) const SECRET: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
/// The app's fixed XOR mask.
const MASK: [u8; 56] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
    0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
    0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64,
    0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b,
];

fn unmask(hex: &str) -> Option<Zeroizing<String>> {
    let bytes = hex_decode(hex)?;
    if bytes.len() > MASK.len() {
        return None;
    }
    let plain: Zeroizing<Vec<u8>> =
        Zeroizing::new(bytes.iter().zip(MASK).map(|(b, m)| b ^ m).collect());
    String::from_utf8(plain.to_vec()).ok().map(Zeroizing::new)
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let strings = shared_prefs::strings(&text);
    let get = |name: &str| strings.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let secret = get(SECRET)
        .ok_or_else(|| ImportError::malformed(F, "the file has no authenticator secret"))?;
    let serial = get(SERIAL)
        .filter(|s| !s.is_empty())
        .map(|s| unmask(s).map(|s| s.to_string()).unwrap_or_default())
        .unwrap_or_default();
    let result = (|| {
        let hex = unmask(secret)
            .ok_or_else(|| SkipReason::BadKey("the secret cannot be unmasked".into()))?;
        let key = hex_decode(&hex)
            .ok_or_else(|| SkipReason::BadKey("the unmasked secret is not hexadecimal".into()))?;
        Ok(Account {
            issuer: "Battle.net".into(),
            name: serial.clone(),
            params: OtpParams::totp(Algorithm::Sha1, 8, 30)
                .map_err(|e| SkipReason::BadParams(e.to_string()))?,
            key: key_from_bytes(key.to_vec())?,
            image: None,
        })
    })();
    out.push(EntryLabel::new("Battle.net", &serial), result)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read};

    #[test]
    fn unmasks() {
        let file = br#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET">09ec179861450806035080d113c5f05e62f67316110eec1bd495a9cdb65a3cb3f93b1f80b80b4507</string>
    <string name="com.blizzard.messenger.AUTHENTICATOR_SERIAL">6cdd0ace62165b48525585d508c7f35832</string>
</map>"#;
        assert_eq!(detect(file).unwrap().format, F);
        let got = read(file, None, None).unwrap();
        assert_eq!(got.accounts[0].name, "US-2211-2050-3346");
        assert_eq!(
            got.accounts[0].key.to_base32().as_str(),
            "BMGRXPGFARQQF4GMT25JATL2VYLAHDBI"
        );
        assert_eq!(
            got.accounts[0].params,
            OtpParams::totp(Algorithm::Sha1, 8, 30).unwrap()
        );
    }
}
