//! Google Authenticator transfer codes: `otpauth-migration://offline?data=…`.
//!
//! The `data` parameter is base64 of a protobuf `MigrationPayload`. There is no
//! published spec; the schema below is the one every compatible tool uses
//! (see e.g. `google_auth.proto` in dim13/otpauth and Aegis's
//! `GoogleAuthInfo`). One export may span several QR codes: each carries
//! `batch_size`, `batch_index` and a shared `batch_id`, so the caller can
//! collect all parts. Unknown enum values and truncated payloads are errors.

use crate::account::Account;
use crate::key_entry::{KeyError, MIN_KEY_BITS};
use crate::otp::{Algorithm, OtpParams, DEFAULT_PERIOD};
use crate::otpauth::{check_length, parse_query, split_scheme, UriError};
use crate::secret::SecretKey;
use base64::Engine as _;
use prost::Message;
use zeroize::Zeroize;

/// The protobuf messages, declared by hand (no build script, no `protoc`).
mod proto {
    /// `MigrationPayload`.
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct MigrationPayload {
        #[prost(message, repeated, tag = "1")]
        pub otp_parameters: Vec<OtpParameters>,
        #[prost(int32, tag = "2")]
        pub version: i32,
        #[prost(int32, tag = "3")]
        pub batch_size: i32,
        #[prost(int32, tag = "4")]
        pub batch_index: i32,
        #[prost(int32, tag = "5")]
        pub batch_id: i32,
    }

    /// `MigrationPayload.OtpParameters`. Its `Debug` is derived by prost, so
    /// values of this type are kept private to this module and wiped after use.
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct OtpParameters {
        #[prost(bytes = "vec", tag = "1")]
        pub secret: Vec<u8>,
        #[prost(string, tag = "2")]
        pub name: String,
        #[prost(string, tag = "3")]
        pub issuer: String,
        #[prost(int32, tag = "4")]
        pub algorithm: i32,
        #[prost(int32, tag = "5")]
        pub digits: i32,
        #[prost(int32, tag = "6")]
        pub r#type: i32,
        #[prost(int64, tag = "7")]
        pub counter: i64,
    }
}

/// Longest `otpauth-migration://` link read, in bytes (white space around it
/// aside), checked before anything is decoded. One QR code of Google
/// Authenticator's export holds at most about 2,900 bytes; 64 KiB leaves room
/// for a link pasted from elsewhere and bounds what a hostile one can ask for
/// (its accounts are all kept in memory).
pub const MAX_MIGRATION_BYTES: usize = 64 * 1024;

/// Why a transfer code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    /// Not an `otpauth-migration://` link at all.
    #[error(transparent)]
    Uri(#[from] UriError),
    /// Scheme other than `otpauth-migration`.
    #[error("unsupported link type '{0}://': expected otpauth-migration://")]
    WrongScheme(String),
    /// No `data=` parameter.
    #[error("the transfer link has no data parameter")]
    MissingData,
    /// `data` is not base64.
    #[error("the transfer data is not valid base64")]
    BadBase64,
    /// A valid payload with no accounts in it.
    #[error("the transfer code holds no accounts")]
    NoAccounts,
    /// The protobuf could not be decoded (for example, a truncated QR text).
    #[error("the transfer data is damaged or incomplete")]
    BadPayload,
    /// An account's algorithm number is not known.
    #[error("account {index} uses an unknown algorithm (code {value})")]
    UnknownAlgorithm {
        /// 1-based position of the account in this code.
        index: usize,
        /// The raw enum value.
        value: i32,
    },
    /// An account's digit-count number is not known.
    #[error("account {index} uses an unknown number of digits (code {value})")]
    UnknownDigits {
        /// 1-based position of the account in this code.
        index: usize,
        /// The raw enum value.
        value: i32,
    },
    /// An account's OTP type number is not known.
    #[error("account {index} uses an unknown OTP type (code {value})")]
    UnknownType {
        /// 1-based position of the account in this code.
        index: usize,
        /// The raw enum value.
        value: i32,
    },
    /// An HOTP counter below zero.
    #[error("account {index} has a negative counter")]
    NegativeCounter {
        /// 1-based position of the account in this code.
        index: usize,
    },
    /// A key shorter than [`MIN_KEY_BITS`].
    #[error("account {index} has an unusable key: {source}")]
    BadKey {
        /// 1-based position of the account in this code.
        index: usize,
        /// What is wrong with the key.
        source: KeyError,
    },
    /// Batch fields that cannot be right (index past size).
    #[error("the transfer code says it is part {index} of {size}")]
    BadBatch {
        /// 0-based batch index as stored.
        index: i32,
        /// Batch size as stored.
        size: i32,
    },
}

