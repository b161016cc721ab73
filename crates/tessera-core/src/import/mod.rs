//! Importing accounts from other authenticators' export files.
//!
//! One submodule per format; each opens with the source it follows and what
//! the format cannot carry. [`detect`] tells what a file is from its content
//! alone (never its name); [`read`] decrypts it when needed and turns every
//! entry into an [`Account`] or a [`Skipped`] with the reason. A bad entry
//! never fails the whole file.
//!
//! Hostile files are expected:
//! - the file is at most [`MAX_FILE_BYTES`];
//! - every key-derivation parameter read from a file is checked against the
//!   caps in [`crypto`] *before* any derivation starts, so a crafted file with
//!   huge costs is refused in milliseconds ([`ImportError::KdfTooCostly`]);
//! - JSON nesting is bounded by serde_json's own recursion limit (128 levels)
//!   for every value deserialised here; entry lists are first split into
//!   `RawValue`s, which serde_json skips without recursion, so no depth of
//!   nesting can overflow the stack (a too-deep entry is skipped);
//! - at most [`MAX_ENTRIES`] entries are read.
//!
//! Nothing here prints or returns a key or a password: errors and skip reasons
//! are written by hand (a serde or crypto error message can quote its input,
//! so none is passed through), decrypted plaintexts are wiped ([`Zeroizing`]).

use crate::account::Account;
use crate::key_entry::{self, KeyError, MIN_KEY_BITS};
use crate::otp::{Algorithm, OtpParams, ParamError};
use crate::otpauth::UriError;
use crate::secret::SecretKey;
use std::fmt;
use zeroize::Zeroizing;

pub mod aegis;
pub mod andotp;
pub mod authy;
pub mod battle_net;
pub mod bitwarden;
pub(crate) mod crypto;
pub mod duo;
pub mod ente;
pub mod freeotp;
pub mod freeotp_plus;
pub mod google;
pub mod keepass;
pub mod lastpass;
pub mod otpauth_list;
pub mod proton;
pub(crate) mod shared_prefs;
pub mod steam;
pub mod stratum;
pub mod totp_authenticator;
pub mod twofas;
pub mod winauth;

/// Largest file accepted, in bytes (20 MiB).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most entries read from one file.
pub const MAX_ENTRIES: usize = 100_000;

