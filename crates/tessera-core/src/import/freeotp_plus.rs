//! FreeOTP+ JSON export (`{"tokens":[…],"tokenOrder":[…]}`).
//!
//! Source: FreeOTP+'s `Token`/`TokenPersistence`
//! (<https://github.com/helloworld1/FreeOTPPlus>, `app/src/main/java/org/fedorahosted/freeotp/`)
//! and Aegis's `FreeOtpPlusImporter`. Each token has `secret` as an array of
//! signed bytes, `algo`, `digits`, `period`, `type` (TOTP/HOTP), `counter`,
//! `issuerExt`, `label`. FreeOTP+ stores the HOTP counter one below the next
//! code's: the Aegis project's sample export holds 0, 49 and 10299 for
//! accounts added from URIs with counters 1, 50 and 10300 (Aegis's test
//! notes the same "-1"). The next counter here is the stored one plus one,
//! so the codes continue where FreeOTP+ would.
//! Cannot carry: Steam codes except as issuer "Steam" (then read as Steam,
//! as FreeOTP+ shows them).

use super::{
    algorithm, hotp, key_from_bytes, opt_int, steam, totp, Account, Collector, EntryLabel, Format,
    ImportError, Input, SkipReason,
};
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::FreeOtpPlus;

#[derive(serde::Deserialize)]
struct File<'a> {
    #[serde(borrow)]
    tokens: Vec<&'a RawValue>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    secret: Option<Zeroizing<Vec<i16>>>,
    algo: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    #[serde(rename = "type")]
    kind: Option<String>,
    counter: Option<Value>,
    issuer_ext: Option<String>,
    label: Option<String>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let file: File<'_> = serde_json::from_str(&text).map_err(|e| ImportError::json(F, &e))?;
    out.expect(file.tokens.len())?;
    for raw in file.tokens {
        match serde_json::from_str::<Token>(raw.get()) {
            Ok(token) => {
                let label = EntryLabel::new(
                    token.issuer_ext.as_deref().unwrap_or(""),
                    token.label.as_deref().unwrap_or(""),
                );
                out.push(label, convert(&token))?;
            }
            Err(e) => out.push(
                EntryLabel::default(),
                Err(SkipReason::BadEntry(super::json_error_text(&e))),
            )?,
        }
    }
    Ok(())
}

fn convert(token: &Token) -> Result<Account, SkipReason> {
    let issuer = token.issuer_ext.as_deref().unwrap_or("").trim();
    let algorithm = algorithm(token.algo.as_deref())?;
    let digits = opt_int(token.digits.as_ref(), "digits")?.unwrap_or(6);
    let period = opt_int(token.period.as_ref(), "period")?.unwrap_or(30);
    let params = match token
        .kind
        .as_deref()
        .unwrap_or("TOTP")
        .to_ascii_uppercase()
        .as_str()
    {
        "TOTP" if issuer == "Steam" => steam(algorithm, None, period)?,
        "TOTP" => totp(algorithm, digits, period)?,
        "HOTP" => {
            let stored = opt_int(token.counter.as_ref(), "counter")?.unwrap_or(0);
            let next = stored
                .checked_add(1)
                .ok_or_else(|| SkipReason::BadParams("the counter is too large".into()))?;
            hotp(algorithm, digits, next)?
        }
        _ => return Err(SkipReason::BadParams("the token type is not known".into())),
    };
    let secret = token
        .secret
        .as_ref()
        .ok_or_else(|| SkipReason::BadEntry("the token has no secret".into()))?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(secret.len()));
    for &b in secret.iter() {
        bytes.push(match b {
            -128..=-1 => (b + 256) as u8,
            0..=255 => b as u8,
            _ => {
                return Err(SkipReason::BadKey(
                    "the secret holds a value that is not a byte".into(),
                ))
            }
        });
    }
    Ok(Account {
        issuer: issuer.to_owned(),
        name: token.label.as_deref().unwrap_or("").trim().to_owned(),
        params,
        key: key_from_bytes(bytes.to_vec())?,
        image: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{detect, read, Format};
    use crate::otp::{Algorithm, OtpParams};

    #[test]
    fn signed_bytes_and_counter() {
        let file = br#"{"tokenOrder":["WWE:Mason"],"tokens":[
          {"algo":"SHA512","counter":10299,"digits":8,"issuerExt":"WWE","label":"Mason","period":30,"secret":[-19,64,-59,-18,-5,-20,-50,34,6,-79,93,117,-63,24,42,118],"type":"HOTP"},
          {"algo":"SHA1","digits":6,"issuerExt":"Big","label":"x","period":30,"secret":[1000,1,1,1,1,1,1,1,1,1],"type":"TOTP"}
        ]}"#;
        assert_eq!(detect(file).unwrap().format, Format::FreeOtpPlus);
        let got = read(file, None, None).unwrap();
        assert_eq!(
            got.accounts[0].params,
            OtpParams::hotp(Algorithm::Sha512, 8, 10300).unwrap()
        );
        assert_eq!(
            got.accounts[0].key.to_base32().as_str(),
            "5VAML3X35THCEBVRLV24CGBKOY"
        );
        assert_eq!(got.skipped.len(), 1);
    }
}
