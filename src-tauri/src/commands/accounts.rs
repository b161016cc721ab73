//! Listing, adding, editing and removing accounts.

use tauri::State;
use tessera_service::views::{AccountForm, AccountView, LinkPreview, PreviewAccount};
use tessera_service::{Error, Service};
use zeroize::Zeroizing;

/// The accounts in display order (favourites first).
#[tauri::command]
pub async fn list_accounts(service: State<'_, Service>) -> Result<Vec<AccountView>, Error> {
    service.list_accounts()
}

/// What the add form would save, with the code it gives now.
#[tauri::command]
pub async fn preview_account(
    service: State<'_, Service>,
    form: AccountForm,
) -> Result<PreviewAccount, Error> {
    service.preview_account(&form)
}

/// Saves the add form's account.
#[tauri::command]
pub async fn add_account(
    service: State<'_, Service>,
    form: AccountForm,
) -> Result<AccountView, Error> {
    service.add_account(&form)
}

/// What a pasted `otpauth://` or `otpauth-migration://` link holds.
#[tauri::command]
pub async fn inspect_link(service: State<'_, Service>, text: String) -> Result<LinkPreview, Error> {
    service.inspect_link(&Zeroizing::new(text))
}

/// Adds every account of a pasted link.
#[tauri::command]
pub async fn add_link(
    service: State<'_, Service>,
    text: String,
) -> Result<Vec<AccountView>, Error> {
    service.add_link(&Zeroizing::new(text))
}

/// Changes an account's issuer, name and tags.
#[tauri::command]
pub async fn edit_account(
    service: State<'_, Service>,
    id: String,
    issuer: String,
    name: String,
    tags: Vec<String>,
) -> Result<AccountView, Error> {
    service.edit_account(&id, &issuer, &name, &tags)
}

/// Pins an account to the top, or unpins it.
#[tauri::command]
pub async fn set_favourite(
    service: State<'_, Service>,
    id: String,
    favourite: bool,
) -> Result<AccountView, Error> {
    service.set_favourite(&id, favourite)
}

/// Moves an account to `position` in the stored order.
#[tauri::command]
pub async fn move_account(
    service: State<'_, Service>,
    id: String,
    position: u32,
) -> Result<(), Error> {
    service.move_account(&id, position)
}

/// Deletes an account and its keychain item (the UI asks first).
#[tauri::command]
pub async fn remove_account(service: State<'_, Service>, id: String) -> Result<(), Error> {
    service.remove_account(&id).map(drop)
}
