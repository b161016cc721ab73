//! `otpauth://` key URIs: parsing (forgiving of real-world quirks) and formatting.
//!
//! Spec: Google Authenticator's Key Uri Format,
//! <https://github.com/google/google-authenticator/wiki/Key-Uri-Format>:
//! `otpauth://TYPE/LABEL?secret=…&issuer=…&algorithm=…&digits=…&period=…&counter=…`,
//! where LABEL is `issuer:account` or `account`. Also read: the `steam` type
//! and `encoder=steam` used by Aegis, FreeOTP+ and KeePassXC; `image=` (kept,
//! never fetched). Every malformed input is a [`UriError`] naming the field.

use crate::account::Account;
use crate::key_entry::{self, KeyError};
use crate::otp::{Algorithm, OtpParams, ParamError, DEFAULT_PERIOD};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::str::FromStr;
use zeroize::Zeroizing;

/// Characters left as they are in formatted labels and values: RFC 3986 unreserved, and `@`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Longest `otpauth://` link read, in bytes (white space around it aside),
/// checked before anything is parsed. A QR code holds at most 4,296
/// characters; real setup links are a few hundred.
pub const MAX_LINK_BYTES: usize = 4 * 1024;

/// Why an otpauth URI was refused. Each variant names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UriError {
    /// Nothing but white space.
    #[error("the setup link is empty")]
    Empty,
    /// Longer than [`MAX_LINK_BYTES`] (or, for a transfer link,
    /// [`crate::migration::MAX_MIGRATION_BYTES`]); nothing was parsed.
    #[error("the setup link is too long ({bytes} bytes; at most {max})")]
    TooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// No `scheme://` at all.
    #[error("this is not a setup link: it should start with otpauth://")]
    NotAUri,
    /// A scheme other than `otpauth`.
    #[error("unsupported link type '{0}://': expected otpauth://")]
    WrongScheme(String),
    /// Nothing after `otpauth://`.
    #[error("the link has no OTP type: expected otpauth://totp/ or otpauth://hotp/")]
    MissingType,
    /// A type other than totp, hotp or steam.
    #[error("unknown OTP type '{0}': expected totp, hotp or steam")]
    UnknownType(String),
    /// The label has more than one `issuer:` prefix.
    #[error("the label '{0}' has more than two parts: expected issuer:account")]
    LabelTooManyParts(String),
    /// Percent-encoding that does not decode to UTF-8.
    #[error("the {0} is not valid text after decoding")]
    BadEncoding(&'static str),
    /// A control character (NUL, BEL, …) in a name: no real name has one.
    #[error("the {field} contains a control character (U+{code:04X}): no real name has one")]
    ControlCharacter {
        /// `label` or `issuer`.
        field: &'static str,
        /// The character's code point.
        code: u32,
    },
    /// A parameter given twice.
    #[error("the parameter '{0}' appears more than once")]
    DuplicateParameter(String),
    /// No `secret=`.
    #[error("the link has no secret parameter")]
    MissingSecret,
    /// The secret is not a usable base32 key.
    #[error("the secret is not valid: {0}")]
    BadSecret(#[source] KeyError),
    /// `algorithm=` other than SHA1/SHA256/SHA512.
    #[error("unsupported algorithm '{0}': expected SHA1, SHA256 or SHA512")]
    UnknownAlgorithm(String),
    /// `digits=` not a number, or out of range.
    #[error("digits '{0}' is not supported: expected 6, 7 or 8")]
    BadDigits(String),
    /// `period=` not a number, or out of range.
    #[error("period '{0}' is not supported: expected 1 to 3600 seconds")]
    BadPeriod(String),
    /// An hotp link without `counter=`.
    #[error("an hotp link needs a counter parameter")]
    MissingCounter,
    /// `counter=` not a whole number.
    #[error("counter '{0}' is not a whole number from 0 to 18446744073709551615")]
    BadCounter(String),
    /// `issuer=` and the label's prefix name different issuers.
    #[error("the issuer parameter '{parameter}' does not match the label's issuer '{label}'")]
    IssuerMismatch {
        /// Issuer from the label prefix.
        label: String,
        /// Issuer from the `issuer=` parameter.
        parameter: String,
    },
}

impl FromStr for Account {
    type Err = UriError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// Splits `scheme://rest`, with the scheme lower-cased.
pub(crate) fn split_scheme(input: &str) -> Result<(String, &str), UriError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(UriError::Empty);
    }
    let (scheme, rest) = trimmed.split_once("://").ok_or(UriError::NotAUri)?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return Err(UriError::NotAUri);
    }
    Ok((scheme.to_ascii_lowercase(), rest))
}

