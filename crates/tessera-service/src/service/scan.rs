//! Scanned setup codes: the shells decode QR codes (image, screen, camera)
//! and hand the texts here; they stay here until the user confirms.

use super::{guard, Service};
use crate::error::Result;
use crate::policy::Operation;
use crate::views::{AccountView, ScanResult};
use zeroize::Zeroizing;

impl Service {
    /// Sorts what a scan decoded (see [`crate::intake`]); the setup codes
    /// among it wait for [`Service::add_scanned`].
    pub fn take_scan(&self, texts: Vec<String>) -> Result<ScanResult> {
        self.authorize(Operation::Scan, None)?;
        let texts = texts.into_iter().map(Zeroizing::new).collect();
        let now = self.code_now();
        Ok(guard(&self.intake).take_scan(texts, now))
    }

    /// Adds the accounts the last scan staged, all or only the positions in
    /// `pick` of its preview.
    pub fn add_scanned(&self, pick: Option<&[u32]>) -> Result<Vec<AccountView>> {
        self.authorize(Operation::AddAccount, None)?;
        let accounts = guard(&self.intake).take_staged(pick)?;
        self.add_accounts(&accounts)
    }

    /// Drops staged setup codes and any half-scanned export.
    pub fn cancel_scan(&self) {
        guard(&self.intake).cancel();
    }
}

/// Decodes every QR code in an image file's bytes (PNG, JPEG, WebP, BMP,
/// GIF) within the still-picture budget.
pub fn decode_image(bytes: &[u8]) -> Result<Vec<String>> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(crate::Error::invalid("the image file is larger than 50 MB"));
    }
    let started = std::time::Instant::now();
    let out_of_time = || started.elapsed() >= tessera_core::qr::STILL_BUDGET;
    tessera_core::qr::decode_image_within(bytes, &out_of_time).map_err(crate::Error::invalid)
}

/// Largest image file accepted (the decoder also caps pixels).
pub const MAX_IMAGE_BYTES: usize = 50 * 1024 * 1024;

impl Service {
    /// Decodes an image and takes what it holds (the app's open, drop and
    /// paste of a picture).
    pub fn scan_image(&self, bytes: &[u8]) -> Result<ScanResult> {
        self.authorize(Operation::Scan, None)?;
        self.take_scan(decode_image(bytes)?)
    }
}