/// A file format Tessera can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Aegis Authenticator JSON vault.
    Aegis,
    /// 2FAS `.2fas` backup.
    TwoFas,
    /// Bitwarden (password manager or Authenticator) JSON or CSV export.
    Bitwarden,
    /// Ente Auth export (plain text or encrypted JSON).
    Ente,
    /// Proton Authenticator JSON export.
    Proton,
    /// Stratum / Authenticator Pro backup.
    Stratum,
    /// andOTP JSON backup.
    AndOtp,
    /// FreeOTP 2 `externalBackup.xml`.
    FreeOtp,
    /// FreeOTP+ JSON export.
    FreeOtpPlus,
    /// LastPass Authenticator JSON export.
    LastPass,
    /// KeePass / KeePassXC KDBX 4 database.
    KeePass,
    /// WinAuth text export.
    WinAuth,
    /// TOTP Authenticator (BinaryBoxApps) `.bin` backup.
    TotpAuthenticator,
    /// Steam Desktop Authenticator `.maFile`.
    Steam,
    /// Google Authenticator transfer links.
    Google,
    /// A list of `otpauth://` URIs.
    Otpauth,
    /// Authy's token store from a rooted phone (SharedPreferences XML).
    Authy,
    /// Duo Mobile's `accounts.json` from a rooted phone.
    Duo,
    /// Battle.net Authenticator's SharedPreferences XML from a rooted phone.
    BattleNet,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: &'static [Format] = &[
        Format::Aegis,
        Format::TwoFas,
        Format::Bitwarden,
        Format::Ente,
        Format::Proton,
        Format::Stratum,
        Format::AndOtp,
        Format::FreeOtp,
        Format::FreeOtpPlus,
        Format::LastPass,
        Format::KeePass,
        Format::WinAuth,
        Format::TotpAuthenticator,
        Format::Steam,
        Format::Google,
        Format::Otpauth,
        Format::Authy,
        Format::Duo,
        Format::BattleNet,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::Bitwarden => "bitwarden",
            Format::Ente => "ente",
            Format::Proton => "proton",
            Format::Stratum => "stratum",
            Format::AndOtp => "andotp",
            Format::FreeOtp => "freeotp",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::LastPass => "lastpass",
            Format::KeePass => "keepass",
            Format::WinAuth => "winauth",
            Format::TotpAuthenticator => "totp-authenticator",
            Format::Steam => "steam",
            Format::Google => "google",
            Format::Otpauth => "otpauth",
            Format::Authy => "authy",
            Format::Duo => "duo",
            Format::BattleNet => "battle-net",
        }
    }

    /// The app's name, for people.
    pub fn title(self) -> &'static str {
        match self {
            Format::Aegis => "Aegis Authenticator",
            Format::TwoFas => "2FAS",
            Format::Bitwarden => "Bitwarden",
            Format::Ente => "Ente Auth",
            Format::Proton => "Proton Authenticator",
            Format::Stratum => "Stratum (Authenticator Pro)",
            Format::AndOtp => "andOTP",
            Format::FreeOtp => "FreeOTP",
            Format::FreeOtpPlus => "FreeOTP+",
            Format::LastPass => "LastPass Authenticator",
            Format::KeePass => "KeePass",
            Format::WinAuth => "WinAuth",
            Format::TotpAuthenticator => "TOTP Authenticator",
            Format::Steam => "Steam Desktop Authenticator",
            Format::Google => "Google Authenticator",
            Format::Otpauth => "otpauth URI list",
            Format::Authy => "Authy",
            Format::Duo => "Duo Mobile",
            Format::BattleNet => "Battle.net Authenticator",
        }
    }

    /// What a file of this format is called in messages ("Aegis vault").
    fn document(self) -> &'static str {
        match self {
            Format::Aegis => "Aegis vault",
            Format::TwoFas => "2FAS backup",
            Format::Bitwarden => "Bitwarden export",
            Format::Ente => "Ente Auth export",
            Format::Proton => "Proton Authenticator export",
            Format::Stratum => "Stratum backup",
            Format::AndOtp => "andOTP backup",
            Format::FreeOtp => "FreeOTP backup",
            Format::FreeOtpPlus => "FreeOTP+ export",
            Format::LastPass => "LastPass Authenticator export",
            Format::KeePass => "KeePass database",
            Format::WinAuth => "WinAuth export",
            Format::TotpAuthenticator => "TOTP Authenticator backup",
            Format::Steam => "Steam Desktop Authenticator file",
            Format::Google => "Google Authenticator transfer list",
            Format::Otpauth => "otpauth URI list",
            Format::Authy => "Authy token file",
            Format::Duo => "Duo Mobile account file",
            Format::BattleNet => "Battle.net Authenticator file",
        }
    }

    /// The format with this CLI name (case-insensitive; `two-fas`, `freeotpplus` also accepted).
    pub fn from_name(name: &str) -> Option<Format> {
        let folded = name.trim().to_ascii_lowercase();
        let folded = match folded.as_str() {
            "twofas" | "two-fas" => "2fas",
            "freeotpplus" | "freeotp+" => "freeotp-plus",
            "totpauthenticator" | "totp_authenticator" => "totp-authenticator",
            "authenticatorpro" | "authenticator-pro" => "stratum",
            "kdbx" | "keepassxc" => "keepass",
            "battlenet" | "battle.net" | "blizzard" => "battle-net",
            other => other,
        };
        Format::ALL.iter().copied().find(|f| f.name() == folded)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// What [`detect`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The format.
    pub format: Format,
    /// Whether [`read`] needs a password.
    pub encrypted: bool,
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The file's format.
    pub format: Format,
    /// The accounts, in file order.
    pub accounts: Vec<Account>,
    /// The entries that could not be imported, with why.
    pub skipped: Vec<Skipped>,
}

/// One entry that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Which entry: "issuer (name)", "issuer", "name" or "entry 3" (never the key).
    pub entry: String,
    /// Why.
    pub reason: SkipReason,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.reason)
    }
}

/// Why one entry was not imported. The text never contains the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// A kind of code Tessera does not make ("Yandex OTP is not supported").
    #[error("{0}")]
    Unsupported(&'static str),
    /// A key shorter than [`MIN_KEY_BITS`].
    #[error("the key is too short: {bits} bits, at least {MIN_KEY_BITS} are needed")]
    ShortKey {
        /// Bits in the key.
        bits: usize,
    },
    /// A key that does not decode.
    #[error("the key is not valid: {0}")]
    BadKey(String),
    /// Digits, period, algorithm, type or counter Tessera cannot represent as they are.
    #[error("{0}")]
    BadParams(String),
    /// The entry lacks a field or has one of the wrong type.
    #[error("{0}")]
    BadEntry(String),
}

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("the file is {} MiB; at most {} MiB can be imported", mb(*.bytes), mb(*.max))]
    TooLarge {
        /// Size of the file.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Not a format Tessera knows.
    #[error("this file is not an export Tessera can read (or it is empty)")]
    UnknownFormat,
    /// A kind of file that is recognisably not an export (an app's own
    /// database, an archive, a picture): said with what to do instead.
    #[error("this is {}, not an export file: {}", .0.what(), .0.advice())]
    NotAnExport(NotExport),
    /// Encrypted, and no password was given.
    #[error("this {} is encrypted: enter its password", .0.document())]
    PasswordNeeded(Format),
    /// The password does not open the file (or the file was altered).
    #[error("wrong password for this {} (or the file is damaged)", .0.document())]
    WrongPassword(Format),
    /// Key-derivation parameters beyond the caps.
    #[error("this {} cannot be opened safely: {detail}", .format.document())]
    KdfTooCostly {
        /// The format.
        format: Format,
        /// What was asked for and what is allowed.
        detail: String,
    },
    /// The file is damaged or not what it claims to be.
    #[error("this {} is damaged or incomplete: {detail}", .format.document())]
    Malformed {
        /// The format.
        format: Format,
        /// What is wrong.
        detail: String,
    },
    /// A variant of the format Tessera does not read (a newer version, KDBX 3…).
    #[error("this {} cannot be imported: {detail}", .format.document())]
    Unsupported {
        /// The format.
        format: Format,
        /// What is unsupported.
        detail: String,
    },
}