/// Decodes one query value: `+` is a space, then percent-decoding.
fn decode_query_value(raw: &str, field: &'static str) -> Result<String, UriError> {
    let spaced = raw.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|v| v.into_owned())
        .map_err(|_| UriError::BadEncoding(field))
}

fn decode_label_part(raw: &str) -> Result<String, UriError> {
    let text = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| UriError::BadEncoding("label"))?;
    clean_name("label", &text)
}

/// A decoded name as shown: without the direction overrides, embeddings
/// and isolates (U+202A–U+202E, U+2066–U+2069) that could make it read as
/// another name, trimmed; a control character is refused.
fn clean_name(field: &'static str, text: &str) -> Result<String, UriError> {
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(UriError::ControlCharacter {
            field,
            code: u32::from(c),
        });
    }
    Ok(text
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .trim()
        .to_owned())
}

/// Parsed query parameters, each at most once.
#[derive(Default)]
struct Query {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    image: Option<String>,
    encoder: Option<String>,
}

/// Reads query parameters. Names are case-insensitive; unknown names are ignored.
pub(crate) fn parse_query(query: &str) -> Result<Vec<(String, Zeroizing<String>)>, UriError> {
    let mut out = Vec::new();
    for pair in query.split('&').filter(|p| !p.trim().is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = name.trim().to_ascii_lowercase();
        let field: &'static str = match name.as_str() {
            "secret" => "secret",
            "issuer" => "issuer",
            "image" => "image",
            _ => "parameter",
        };
        let value = Zeroizing::new(decode_query_value(value, field)?);
        if out.iter().any(|(n, _)| *n == name) {
            return Err(UriError::DuplicateParameter(name));
        }
        out.push((name, value));
    }
    Ok(out)
}

impl Query {
    fn read(query: &str) -> Result<Self, UriError> {
        let mut q = Query::default();
        for (name, value) in parse_query(query)? {
            let text = || value.trim().to_owned();
            match name.as_str() {
                "secret" => q.secret = Some(value),
                "issuer" => q.issuer = Some(clean_name("issuer", &value)?),
                "algorithm" => q.algorithm = Some(text()),
                "digits" => q.digits = Some(text()),
                "period" => q.period = Some(text()),
                "counter" => q.counter = Some(text()),
                "image" => q.image = Some(text()),
                "encoder" => q.encoder = Some(text()),
                _ => {}
            }
        }
        Ok(q)
    }
}

/// Splits a still-encoded label into (issuer prefix, account name).
/// The issuer and name an `otpauth://` link's label gives, read as far as
/// it can be even when the link is unusable (to name it in a message). Never
/// the key.
pub fn label_of(input: &str) -> Option<(String, String)> {
    check_length(input, MAX_LINK_BYTES).ok()?;
    let (_, rest) = split_scheme(input).ok()?;
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    // Without its `?` the query (and the key in it) would read as the label.
    let (path, _) = rest.split_once('?')?;
    let (_, raw_label) = path.split_once('/')?;
    let (issuer, name) = split_label(raw_label, None).ok()?;
    let suspicious = |s: &str| s.to_ascii_lowercase().contains("secret");
    if suspicious(&issuer.clone().unwrap_or_default()) || suspicious(&name) {
        return None;
    }
    Some((issuer.unwrap_or_default(), name))
}

