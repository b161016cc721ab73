//! Listing, adding, editing and removing accounts.

use super::{account_id, Service};
use crate::activity::Event;
use crate::error::{Error, Result};
use crate::intake;
use crate::policy::Operation;
use crate::views::{AccountForm, AccountView, LinkPreview, PreviewAccount};
use tessera_core::vault::{self, IndexStore};
use tessera_core::Account;
use zeroize::Zeroizing;

fn form_account(form: &AccountForm) -> Result<Account> {
    form.with_draft(|draft| draft.build())
        .map_err(Error::invalid)?
        .map_err(Error::invalid)
}

impl Service {
    /// The accounts in display order (favourites first). Reads only the
    /// index, but needs the app unlocked like everything that shows accounts.
    pub fn list_accounts(&self) -> Result<Vec<AccountView>> {
        self.authorize(Operation::ListAccounts, None)?;
        let accounts: Vec<_> = self
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
                position: crate::views::small(positions.get(&a.id).copied().unwrap_or(0)),
                ..AccountView::from(a)
            })
            .collect())
    }

    /// The accounts for the tray menu, or `None` while locked. Unlike every
    /// other call this is not user activity (the menu is rebuilt after each
    /// change, and must not keep the app from locking).
    pub fn menu_accounts(&self) -> Option<Vec<AccountView>> {
        let pin_set = self.pin_set().ok()?;
        if self.is_locked(pin_set) {
            return None;
        }
        let accounts = self.index().ok()?.load().ok()?.accounts;
        let active = accounts
            .into_iter()
            .filter(|a| a.state.is_active())
            .collect();
        Some(
            vault::display_order(active)
                .iter()
                .map(AccountView::from)
                .collect(),
        )
    }

    /// The tray's account menu: `None` while locked; else favourites and,
    /// when the list is short and untagged, every account at the top, and
    /// otherwise the rest grouped by their first tag ("Other" for untagged).
    pub fn menu_groups(&self) -> Option<MenuGroups> {
        self.menu_accounts().map(MenuGroups::of)
    }

    /// What the add form would save, with the code it gives now. Touches no
    /// stored data.
    pub fn preview_account(&self, form: &AccountForm) -> Result<PreviewAccount> {
        Ok(PreviewAccount::of(&form_account(form)?, self.code_now()))
    }

    /// Adds accounts one after another; stops at the first failure (the
    /// ones before it stay added).
    pub fn add_accounts(&self, accounts: &[Account]) -> Result<Vec<AccountView>> {
        self.authorize(Operation::AddAccount, None)?;
        let vault = self.vault()?;
        let now = self.now();
        let mut added = Vec::with_capacity(accounts.len());
        let result = (|| {
            for account in accounts {
                let record = vault.add(account, self.new_id()?, now)?;
                self.record(Event::AccountAdded, Some(record.display_name()), None);
                added.push(AccountView::from(&record));
            }
            Ok::<_, Error>(())
        })();
        if !added.is_empty() {
            self.changed();
        }
        result.map(|()| added)
    }

    /// Saves the add form's account.
    pub fn add_account(&self, form: &AccountForm) -> Result<AccountView> {
        let account = form_account(form)?;
        self.add_accounts(std::slice::from_ref(&account))?
            .pop()
            .ok_or_else(|| Error::internal("the account was not added"))
    }

    /// What a pasted `otpauth://` or `otpauth-migration://` link holds (a
    /// single part of a multi-part export is shown, and added, on its own).
    pub fn inspect_link(&self, text: &str) -> Result<LinkPreview> {
        let text = Zeroizing::new(text.to_owned());
        let (accounts, part) = intake::link_accounts(&text)?;
        Ok(LinkPreview {
            accounts: intake::previews(&accounts, self.code_now()),
            part,
        })
    }

    /// Adds every account of a pasted link.
    pub fn add_link(&self, text: &str) -> Result<Vec<AccountView>> {
        self.authorize(Operation::AddAccount, None)?;
        let (accounts, _) = intake::link_accounts(text)?;
        self.add_accounts(&accounts)
    }

    /// Changes an account's issuer, name and tags.
    pub fn edit_account(
        &self,
        id: &str,
        issuer: &str,
        name: &str,
        tags: &[String],
    ) -> Result<AccountView> {
        self.authorize(Operation::EditAccount, None)?;
        let id = account_id(id)?;
        let index = self.index()?;
        vault::rename_account(&index, &id, Some(issuer), Some(name))?;
        let record = vault::set_tags(&index, &id, tags)?;
        self.changed();
        Ok(AccountView::from(&record))
    }

    /// Changes the issuer and/or the name only (the CLI's `rename`).
    pub fn rename_account(
        &self,
        id: &str,
        issuer: Option<&str>,
        name: Option<&str>,
    ) -> Result<AccountView> {
        self.authorize(Operation::EditAccount, None)?;
        let record = vault::rename_account(&self.index()?, &account_id(id)?, issuer, name)?;
        self.changed();
        Ok(AccountView::from(&record))
    }

    /// Pins an account to the top, or unpins it.
    pub fn set_favourite(&self, id: &str, favourite: bool) -> Result<AccountView> {
        self.authorize(Operation::EditAccount, None)?;
        let record = vault::set_favourite(&self.index()?, &account_id(id)?, favourite)?;
        self.changed();
        Ok(AccountView::from(&record))
    }

    /// Moves an account to `position` in the stored order.
    pub fn move_account(&self, id: &str, position: u32) -> Result<()> {
        self.authorize(Operation::EditAccount, None)?;
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        vault::move_account(&self.index()?, &account_id(id)?, position)?;
        self.changed();
        Ok(())
    }

    /// Deletes an account and its keychain item (the shells ask first).
    pub fn remove_account(&self, id: &str) -> Result<AccountView> {
        self.authorize(Operation::RemoveAccount, None)?;
        let record = self.vault()?.remove(&account_id(id)?)?;
        self.record(Event::AccountRemoved, Some(record.display_name()), None);
        self.changed();
        Ok(AccountView::from(&record))
    }

    /// Accounts whose issuer or name contains `query` (case-insensitive), for
    /// the CLI's QUERY arguments. Needs the app unlocked like the list.
    pub fn find_accounts(&self, query: &str) -> Result<Vec<AccountView>> {
        self.authorize(Operation::ListAccounts, None)?;
        Ok(self
            .index()?
            .load()?
            .accounts
            .iter()
            .filter(|a| a.state.is_active() && a.matches(query))
            .map(AccountView::from)
            .collect())
    }
}