/// What a file that is not an export turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotExport {
    /// A zip archive (Authenticator Plus's backups among others).
    Zip,
    /// A compressed archive other than zip.
    Archive,
    /// An SQLite database: an app's internal storage, copied off a phone.
    Database,
    /// An Android app's internal settings file (shared preferences XML).
    AppSettings,
    /// A PDF document (a printed sheet, a site's recovery codes).
    Pdf,
    /// A picture.
    Picture,
}

impl NotExport {
    /// What the file is, as the message says it.
    pub fn what(self) -> &'static str {
        match self {
            Self::Zip => "a zip archive",
            Self::Archive => "a compressed archive",
            Self::Database => "an app's own database (SQLite)",
            Self::AppSettings => "an app's own settings file (Android shared preferences)",
            Self::Pdf => "a PDF document",
            Self::Picture => "a picture",
        }
    }

    /// What to do instead.
    pub fn advice(self) -> &'static str {
        match self {
            Self::Zip | Self::Archive => {
                "unpack it and import the export file inside (an encrypted Authenticator Plus archive cannot be read)"
            }
            Self::Database | Self::AppSettings => {
                "make an export in that app (its settings: export or back up) and import that file, or scan its transfer QR codes"
            }
            Self::Pdf => "to bring back accounts from a printed sheet, scan its QR codes (Add account, then Scan an image)",
            Self::Picture => "scan it for setup QR codes instead (Add account, then Scan an image; or tessera scan --image)",
        }
    }
}

fn mb(bytes: usize) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl ImportError {
    pub(crate) fn malformed(format: Format, detail: impl Into<String>) -> Self {
        ImportError::Malformed {
            format,
            detail: detail.into(),
        }
    }

    pub(crate) fn unsupported(format: Format, detail: impl Into<String>) -> Self {
        ImportError::Unsupported {
            format,
            detail: detail.into(),
        }
    }

    /// A JSON parse error, by position only (serde's messages can quote the input).
    pub(crate) fn json(format: Format, error: &serde_json::Error) -> Self {
        ImportError::malformed(format, json_error_text(error))
    }
}

/// A serde_json error as text that never quotes the input.
pub(crate) fn json_error_text(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Io => "could not be read",
        Category::Syntax => "is not valid JSON",
        Category::Data => "has a field of the wrong type or a missing field",
        Category::Eof => "ends too early",
    };
    format!(
        "the JSON {what} (line {}, column {})",
        error.line(),
        error.column()
    )
}

/// Two accounts that make the same codes: same key bytes and the same kind,
/// algorithm, digits and period. The HOTP counter is not compared (it moves).
pub fn same_account(a: &Account, b: &Account) -> bool {
    a.key.expose() == b.key.expose()
        && a.params.kind() == b.params.kind()
        && a.params.algorithm() == b.params.algorithm()
        && a.params.digits() == b.params.digits()
        && a.params.period() == b.params.period()
}