fn split_label(
    raw: &str,
    issuer_param: Option<&str>,
) -> Result<(Option<String>, String), UriError> {
    let raw_colons = raw.matches(':').count();
    if raw_colons > 1 {
        return Err(UriError::LabelTooManyParts(
            decode_label_part(raw).unwrap_or_else(|_| raw.to_owned()),
        ));
    }
    if let Some((prefix, name)) = raw.split_once(':') {
        let prefix = decode_label_part(prefix)?;
        return Ok((
            (!prefix.is_empty()).then_some(prefix),
            decode_label_part(name)?,
        ));
    }
    // No literal separator: the separator may itself be percent-encoded (`%3A`).
    let decoded = decode_label_part(raw)?;
    if let Some(issuer) = issuer_param.filter(|i| !i.is_empty()) {
        if let Some(rest) =
            strip_prefix_ignore_case(&decoded, issuer).and_then(|r| r.strip_prefix(':'))
        {
            return Ok((Some(issuer.to_owned()), rest.trim().to_owned()));
        }
    }
    match decoded.matches(':').count() {
        0 => Ok((None, decoded)),
        1 => {
            let (prefix, name) = decoded.split_once(':').unwrap_or(("", &decoded));
            let prefix = prefix.trim();
            Ok((
                (!prefix.is_empty()).then(|| prefix.to_owned()),
                name.trim().to_owned(),
            ))
        }
        _ => Err(UriError::LabelTooManyParts(decoded)),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn same_issuer(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Refuses a link longer than `max` bytes, before it is parsed.
pub(crate) fn check_length(input: &str, max: usize) -> Result<(), UriError> {
    let bytes = input.trim().len();
    if bytes > max {
        return Err(UriError::TooLong { bytes, max });
    }
    Ok(())
}

/// Parses an `otpauth://` URI (at most [`MAX_LINK_BYTES`]).
pub fn parse(input: &str) -> Result<Account, UriError> {
    check_length(input, MAX_LINK_BYTES)?;
    let (scheme, rest) = split_scheme(input)?;
    if scheme != "otpauth" {
        return Err(UriError::WrongScheme(scheme));
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (kind_text, raw_label) = path.split_once('/').unwrap_or((path, ""));
    if kind_text.trim().is_empty() {
        return Err(UriError::MissingType);
    }
    let q = Query::read(query)?;

    // Label and issuer.
    let (label_issuer, name) = split_label(raw_label, q.issuer.as_deref())?;
    let issuer = match (label_issuer, q.issuer.filter(|i| !i.is_empty())) {
        (Some(label), Some(parameter)) if !same_issuer(&label, &parameter) => {
            return Err(UriError::IssuerMismatch { label, parameter })
        }
        (_, Some(parameter)) => parameter,
        (Some(label), None) => label,
        (None, None) => String::new(),
    };

    // Key.
    let secret = q.secret.ok_or(UriError::MissingSecret)?;
    if secret.trim().is_empty() {
        return Err(UriError::MissingSecret);
    }
    let key = key_entry::check_written_key(&secret)
        .map_err(UriError::BadSecret)?
        .key;

    // Parameters.
    let algorithm = match q.algorithm.as_deref() {
        None | Some("") => Algorithm::Sha1,
        Some(text) => text
            .parse()
            .map_err(|_| UriError::UnknownAlgorithm(text.to_owned()))?,
    };
    let digits = match q.digits.as_deref() {
        None | Some("") => 6,
        Some(text) => text
            .parse::<u32>()
            .map_err(|_| UriError::BadDigits(text.to_owned()))?,
    };
    let period = match q.period.as_deref() {
        None | Some("") => u64::from(DEFAULT_PERIOD),
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| UriError::BadPeriod(text.to_owned()))?,
    };
    let steam_encoder = q
        .encoder
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("steam"));
    let params = match kind_text.trim().to_ascii_lowercase().as_str() {
        "steam" => OtpParams::steam(period),
        "totp" if steam_encoder => OtpParams::steam(period),
        "totp" => OtpParams::totp(algorithm, digits, period),
        "hotp" => {
            let text = q.counter.ok_or(UriError::MissingCounter)?;
            let counter = text
                .parse::<u64>()
                .map_err(|_| UriError::BadCounter(text.clone()))?;
            OtpParams::hotp(algorithm, digits, counter)
        }
        other => return Err(UriError::UnknownType(other.to_owned())),
    }
    .map_err(|e| match e {
        ParamError::Digits(d) => UriError::BadDigits(d.to_string()),
        ParamError::Period(p) => UriError::BadPeriod(p.to_string()),
        ParamError::UnknownKind(k) => UriError::UnknownType(k),
    })?;

    Ok(Account {
        issuer,
        name,
        params,
        key,
        image: q.image.filter(|i| !i.is_empty()),
    })
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

impl Account {
    /// The account as an `otpauth://` URI. Contains the key, so it is wiped when dropped.
    pub fn to_uri(&self) -> Zeroizing<String> {
        let label = if !self.issuer.is_empty() {
            format!("{}:{}", encode(&self.issuer), encode(&self.name))
        } else if self.name.contains(':') {
            // An empty issuer keeps a colon in the name from being read as a separator.
            format!(":{}", encode(&self.name))
        } else {
            encode(&self.name)
        };
        let mut uri = Zeroizing::new(format!(
            "otpauth://{}/{}?secret={}",
            self.params.kind().as_str(),
            label,
            self.key.to_base32().as_str()
        ));
        if !self.issuer.is_empty() {
            uri.push_str(&format!("&issuer={}", encode(&self.issuer)));
        }
        match self.params {
            OtpParams::Totp {
                algorithm,
                digits,
                period,
            } => {
                uri.push_str(&format!(
                    "&algorithm={algorithm}&digits={digits}&period={period}"
                ));
            }
            OtpParams::Hotp {
                algorithm,
                digits,
                counter,
            } => {
                uri.push_str(&format!(
                    "&algorithm={algorithm}&digits={digits}&counter={counter}"
                ));
            }
            OtpParams::Steam { period } => {
                if period != DEFAULT_PERIOD {
                    uri.push_str(&format!("&period={period}"));
                }
            }
        }
        if let Some(image) = &self.image {
            uri.push_str(&format!("&image={}", encode(image)));
        }
        uri
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_example() {
        let account: Account =
            "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
                .parse()
                .unwrap();
        assert_eq!(account.issuer, "Example");
        assert_eq!(account.name, "alice@google.com");
        assert_eq!(
            account.params,
            OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap()
        );
        assert_eq!(account.key.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn formats_then_parses_back() {
        let account: Account =
            "otpauth://hotp/ACME%20Co:john.doe%2Btest@email.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7&digits=8&algorithm=SHA256"
                .parse()
                .unwrap();
        let uri = account.to_uri();
        assert_eq!(
            uri.as_str(),
            "otpauth://hotp/ACME%20Co:john.doe%2Btest@email.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&algorithm=SHA256&digits=8&counter=7"
        );
        assert_eq!(uri.parse::<Account>().unwrap(), account);
    }

    #[test]
    fn control_characters_are_refused_and_direction_overrides_dropped() {
        let err = parse("otpauth://totp/Ex:a%00b?secret=JBSWY3DPEHPK3PXP").unwrap_err();
        assert_eq!(
            err,
            UriError::ControlCharacter {
                field: "label",
                code: 0
            }
        );
        assert_eq!(
            err.to_string(),
            "the label contains a control character (U+0000): no real name has one"
        );
        let err = parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=E%1Bx").unwrap_err();
        assert!(matches!(
            err,
            UriError::ControlCharacter {
                field: "issuer",
                code: 0x1b
            }
        ));
        let account =
            parse("otpauth://totp/%E2%80%AEEx:%E2%81%A6alice%E2%81%A9?secret=JBSWY3DPEHPK3PXP")
                .unwrap();
        assert_eq!(
            (account.issuer.as_str(), account.name.as_str()),
            ("Ex", "alice")
        );
    }
}