/// One QR code of a Google Authenticator export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationBatch {
    /// The accounts in this code.
    pub accounts: Vec<Account>,
    /// Payload format version.
    pub version: i32,
    /// How many codes make up the whole export (at least 1).
    pub batch_size: u32,
    /// Which one this is, from 0.
    pub batch_index: u32,
    /// Shared by all codes of one export.
    pub batch_id: i32,
}

/// The raw account name as stored, before the issuer prefix is removed.
fn account_name(issuer: &str, raw_name: &str) -> String {
    if !issuer.is_empty() {
        if let Some(rest) = raw_name
            .strip_prefix(issuer)
            .and_then(|r| r.strip_prefix(':'))
        {
            return rest.trim().to_owned();
        }
    }
    match raw_name.split_once(':') {
        Some((prefix, rest)) if issuer.is_empty() || prefix.trim() == issuer.trim() => {
            rest.trim().to_owned()
        }
        _ => raw_name.trim().to_owned(),
    }
}

fn convert(index: usize, mut p: proto::OtpParameters) -> Result<Account, MigrationError> {
    let key = SecretKey::from_bytes(std::mem::take(&mut p.secret));
    if key.bits() < MIN_KEY_BITS {
        return Err(MigrationError::BadKey {
            index,
            source: KeyError::TooShort {
                bits: key.bits(),
                symbols: key.bits().div_ceil(5),
            },
        });
    }
    let algorithm = match p.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        value => return Err(MigrationError::UnknownAlgorithm { index, value }),
    };
    let digits = match p.digits {
        0 | 1 => 6,
        2 => 8,
        value => return Err(MigrationError::UnknownDigits { index, value }),
    };
    let params = match p.r#type {
        0 | 2 => OtpParams::totp(algorithm, digits, u64::from(DEFAULT_PERIOD)),
        1 => {
            let counter =
                u64::try_from(p.counter).map_err(|_| MigrationError::NegativeCounter { index })?;
            OtpParams::hotp(algorithm, digits, counter)
        }
        value => return Err(MigrationError::UnknownType { index, value }),
    }
    .map_err(|_| MigrationError::UnknownDigits {
        index,
        value: p.digits,
    })?;
    let name = account_name(&p.issuer, &p.name);
    Ok(Account {
        issuer: p.issuer.trim().to_owned(),
        name,
        params,
        key,
        image: None,
    })
}

/// Decodes the `data` value: standard or URL-safe base64, padded or not.
fn decode_base64(data: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, MigrationError> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let cleaned: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    let standard = GeneralPurpose::new(&base64::alphabet::STANDARD, config);
    let url_safe = GeneralPurpose::new(&base64::alphabet::URL_SAFE, config);
    standard
        .decode(&cleaned)
        .or_else(|_| url_safe.decode(&cleaned))
        .map(zeroize::Zeroizing::new)
        .map_err(|_| MigrationError::BadBase64)
}