/// What a file is, from its content alone (never the file name): the format
/// and whether a password is needed.
///
/// A list of `otpauth://` URIs is reported as [`Format::Otpauth`] (WinAuth and
/// Stratum's URI export look the same; pass their format to [`read`] to get
/// their naming rules). Ente's plain export is recognised by its
/// `codeDisplay` parameter. A binary file with no known signature is taken
/// for an encrypted andOTP backup, which has none (reading it with a password
/// then tells whether it is one).
pub fn detect(bytes: &[u8]) -> Result<Detected, ImportError> {
    check_size(bytes)?;
    let found = |format, encrypted| Ok(Detected { format, encrypted });
    if bytes.starts_with(&keepass::SIGNATURE) {
        return found(Format::KeePass, true);
    }
    if bytes.starts_with(&freeotp::MAGIC) {
        return found(Format::FreeOtp, true);
    }
    if bytes.starts_with(stratum::HEADER) || bytes.starts_with(stratum::HEADER_LEGACY) {
        return found(Format::Stratum, true);
    }
    // Containers other apps use (Authenticator Plus's zip, app-internal
    // SQLite databases, pictures) are none of the formats here.
    if let Some((_, kind)) = NOT_EXPORTS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Err(ImportError::NotAnExport(*kind));
    }
    let Some(text) = text_of(bytes) else {
        // Binary with no signature: andOTP's encrypted backups have none.
        if andotp::looks_encrypted(bytes) {
            return found(Format::AndOtp, true);
        }
        return Err(ImportError::UnknownFormat);
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ImportError::UnknownFormat);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return detect_json(trimmed);
    }
    if shared_prefs::looks_like(trimmed) {
        if let Some(encrypted) = authy::detect(trimmed) {
            return found(Format::Authy, encrypted);
        }
        if trimmed.contains(battle_net::SECRET) {
            return found(Format::BattleNet, false);
        }
        return Err(ImportError::NotAnExport(NotExport::AppSettings));
    }
    if stratum::looks_like_html(trimmed) {
        return found(Format::Stratum, false);
    }
    if bitwarden::looks_like_csv(trimmed) {
        return found(Format::Bitwarden, false);
    }
    let first = trimmed
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let scheme = first
        .split_once("://")
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    match scheme.as_str() {
        "otpauth-migration" => return found(Format::Google, false),
        "otpauth" if ente::looks_like_plain(trimmed) => return found(Format::Ente, false),
        "otpauth" => return found(Format::Otpauth, false),
        _ => {}
    }
    if totp_authenticator::looks_encrypted(trimmed) {
        return found(Format::TotpAuthenticator, true);
    }
    Err(ImportError::UnknownFormat)
}

/// File signatures of binary formats that are not exports Tessera reads.
const NOT_EXPORTS: &[(&[u8], NotExport)] = &[
    (b"PK\x03\x04", NotExport::Zip),
    (b"SQLite format 3\0", NotExport::Database),
    (b"%PDF", NotExport::Pdf),
    (b"\x89PNG", NotExport::Picture),
    (b"\xFF\xD8\xFF", NotExport::Picture),
    (b"GIF8", NotExport::Picture),
    (b"\x1F\x8B", NotExport::Archive),
    (b"7z\xBC\xAF", NotExport::Archive),
    (b"Rar!", NotExport::Archive),
];

fn detect_json(text: &str) -> Result<Detected, ImportError> {
    // Only the top level's shape is looked at; nested values are skipped
    // (IgnoredAny keeps nothing, and depth is bounded by serde_json).
    let map = match serde_json::from_str::<TopLevel>(text) {
        Ok(TopLevel::Object(map)) => map,
        Ok(TopLevel::Array(items)) => {
            let plain = |format| {
                Ok(Detected {
                    format,
                    encrypted: false,
                })
            };
            return if andotp::looks_like_plain(&items) {
                plain(Format::AndOtp)
            } else if duo::looks_like(&items) {
                plain(Format::Duo)
            } else {
                Err(ImportError::UnknownFormat)
            };
        }
        Err(_) => return Err(ImportError::UnknownFormat),
    };
    let has = |k: &str| map.contains_key(k);
    let kind = |k: &str| map.get(k).map(|v| v.shape);
    let found = |format, encrypted| Ok(Detected { format, encrypted });
    if has("header") && has("db") {
        return found(Format::Aegis, kind("db") == Some(Shape::String));
    }
    if has("schemaVersion") && (has("services") || has("servicesEncrypted")) {
        return found(
            Format::TwoFas,
            kind("servicesEncrypted") == Some(Shape::String),
        );
    }
    if has("encrypted") && (has("items") || has("passwordProtected") || has("data")) {
        // Only a password-protected export takes a password; one encrypted
        // with the account's key is refused by `read` whatever is given.
        let password = kind("encrypted") == Some(Shape::True)
            && kind("passwordProtected") == Some(Shape::True);
        return found(Format::Bitwarden, password);
    }
    if has("kdfParams") && has("encryptedData") {
        return found(Format::Ente, true);
    }
    if has("entries") && has("version") {
        return found(Format::Proton, false);
    }
    if has("salt") && has("content") && has("version") {
        return found(Format::Proton, true);
    }
    if has("Authenticators") {
        return found(Format::Stratum, false);
    }
    if has("tokens") {
        return found(Format::FreeOtpPlus, false);
    }
    if has("shared_secret") || kind("accounts") == Some(Shape::Object) {
        return found(Format::Steam, false);
    }
    if has("accounts") || (has("content") && has("version")) {
        return found(Format::LastPass, false);
    }
    Err(ImportError::UnknownFormat)
}

/// The top level of a JSON document, values' shapes only.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum TopLevel {
    Object(std::collections::BTreeMap<String, ShapeValue>),
    Array(Vec<ShapeValue>),
}

/// A JSON value reduced to its shape (and, for objects, their key names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Null,
    True,
    False,
    Number,
    String,
    Array,
    Object,
}

/// A value's shape and, for an object, its keys; nothing else is kept.
pub(crate) struct ShapeValue {
    pub(crate) shape: Shape,
    pub(crate) keys: Vec<String>,
}

