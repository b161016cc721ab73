//! Signed JSON files: `{"by": DESK, "signed": "<the body's JSON text>", "sig": "<base64>"}`.
//! The signature covers `tessera-share/1/<domain>\n` followed by the exact
//! bytes of `signed`, so no re-serialisation can change what was signed.

use super::desk::{DeskId, DeskIdentity};
use super::{b64, unb64, Result, ShareError};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SignedFile {
    pub by: DeskId,
    pub signed: String,
    pub sig: String,
}

pub(crate) fn message(domain: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!("tessera-share/1/{domain}\n").into_bytes();
    m.extend_from_slice(body);
    m
}

/// Signs `body` as `domain` by `me`; returns the file's bytes.
pub(crate) fn sign<T: Serialize>(me: &DeskIdentity, domain: &str, body: &T) -> Result<Vec<u8>> {
    let signed = serde_json::to_string(body)
        .map_err(|e| ShareError::Refused(format!("cannot write {domain}: {e}")))?;
    let sig = me.sign(&message(domain, signed.as_bytes()));
    let file = SignedFile {
        by: me.id().clone(),
        signed,
        sig: b64(&sig),
    };
    serde_json::to_vec(&file)
        .map_err(|e| ShareError::Refused(format!("cannot write {domain}: {e}")))
}

/// Parses a signed file (without verifying it).
pub(crate) fn parse(bytes: &[u8], what: &str) -> Result<SignedFile> {
    serde_json::from_slice(bytes).map_err(|_| ShareError::Malformed(what.to_owned()))
}

pub(crate) fn verify_bytes(key: &[u8; 32], msg: &[u8], sig: &[u8], what: &str) -> Result<()> {
    let bad = || ShareError::BadSignature(what.to_owned());
    let key = VerifyingKey::from_bytes(key).map_err(|_| bad())?;
    let sig: [u8; 64] = sig.try_into().map_err(|_| bad())?;
    key.verify_strict(msg, &Signature::from_bytes(&sig))
        .map_err(|_| bad())
}

impl SignedFile {
    /// Verifies the signature under `key` and reads the body.
    pub(crate) fn open<T: DeserializeOwned>(
        &self,
        domain: &str,
        key: &[u8; 32],
        what: &str,
    ) -> Result<T> {
        let sig = unb64(&self.sig, what)?;
        verify_bytes(key, &message(domain, self.signed.as_bytes()), &sig, what)?;
        serde_json::from_str(&self.signed).map_err(|_| ShareError::Malformed(what.to_owned()))
    }

    /// The body, unverified (to find the key that verifies it).
    pub(crate) fn peek<T: DeserializeOwned>(&self, what: &str) -> Result<T> {
        serde_json::from_str(&self.signed).map_err(|_| ShareError::Malformed(what.to_owned()))
    }
}
