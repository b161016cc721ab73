//! Any text a setup QR code or a website hands out: an `otpauth://` account or
//! an `otpauth-migration://` transfer. The one entry point for "what is this link?".

use crate::account::Account;
use crate::migration::{parse_migration, MigrationBatch, MigrationError, MAX_MIGRATION_BYTES};
use crate::otpauth::{self, check_length, split_scheme, UriError};

/// A recognised setup link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupLink {
    /// One account (`otpauth://`).
    Account(Account),
    /// One part of a Google Authenticator export (`otpauth-migration://`).
    Migration(MigrationBatch),
}

/// Why a text is not a usable setup link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupLinkError {
    /// A broken `otpauth://` link.
    #[error(transparent)]
    Account(#[from] UriError),
    /// A broken `otpauth-migration://` link.
    #[error(transparent)]
    Migration(#[from] MigrationError),
}

/// Parses an `otpauth://` or `otpauth-migration://` link. Each is refused
/// unread when longer than its limit ([`otpauth::MAX_LINK_BYTES`],
/// [`MAX_MIGRATION_BYTES`]).
pub fn parse_setup_link(input: &str) -> Result<SetupLink, SetupLinkError> {
    check_length(input, MAX_MIGRATION_BYTES)?;
    let (scheme, _) = split_scheme(input)?;
    if scheme == "otpauth-migration" {
        Ok(SetupLink::Migration(parse_migration(input)?))
    } else {
        Ok(SetupLink::Account(otpauth::parse(input)?))
    }
}