impl<'de> serde::Deserialize<'de> for ShapeValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ShapeValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<ShapeValue, E> {
                Ok(shape(Shape::Null))
            }
            fn visit_none<E>(self) -> Result<ShapeValue, E> {
                Ok(shape(Shape::Null))
            }
            fn visit_bool<E>(self, b: bool) -> Result<ShapeValue, E> {
                Ok(shape(if b { Shape::True } else { Shape::False }))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ShapeValue, E> {
                Ok(shape(Shape::Number))
            }
            fn visit_u64<E>(self, _: u64) -> Result<ShapeValue, E> {
                Ok(shape(Shape::Number))
            }
            fn visit_f64<E>(self, _: f64) -> Result<ShapeValue, E> {
                Ok(shape(Shape::Number))
            }
            fn visit_str<E>(self, _: &str) -> Result<ShapeValue, E> {
                Ok(shape(Shape::String))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ShapeValue, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(shape(Shape::Array))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ShapeValue, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    if keys.len() < 64 {
                        keys.push(key);
                    }
                }
                Ok(ShapeValue {
                    shape: Shape::Object,
                    keys,
                })
            }
        }
        fn shape(shape: Shape) -> ShapeValue {
            ShapeValue {
                shape,
                keys: Vec::new(),
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads every entry; `format` forces a format (`None`: [`detect`] it);
/// `password` is used only when the file is encrypted.
pub fn read(
    bytes: &[u8],
    format: Option<Format>,
    password: Option<&str>,
) -> Result<Imported, ImportError> {
    check_size(bytes)?;
    let format = match format {
        Some(format) => format,
        None => detect(bytes)?.format,
    };
    let input = Input { bytes, password };
    let mut out = Collector::new(format);
    match format {
        Format::Aegis => aegis::read(&input, &mut out)?,
        Format::TwoFas => twofas::read(&input, &mut out)?,
        Format::Bitwarden => bitwarden::read(&input, &mut out)?,
        Format::Ente => ente::read(&input, &mut out)?,
        Format::Proton => proton::read(&input, &mut out)?,
        Format::Stratum => stratum::read(&input, &mut out)?,
        Format::AndOtp => andotp::read(&input, &mut out)?,
        Format::FreeOtp => freeotp::read(&input, &mut out)?,
        Format::FreeOtpPlus => freeotp_plus::read(&input, &mut out)?,
        Format::LastPass => lastpass::read(&input, &mut out)?,
        Format::KeePass => keepass::read(&input, &mut out)?,
        Format::WinAuth => winauth::read(&input, &mut out)?,
        Format::TotpAuthenticator => totp_authenticator::read(&input, &mut out)?,
        Format::Steam => steam::read(&input, &mut out)?,
        Format::Google => google::read(&input, &mut out)?,
        Format::Otpauth => otpauth_list::read(&input, &mut out)?,
        Format::Authy => authy::read(&input, &mut out)?,
        Format::Duo => duo::read(&input, &mut out)?,
        Format::BattleNet => battle_net::read(&input, &mut out)?,
    }
    Ok(out.finish())
}

fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// The file as given to a format's reader.
pub(crate) struct Input<'a> {
    pub(crate) bytes: &'a [u8],
    password: Option<&'a str>,
}

impl Input<'_> {
    /// The password, or [`ImportError::PasswordNeeded`].
    pub(crate) fn password(&self, format: Format) -> Result<&str, ImportError> {
        self.password.ok_or(ImportError::PasswordNeeded(format))
    }

    /// The file as text (UTF-8 with or without BOM, or UTF-16 with BOM).
    pub(crate) fn text(&self, format: Format) -> Result<Zeroizing<String>, ImportError> {
        text_of(self.bytes).ok_or_else(|| ImportError::malformed(format, "the file is not text"))
    }
}

