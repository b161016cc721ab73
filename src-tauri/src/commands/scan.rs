//! Scanning a setup QR code from an image the user opened, dropped or pasted.
//! The decoded links stay in Rust until the user confirms; the webview only
//! sees what they would add (names and current codes).

use super::ensure_unlocked;
use crate::dto::{LinkPreview, PreviewAccount, ScanResult};
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use tauri::ipc::{InvokeBody, Request};
use tauri::State;
use tessera_core::{parse_setup_link, SetupLink};
use zeroize::Zeroizing;

/// Largest image file accepted (the decoder also caps pixels).
const MAX_IMAGE_BYTES: usize = 50 * 1024 * 1024;

/// Decodes every QR code in the image sent as the raw request body.
#[tauri::command]
pub async fn scan_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<ScanResult, IpcError> {
    ensure_unlocked(&state)?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::invalid("send the image file's bytes"));
    };
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(IpcError::invalid("the image file is larger than 50 MB"));
    }
    let texts = tessera_core::qr::decode_image(bytes).map_err(IpcError::invalid)?;
    let now = unix_now()?;
    let mut accounts = Vec::new();
    let mut part = None;
    let mut links = Vec::new();
    let mut other = Vec::new();
    for text in texts {
        let text = Zeroizing::new(text);
        match parse_setup_link(&text) {
            Ok(SetupLink::Account(account)) => {
                accounts.push(PreviewAccount::of(&account, now));
                links.push(text);
            }
            Ok(SetupLink::Migration(batch)) => {
                part = Some((batch.batch_index + 1, batch.batch_size));
                accounts.extend(batch.accounts.iter().map(|a| PreviewAccount::of(a, now)));
                links.push(text);
            }
            // Not an authenticator code: its text is shown so the user sees what it was.
            Err(_) => other.push(text.to_string()),
        }
    }
    let found = !(accounts.is_empty() && other.is_empty());
    state.hold_scanned(links);
    Ok(ScanResult {
        found,
        preview: LinkPreview { accounts, part },
        other_texts: other,
    })
}

/// Adds the accounts of the last scan.
#[tauri::command]
pub async fn add_scanned(
    state: State<'_, AppState>,
) -> Result<Vec<crate::dto::AccountView>, IpcError> {
    ensure_unlocked(&state)?;
    let links = state.take_scanned();
    let mut accounts = Vec::new();
    for link in &links {
        match parse_setup_link(link).map_err(IpcError::invalid)? {
            SetupLink::Account(account) => accounts.push(account),
            SetupLink::Migration(batch) => accounts.extend(batch.accounts),
        }
    }
    if accounts.is_empty() {
        return Err(IpcError::invalid("there is no scanned account to add"));
    }
    super::accounts::add_all(&state, &accounts)
}
