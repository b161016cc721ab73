//! Listing, adding, editing and removing accounts.

use super::{account_id, ensure_unlocked};
use crate::dto::{AccountForm, AccountView, LinkPreview, PreviewAccount};
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use tauri::State;
use tessera_core::vault::{self, IndexStore};
use tessera_core::{parse_setup_link, Account, SetupLink};
use zeroize::Zeroizing;

/// The accounts in display order (favourites first). Reads only the index.
#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, IpcError> {
    ensure_unlocked(&state)?;
    let accounts: Vec<_> = state
        .index()?
        .load()?
        .accounts
        .into_iter()
        .filter(|a| a.state.is_active())
        .collect();
    let positions: std::collections::HashMap<_, _> = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    Ok(vault::display_order(accounts)
        .iter()
        .map(|a| AccountView {
            position: crate::dto::small(positions.get(&a.id).copied().unwrap_or(0)),
            ..AccountView::from(a)
        })
        .collect())
}

fn form_account(form: &AccountForm) -> Result<Account, IpcError> {
    form.with_draft(|draft| draft.build())
        .map_err(IpcError::invalid)?
        .map_err(IpcError::invalid)
}

/// What the add form would save, with the code it gives now.
#[tauri::command]
pub fn preview_account(form: AccountForm) -> Result<PreviewAccount, IpcError> {
    Ok(PreviewAccount::of(&form_account(&form)?, unix_now()?))
}

pub(crate) fn add_all(
    state: &AppState,
    accounts: &[Account],
) -> Result<Vec<AccountView>, IpcError> {
    let vault = state.vault()?;
    let now = unix_now()?;
    let mut added = Vec::with_capacity(accounts.len());
    for account in accounts {
        let record = vault.add(account, state.new_id()?, now)?;
        added.push(AccountView::from(&record));
    }
    state.bump();
    Ok(added)
}

/// Saves the add form's account.
#[tauri::command]
pub async fn add_account(
    state: State<'_, AppState>,
    form: AccountForm,
) -> Result<AccountView, IpcError> {
    ensure_unlocked(&state)?;
    let account = form_account(&form)?;
    let mut added = add_all(&state, std::slice::from_ref(&account))?;
    added
        .pop()
        .ok_or_else(|| IpcError::internal("the account was not added"))
}

/// A link's accounts, and for a transfer which part of how many it is.
type LinkAccounts = (Vec<Account>, Option<(u32, u32)>);

fn link_accounts(text: &str) -> Result<LinkAccounts, IpcError> {
    match parse_setup_link(text.trim()).map_err(IpcError::invalid)? {
        SetupLink::Account(account) => Ok((vec![account], None)),
        SetupLink::Migration(batch) => Ok((
            batch.accounts,
            Some((batch.batch_index + 1, batch.batch_size)),
        )),
    }
}

/// What a pasted `otpauth://` or `otpauth-migration://` link holds.
#[tauri::command]
pub fn inspect_link(text: String) -> Result<LinkPreview, IpcError> {
    let text = Zeroizing::new(text);
    let (accounts, part) = link_accounts(&text)?;
    let now = unix_now()?;
    Ok(LinkPreview {
        accounts: accounts
            .iter()
            .map(|a| PreviewAccount::of(a, now))
            .collect(),
        part,
    })
}

/// Adds every account of a pasted link.
#[tauri::command]
pub async fn add_link(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<AccountView>, IpcError> {
    let text = Zeroizing::new(text);
    ensure_unlocked(&state)?;
    let (accounts, _) = link_accounts(&text)?;
    add_all(&state, &accounts)
}

/// Changes an account's issuer, name and tags.
#[tauri::command]
pub async fn edit_account(
    state: State<'_, AppState>,
    id: String,
    issuer: String,
    name: String,
    tags: Vec<String>,
) -> Result<AccountView, IpcError> {
    ensure_unlocked(&state)?;
    let id = account_id(&id)?;
    let index = state.index()?;
    vault::rename_account(&index, &id, Some(&issuer), Some(&name))?;
    let record = vault::set_tags(&index, &id, &tags)?;
    state.bump();
    Ok(AccountView::from(&record))
}

/// Pins an account to the top, or unpins it.
#[tauri::command]
pub async fn set_favourite(
    state: State<'_, AppState>,
    id: String,
    favourite: bool,
) -> Result<AccountView, IpcError> {
    ensure_unlocked(&state)?;
    let record = vault::set_favourite(&state.index()?, &account_id(&id)?, favourite)?;
    state.bump();
    Ok(AccountView::from(&record))
}

/// Moves an account to `position` in the stored order.
#[tauri::command]
pub async fn move_account(
    state: State<'_, AppState>,
    id: String,
    position: u32,
) -> Result<(), IpcError> {
    ensure_unlocked(&state)?;
    let position = usize::try_from(position).unwrap_or(usize::MAX);
    vault::move_account(&state.index()?, &account_id(&id)?, position)?;
    state.bump();
    Ok(())
}

/// Deletes an account and its keychain item (the UI asks first).
#[tauri::command]
pub async fn remove_account(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    ensure_unlocked(&state)?;
    state.vault()?.remove(&account_id(&id)?)?;
    state.bump();
    Ok(())
}