/// Decodes text: UTF-8 (a BOM is dropped) or UTF-16 LE/BE with a BOM.
pub(crate) fn text_of(bytes: &[u8]) -> Option<Zeroizing<String>> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .ok()
            .map(|s| Zeroizing::new(s.to_owned()));
    }
    let utf16 = |rest: &[u8], little: bool| -> Option<Zeroizing<String>> {
        if !rest.len().is_multiple_of(2) {
            return None;
        }
        let units: Zeroizing<Vec<u16>> = Zeroizing::new(
            rest.chunks_exact(2)
                .map(|c| {
                    if little {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect(),
        );
        String::from_utf16(&units).ok().map(Zeroizing::new)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    std::str::from_utf8(bytes)
        .ok()
        .map(|s| Zeroizing::new(s.to_owned()))
}

/// Gathers accounts and skipped entries, and enforces [`MAX_ENTRIES`].
pub(crate) struct Collector {
    format: Format,
    accounts: Vec<Account>,
    skipped: Vec<Skipped>,
    seen: usize,
}

impl Collector {
    fn new(format: Format) -> Self {
        Collector {
            format,
            accounts: Vec::new(),
            skipped: Vec::new(),
            seen: 0,
        }
    }

    /// Checks, before reading them, that `count` entries are not too many.
    pub(crate) fn expect(&self, count: usize) -> Result<(), ImportError> {
        if self.seen.saturating_add(count) > MAX_ENTRIES {
            return Err(ImportError::unsupported(
                self.format,
                format!("it holds more than {MAX_ENTRIES} entries"),
            ));
        }
        Ok(())
    }

    /// Records one entry's outcome. `label` names the entry without its key.
    pub(crate) fn push(
        &mut self,
        label: EntryLabel,
        result: Result<Account, SkipReason>,
    ) -> Result<(), ImportError> {
        self.expect(1)?;
        self.seen += 1;
        match result {
            Ok(account) => self.accounts.push(account),
            Err(reason) => self.skipped.push(Skipped {
                entry: label.text(self.seen),
                reason,
            }),
        }
        Ok(())
    }

    fn finish(self) -> Imported {
        Imported {
            format: self.format,
            accounts: self.accounts,
            skipped: self.skipped,
        }
    }
}

/// How to name an entry in a skip message.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntryLabel {
    pub(crate) issuer: String,
    pub(crate) name: String,
    /// "line 3" instead of "entry 3" when nothing else names it.
    pub(crate) line: Option<usize>,
}

impl EntryLabel {
    pub(crate) fn new(issuer: &str, name: &str) -> Self {
        EntryLabel {
            issuer: clip(issuer),
            name: clip(name),
            line: None,
        }
    }

    pub(crate) fn line(line: usize) -> Self {
        EntryLabel {
            line: Some(line),
            ..EntryLabel::default()
        }
    }

    fn text(&self, position: usize) -> String {
        match (self.issuer.is_empty(), self.name.is_empty()) {
            (false, false) => format!("{} ({})", self.issuer, self.name),
            (false, true) => self.issuer.clone(),
            (true, false) => self.name.clone(),
            (true, true) => match self.line {
                Some(line) => format!("line {line}"),
                None => format!("entry {position}"),
            },
        }
    }
}

/// A name shortened for messages (a hostile file can hold a 10 MB label).
fn clip(text: &str) -> String {
    const MAX: usize = 80;
    let text = text.trim();
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(MAX).collect();
    out.push('…');
    out
}

// ---- Helpers shared by the formats: keys and parameters -------------------

/// A key given as base32 text (spaces, lower case and padding allowed, as when typed).
pub(crate) fn key_from_base32(text: &str) -> Result<SecretKey, SkipReason> {
    if text.trim().is_empty() {
        return Err(SkipReason::BadEntry("the entry has no key".into()));
    }
    key_entry::check_written_key(text)
        .map(|k| k.key)
        .map_err(key_error)
}

/// An entry's account: its names trimmed (missing ones empty) and its base32
/// secret (`what` names the entry in the message when there is none).
pub(crate) fn entry_account(
    issuer: Option<&str>,
    name: Option<&str>,
    params: OtpParams,
    secret: Option<&Zeroizing<String>>,
    what: &str,
) -> Result<Account, SkipReason> {
    let secret = secret.ok_or_else(|| SkipReason::BadEntry(format!("the {what} has no secret")))?;
    Ok(Account {
        issuer: issuer.unwrap_or("").trim().to_owned(),
        name: name.unwrap_or("").trim().to_owned(),
        params,
        key: key_from_base32(secret)?,
        image: None,
    })
}

/// A key given as bytes; the same minimum size as typed keys.
pub(crate) fn key_from_bytes(bytes: Vec<u8>) -> Result<SecretKey, SkipReason> {
    let key = SecretKey::from_bytes(bytes);
    if key.bits() == 0 {
        return Err(SkipReason::BadEntry("the entry has no key".into()));
    }
    if key.bits() < MIN_KEY_BITS {
        return Err(SkipReason::ShortKey { bits: key.bits() });
    }
    Ok(key)
}

/// A key's problem as a skip reason that never shows a character of the key.
pub(crate) fn key_error(error: KeyError) -> SkipReason {
    match error {
        KeyError::TooShort { bits, .. } => SkipReason::ShortKey { bits },
        KeyError::Empty => SkipReason::BadEntry("the entry has no key".into()),
        KeyError::InvalidCharacter { position, .. } => SkipReason::BadKey(format!(
            "character {position} is not a base32 letter or digit"
        )),
        other => SkipReason::BadKey(other.to_string()),
    }
}

/// An otpauth URI's problem as a skip reason.
pub(crate) fn uri_error(error: UriError) -> SkipReason {
    match error {
        UriError::BadSecret(key) => key_error(key),
        UriError::MissingSecret => SkipReason::BadEntry("the link has no secret".into()),
        UriError::UnknownType(kind) if kind.eq_ignore_ascii_case("motp") => {
            SkipReason::Unsupported("MOTP is not supported")
        }
        UriError::UnknownType(kind) if kind.eq_ignore_ascii_case("yaotp") => {
            SkipReason::Unsupported("Yandex OTP is not supported")
        }
        UriError::UnknownAlgorithm(_)
        | UriError::BadDigits(_)
        | UriError::BadPeriod(_)
        | UriError::BadCounter(_)
        | UriError::MissingCounter
        | UriError::UnknownType(_) => SkipReason::BadParams(error.to_string()),
        other => SkipReason::BadEntry(other.to_string()),
    }
}

/// An algorithm name, or a skip reason.
pub(crate) fn algorithm(name: Option<&str>) -> Result<Algorithm, SkipReason> {
    match name.map(str::trim) {
        None | Some("") => Ok(Algorithm::Sha1),
        Some(text) => text.parse().map_err(|_| {
            SkipReason::BadParams(format!(
                "the algorithm '{}' is not supported (SHA1, SHA256 or SHA512)",
                clip(text)
            ))
        }),
    }
}

fn param_error(error: ParamError) -> SkipReason {
    SkipReason::BadParams(error.to_string())
}

fn digits_of(digits: i128) -> Result<u32, SkipReason> {
    u32::try_from(digits).map_err(|_| {
        SkipReason::BadParams(format!("{digits} digits is not supported (use 6, 7 or 8)"))
    })
}

fn period_of(period: i128) -> Result<u64, SkipReason> {
    u64::try_from(period).map_err(|_| {
        SkipReason::BadParams(format!(
            "a period of {period} seconds is not supported (use 1 to 3600)"
        ))
    })
}

/// TOTP parameters from a file's numbers, checked (never clamped).
pub(crate) fn totp(
    algorithm: Algorithm,
    digits: i128,
    period: i128,
) -> Result<OtpParams, SkipReason> {
    OtpParams::totp(algorithm, digits_of(digits)?, period_of(period)?).map_err(param_error)
}

/// HOTP parameters from a file's numbers, checked.
pub(crate) fn hotp(
    algorithm: Algorithm,
    digits: i128,
    counter: i128,
) -> Result<OtpParams, SkipReason> {
    let counter = u64::try_from(counter).map_err(|_| {
        SkipReason::BadParams(if counter < 0 {
            format!("the counter {counter} is negative")
        } else {
            format!("the counter {counter} is larger than 18446744073709551615")
        })
    })?;
    OtpParams::hotp(algorithm, digits_of(digits)?, counter).map_err(param_error)
}

/// Steam parameters, checked. A Steam entry stored with an algorithm other
/// than SHA1 or digits other than 5 cannot be a Steam code and is refused.
pub(crate) fn steam(
    algorithm: Algorithm,
    digits: Option<i128>,
    period: i128,
) -> Result<OtpParams, SkipReason> {
    if algorithm != Algorithm::Sha1 {
        return Err(SkipReason::BadParams(format!(
            "a Steam code with {algorithm} is not supported (Steam uses SHA1)"
        )));
    }
    if let Some(d) = digits.filter(|d| *d != 5) {
        return Err(SkipReason::BadParams(format!(
            "a Steam code with {d} characters is not supported (Steam uses 5)"
        )));
    }
    OtpParams::steam(period_of(period)?).map_err(param_error)
}

/// A whole number from a JSON value that is a number or a numeric string
/// (`i128` holds every `u64` counter and every negative value a file may hold).
pub(crate) fn int(value: &serde_json::Value) -> Option<i128> {
    match value {
        serde_json::Value::Number(n) => n
            .as_u64()
            .map(i128::from)
            .or_else(|| n.as_i64().map(i128::from))
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i128)
            }),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An optional numeric field: `None` when absent or null; a skip when present but not a number.
pub(crate) fn opt_int(
    value: Option<&serde_json::Value>,
    field: &str,
) -> Result<Option<i128>, SkipReason> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => int(v)
            .map(Some)
            .ok_or_else(|| SkipReason::BadParams(format!("the {field} is not a whole number"))),
    }
}