/// Parses one `otpauth-migration://offline?data=…` link (at most [`MAX_MIGRATION_BYTES`]).
pub fn parse_migration(input: &str) -> Result<MigrationBatch, MigrationError> {
    check_length(input, MAX_MIGRATION_BYTES)?;
    let (scheme, rest) = split_scheme(input)?;
    if scheme != "otpauth-migration" {
        return Err(MigrationError::WrongScheme(scheme));
    }
    let query = rest.split_once('?').map_or("", |(_, q)| q);
    // `parse_query` turns `+` into a space; in base64 it is a literal `+`.
    let raw = query
        .split('&')
        .find_map(|pair| {
            pair.split_once('=')
                .filter(|(k, _)| k.eq_ignore_ascii_case("data"))
        })
        .map(|(_, v)| v.to_owned())
        .ok_or(MigrationError::MissingData)?;
    // Validate the rest of the query the same way as otpauth links (duplicates, encoding).
    parse_query(query)?;
    let raw = percent_encoding::percent_decode_str(&raw)
        .decode_utf8()
        .map_err(|_| MigrationError::BadBase64)?
        .into_owned();
    let bytes = decode_base64(&raw)?;
    let mut payload = proto::MigrationPayload::decode(bytes.as_slice())
        .map_err(|_| MigrationError::BadPayload)?;
    if payload.otp_parameters.is_empty() {
        return Err(MigrationError::NoAccounts);
    }
    let batch_size = payload.batch_size.max(1);
    if payload.batch_index < 0 || payload.batch_index >= batch_size {
        return Err(MigrationError::BadBatch {
            index: payload.batch_index,
            size: payload.batch_size,
        });
    }
    let mut accounts = Vec::with_capacity(payload.otp_parameters.len());
    for (i, params) in std::mem::take(&mut payload.otp_parameters)
        .into_iter()
        .enumerate()
    {
        accounts.push(convert(i + 1, params)?);
    }
    Ok(MigrationBatch {
        accounts,
        version: payload.version,
        batch_size: batch_size.unsigned_abs(),
        batch_index: payload.batch_index.unsigned_abs(),
        batch_id: payload.batch_id,
    })
}