impl Service {
    /// Checks a key as typed and, when usable, the default-parameter code it
    /// gives now (SHA1, 6 digits, 30 s). The key is not echoed back.
    pub fn preview_key(&self, key: &str) -> crate::views::KeyCheck {
        use crate::views::{KeyCheck, KeyProblem};
        match tessera_core::check_key(key) {
            Ok(checked) => {
                let at = tessera_core::code_at(
                    &tessera_core::OtpParams::default_totp(),
                    &checked.key,
                    self.code_now(),
                );
                KeyCheck::valid(&checked, &at)
            }
            Err(err) => KeyCheck::Invalid {
                problem: KeyProblem::from(&err),
            },
        }
    }
}

impl Service {
    /// Every account's index record in stored order (names and parameters,
    /// never keys): the CLI's `list --json`.
    pub fn account_records(&self) -> Result<Vec<tessera_core::vault::AccountRecord>> {
        self.authorize(Operation::ListAccounts, None)?;
        Ok(self
            .index()?
            .load()?
            .accounts
            .into_iter()
            .filter(|a| a.state.is_active())
            .collect())
    }
}

/// Accounts as the tray lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MenuGroups {
    /// Listed at the top level, in display order.
    pub top: Vec<AccountView>,
    /// Submenus by group name, in the order groups first appear.
    pub groups: Vec<(String, Vec<AccountView>)>,
}

/// Up to this many accounts without tags are listed without submenus.
const FLAT_MENU_UP_TO: usize = 15;

impl MenuGroups {
    /// Groups accounts in display order for the tray.
    pub fn of(accounts: Vec<AccountView>) -> Self {
        let flat = accounts.len() <= FLAT_MENU_UP_TO && accounts.iter().all(|a| a.tags.is_empty());
        let mut menu = Self::default();
        for account in accounts {
            if flat || account.favourite {
                menu.top.push(account);
                continue;
            }
            let group = account
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| "Other".to_owned());
            match menu.groups.iter_mut().find(|(name, _)| *name == group) {
                Some((_, members)) => members.push(account),
                None => menu.groups.push((group, vec![account])),
            }
        }
        // "Other" goes last.
        menu.groups.sort_by_key(|(name, _)| name == "Other");
        menu
    }
}

#[cfg(test)]
mod menu_tests {
    use super::*;

    fn view(issuer: &str, tags: &[&str], favourite: bool) -> AccountView {
        AccountView {
            id: issuer.to_owned(),
            issuer: issuer.to_owned(),
            name: String::new(),
            kind: "totp".into(),
            digits: 6,
            period: Some(30),
            favourite,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            backup_total: 0,
            backup_remaining: 0,
            position: 0,
        }
    }

    #[test]
    fn short_untagged_lists_are_flat() {
        let menu = MenuGroups::of(
            (0..15)
                .map(|i| view(&format!("A{i}"), &[], false))
                .collect(),
        );
        assert_eq!(menu.top.len(), 15);
        assert!(menu.groups.is_empty());
    }

    #[test]
    fn every_account_is_listed_once_in_groups() {
        let mut accounts = vec![view("Fav", &["Insurers"], true)];
        accounts.extend((0..20).map(|i| view(&format!("I{i}"), &["Insurers"], false)));
        accounts.extend((0..5).map(|i| view(&format!("U{i}"), &[], false)));
        accounts.extend((0..3).map(|i| view(&format!("S{i}"), &["Suppliers", "x"], false)));
        let menu = MenuGroups::of(accounts);
        assert_eq!(
            menu.top
                .iter()
                .map(|a| a.issuer.as_str())
                .collect::<Vec<_>>(),
            ["Fav"]
        );
        let names: Vec<_> = menu
            .groups
            .iter()
            .map(|(n, m)| (n.as_str(), m.len()))
            .collect();
        assert_eq!(names, [("Insurers", 20), ("Suppliers", 3), ("Other", 5)]);
    }
}