/// Standard base64, padded or not, white space ignored; `None` if not base64.
pub(crate) fn base64_decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine as _;
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let cleaned: Zeroizing<String> =
        Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect());
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
        .decode(cleaned.as_bytes())
        .or_else(|_| {
            GeneralPurpose::new(&base64::alphabet::URL_SAFE, config).decode(cleaned.as_bytes())
        })
        .ok()
        .map(Zeroizing::new)
}

/// Hex (either case), `None` if not hex.
pub(crate) fn hex_decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() / 2));
    for pair in text.as_bytes().chunks_exact(2) {
        out.push(digit(pair[0])? << 4 | digit(pair[1])?);
    }
    Some(out)
}

/// Otpauth URIs, one per line, as accounts or skipped lines. Blank lines and
/// `#` comments are ignored. `fix` may adjust each parsed account (issuer rules).
pub(crate) fn read_uri_lines(
    text: &str,
    out: &mut Collector,
    mut fix: impl FnMut(&mut Account),
) -> Result<(), ImportError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect();
    out.expect(lines.len())?;
    for (number, line) in lines {
        let result = crate::otpauth::parse(line).map_err(uri_error).map(|mut a| {
            fix(&mut a);
            a
        });
        // A refused line is named by its label when it has one.
        let label = match crate::otpauth::label_of(line) {
            Some((issuer, name)) => EntryLabel {
                line: Some(number),
                ..EntryLabel::new(&issuer, &name)
            },
            None => EntryLabel::line(number),
        };
        out.push(label, result)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(*format));
            assert_eq!(
                Format::from_name(&format.name().to_uppercase()),
                Some(*format)
            );
        }
        assert_eq!(Format::from_name("nope"), None);
        assert_eq!(Format::ALL.len(), 19);
    }

    #[test]
    fn messages_name_the_document() {
        assert_eq!(
            ImportError::PasswordNeeded(Format::Aegis).to_string(),
            "this Aegis vault is encrypted: enter its password"
        );
        assert!(ImportError::WrongPassword(Format::TwoFas)
            .to_string()
            .starts_with("wrong password for this 2FAS backup"));
        let big = ImportError::TooLarge {
            bytes: 21 * 1024 * 1024,
            max: MAX_FILE_BYTES,
        };
        assert_eq!(
            big.to_string(),
            "the file is 21.0 MiB; at most 20.0 MiB can be imported"
        );
    }

    #[test]
    fn too_large_before_anything_else() {
        let bytes = vec![b' '; MAX_FILE_BYTES + 1];
        assert!(matches!(detect(&bytes), Err(ImportError::TooLarge { .. })));
        assert!(matches!(
            read(&bytes, Some(Format::Otpauth), None),
            Err(ImportError::TooLarge { .. })
        ));
    }

    #[test]
    fn key_errors_never_show_the_character() {
        let reason = key_from_base32("JBSWY3DPEHPK3PX0").unwrap_err();
        assert!(!reason.to_string().contains('0'), "{reason}");
        assert!(matches!(
            key_from_base32("GEZDGNBV"),
            Err(SkipReason::ShortKey { bits: 40 })
        ));
        assert!(matches!(
            key_from_bytes(vec![1; 9]),
            Err(SkipReason::ShortKey { bits: 72 })
        ));
        assert!(key_from_bytes(vec![1; 10]).is_ok());
    }

    #[test]
    fn parameters_are_checked_not_clamped() {
        assert!(totp(Algorithm::Sha1, 10, 30).is_err());
        assert!(totp(Algorithm::Sha1, 6, 0).is_err());
        assert!(totp(Algorithm::Sha1, -6, 30).is_err());
        assert!(hotp(Algorithm::Sha1, 6, -1).is_err());
        assert!(steam(Algorithm::Sha256, Some(5), 30).is_err());
        assert!(steam(Algorithm::Sha1, Some(6), 30).is_err());
        assert_eq!(
            totp(Algorithm::Sha512, 8, 50).unwrap(),
            OtpParams::totp(Algorithm::Sha512, 8, 50).unwrap()
        );
    }

    #[test]
    fn text_decodings() {
        assert_eq!(text_of(b"\xEF\xBB\xBFabc").unwrap().as_str(), "abc");
        assert_eq!(text_of(b"\xFF\xFEa\0b\0").unwrap().as_str(), "ab");
        assert_eq!(text_of(b"\xFE\xFF\0a\0b").unwrap().as_str(), "ab");
        assert!(text_of(b"\xFF\xFEa").is_none());
        assert!(text_of(&[0xC0, 0x80]).is_none());
    }

    #[test]
    fn same_account_ignores_counter_and_names() {
        let a: Account = "otpauth://hotp/A:x?secret=JBSWY3DPEHPK3PXP&counter=1"
            .parse()
            .unwrap();
        let mut b: Account = "otpauth://hotp/B:y?secret=JBSWY3DPEHPK3PXP&counter=9"
            .parse()
            .unwrap();
        assert!(same_account(&a, &b));
        b.params = OtpParams::hotp(Algorithm::Sha256, 6, 9).unwrap();
        assert!(!same_account(&a, &b));
        let c: Account = "otpauth://totp/A:x?secret=JBSWY3DPEHPK3PXP"
            .parse()
            .unwrap();
        assert!(!same_account(&a, &c));
    }

    #[test]
    fn empty_and_junk_are_unknown() {
        for bytes in [
            &b""[..],
            b"   \n",
            b"hello world",
            b"{}",
            b"[]",
            b"[1,2]",
            b"{\"a\":1}",
        ] {
            assert_eq!(detect(bytes), Err(ImportError::UnknownFormat), "{bytes:?}");
        }
    }
}