impl Drop for proto::OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// Encodes accounts as one transfer link (used by tests and future exports).
pub fn format_migration(
    accounts: &[Account],
    batch_index: u32,
    batch_size: u32,
    batch_id: i32,
) -> zeroize::Zeroizing<String> {
    let payload = proto::MigrationPayload {
        otp_parameters: accounts
            .iter()
            .map(|a| proto::OtpParameters {
                secret: a.key.expose().to_vec(),
                name: if a.issuer.is_empty() {
                    a.name.clone()
                } else {
                    format!("{}:{}", a.issuer, a.name)
                },
                issuer: a.issuer.clone(),
                algorithm: match a.params.algorithm() {
                    Algorithm::Sha1 => 1,
                    Algorithm::Sha256 => 2,
                    Algorithm::Sha512 => 3,
                },
                digits: if a.params.digits() == 8 { 2 } else { 1 },
                r#type: if a.params.counter().is_some() { 1 } else { 2 },
                counter: a
                    .params
                    .counter()
                    .map_or(0, |c| i64::try_from(c).unwrap_or(i64::MAX)),
            })
            .collect(),
        version: 1,
        batch_size: i32::try_from(batch_size).unwrap_or(i32::MAX),
        batch_index: i32::try_from(batch_index).unwrap_or(i32::MAX),
        batch_id,
    };
    let bytes = zeroize::Zeroizing::new(payload.encode_to_vec());
    let b64 =
        zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes.as_slice()));
    let encoded = percent_encoding::utf8_percent_encode(&b64, percent_encoding::NON_ALPHANUMERIC);
    zeroize::Zeroizing::new(format!("otpauth-migration://offline?data={encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";

    #[test]
    fn decodes_the_example_export() {
        let batch = parse_migration(EXAMPLE).unwrap();
        assert_eq!(batch.accounts.len(), 1);
        let account = &batch.accounts[0];
        assert_eq!(account.issuer, "Example");
        assert_eq!(account.name, "alice@google.com");
        assert_eq!(account.key.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!(
            account.params,
            OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap()
        );
        assert_eq!((batch.batch_size, batch.batch_index), (1, 0));
    }

    #[test]
    fn raw_name_keeps_the_prefix() {
        let bytes =
            decode_base64("CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
                .unwrap();
        let payload = proto::MigrationPayload::decode(bytes.as_slice()).unwrap();
        assert_eq!(payload.otp_parameters[0].name, "Example:alice@google.com");
        assert_eq!(payload.otp_parameters[0].r#type, 2);
    }

    #[test]
    fn truncated_payload_is_an_error() {
        let full =
            decode_base64("CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
                .unwrap();
        for cut in 1..full.len() {
            let b64 = base64::engine::general_purpose::STANDARD.encode(&full[..cut]);
            let uri = format!("otpauth-migration://offline?data={b64}");
            assert!(parse_migration(&uri).is_err(), "cut at {cut} decoded");
        }
    }

    fn link(payload: &proto::MigrationPayload) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(payload.encode_to_vec());
        format!(
            "otpauth-migration://offline?data={}",
            b64.replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D")
        )
    }

    fn params(algorithm: i32, digits: i32, kind: i32, counter: i64) -> proto::OtpParameters {
        proto::OtpParameters {
            secret: b"12345678901234567890".to_vec(),
            name: "Issuer:bob".into(),
            issuer: "Issuer".into(),
            algorithm,
            digits,
            r#type: kind,
            counter,
        }
    }

    fn payload(p: Vec<proto::OtpParameters>, size: i32, index: i32) -> proto::MigrationPayload {
        proto::MigrationPayload {
            otp_parameters: p,
            version: 1,
            batch_size: size,
            batch_index: index,
            batch_id: -77,
        }
    }

    #[test]
    fn every_enum_value_and_batch_fields() {
        let batch = parse_migration(&link(&payload(
            vec![
                params(1, 1, 2, 0),
                params(2, 2, 1, 5),
                params(3, 0, 0, 0),
                params(0, 1, 2, 0),
            ],
            3,
            2,
        )))
        .unwrap();
        assert_eq!(
            (
                batch.batch_size,
                batch.batch_index,
                batch.batch_id,
                batch.version
            ),
            (3, 2, -77, 1)
        );
        let p: Vec<OtpParams> = batch.accounts.iter().map(|a| a.params).collect();
        assert_eq!(
            p,
            vec![
                OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap(),
                OtpParams::hotp(Algorithm::Sha256, 8, 5).unwrap(),
                OtpParams::totp(Algorithm::Sha512, 6, 30).unwrap(),
                OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap(),
            ]
        );
        assert_eq!(batch.accounts[1].name, "bob");
        assert_eq!(batch.accounts[1].key.expose(), b"12345678901234567890");
    }

    #[test]
    fn unknown_enums_and_bad_values_are_errors() {
        let cases = [
            (
                params(4, 1, 2, 0),
                "account 1 uses an unknown algorithm (code 4)",
            ),
            (
                params(1, 3, 2, 0),
                "account 1 uses an unknown number of digits (code 3)",
            ),
            (
                params(1, 1, 9, 0),
                "account 1 uses an unknown OTP type (code 9)",
            ),
            (params(1, 1, 1, -1), "account 1 has a negative counter"),
        ];
        for (p, message) in cases {
            let err = parse_migration(&link(&payload(vec![p], 1, 0))).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
        let mut short = params(1, 1, 2, 0);
        short.secret = vec![1, 2, 3];
        let err =
            parse_migration(&link(&payload(vec![params(1, 1, 2, 0), short], 1, 0))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "account 2 has an unusable key: the key is too short: 24 bits, at least 80 are needed"
        );
        let err = parse_migration(&link(&payload(vec![params(1, 1, 2, 0)], 2, 2))).unwrap_err();
        assert_eq!(err, MigrationError::BadBatch { index: 2, size: 2 });
    }

    #[test]
    fn format_then_parse() {
        let batch = parse_migration(EXAMPLE).unwrap();
        let again = parse_migration(&format_migration(&batch.accounts, 0, 1, 0)).unwrap();
        assert_eq!(again.accounts, batch.accounts);
    }

    #[test]
    fn wrong_scheme() {
        assert_eq!(
            parse_migration("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP").unwrap_err(),
            MigrationError::WrongScheme("otpauth".into())
        );
    }
}
