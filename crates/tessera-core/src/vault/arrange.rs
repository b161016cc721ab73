//! How the list looks: names, favourites and order. These touch only the
//! index, so they work while the keychain is locked or unavailable.

use super::{AccountId, AccountRecord, IndexStore, VaultError};

/// Changes an account's issuer and/or name (trimmed).
pub fn rename_account(
    index: &impl IndexStore,
    id: &AccountId,
    issuer: Option<&str>,
    name: Option<&str>,
) -> Result<AccountRecord, VaultError> {
    edit(index, id, |record| {
        if let Some(issuer) = issuer {
            record.issuer = issuer.trim().to_owned();
        }
        if let Some(name) = name {
            record.name = name.trim().to_owned();
        }
    })
}

/// Replaces an account's tags (trimmed, empty and repeated ones dropped).
pub fn set_tags(
    index: &impl IndexStore,
    id: &AccountId,
    tags: &[String],
) -> Result<AccountRecord, VaultError> {
    let mut clean: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !clean.iter().any(|seen| seen.eq_ignore_ascii_case(tag)) {
            clean.push(tag.to_owned());
        }
    }
    edit(index, id, |record| record.tags = clean)
}

/// Pins an account to the top of the list, or unpins it.
pub fn set_favourite(
    index: &impl IndexStore,
    id: &AccountId,
    favourite: bool,
) -> Result<AccountRecord, VaultError> {
    edit(index, id, |record| record.favourite = favourite)
}

/// Moves an account to `position` among the visible accounts (clamped).
/// Accounts being added or removed keep their places.
pub fn move_account(
    index: &impl IndexStore,
    id: &AccountId,
    position: usize,
) -> Result<(), VaultError> {
    index.update(|index| {
        let from = index
            .accounts
            .iter()
            .position(|a| &a.id == id && a.state.is_active())
            .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
        let record = index.accounts.remove(from);
        let visible: Vec<usize> = index
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, a)| a.state.is_active())
            .map(|(i, _)| i)
            .collect();
        let at = match visible.get(position) {
            Some(&slot) => slot,
            None => index.accounts.len(),
        };
        index.accounts.insert(at, record);
        Ok(())
    })
}

/// Accounts in display order: favourites first, otherwise as stored.
pub fn display_order(mut accounts: Vec<AccountRecord>) -> Vec<AccountRecord> {
    // A stable sort keeps the user's order within each group.
    accounts.sort_by_key(|a| !a.favourite);
    accounts
}

fn edit(
    index: &impl IndexStore,
    id: &AccountId,
    change: impl FnOnce(&mut AccountRecord),
) -> Result<AccountRecord, VaultError> {
    index.update(|index| {
        let record = index
            .get_mut(id)
            .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
        change(record);
        Ok(record.clone())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::otp::OtpParams;
    use crate::vault::MemoryIndexStore;
    use crate::vault::RecordState;

    fn store(names: &[&str]) -> (MemoryIndexStore, Vec<AccountId>) {
        let index = MemoryIndexStore::default();
        let mut ids = Vec::new();
        index
            .update(|ix| {
                for (n, name) in names.iter().enumerate() {
                    let id = AccountId::from_random_bytes([n as u8; 16]);
                    ids.push(id.clone());
                    ix.accounts.push(AccountRecord::new(
                        id,
                        name,
                        "",
                        OtpParams::default_totp(),
                        0,
                    ));
                }
                Ok::<_, VaultError>(())
            })
            .unwrap();
        (index, ids)
    }

    fn names(index: &MemoryIndexStore) -> Vec<String> {
        index
            .load()
            .unwrap()
            .accounts
            .into_iter()
            .map(|a| a.issuer)
            .collect()
    }

    #[test]
    fn moves_among_visible_accounts() {
        let (index, ids) = store(&["a", "b", "c", "d"]);
        move_account(&index, &ids[3], 0).unwrap();
        assert_eq!(names(&index), ["d", "a", "b", "c"]);
        move_account(&index, &ids[3], 99).unwrap();
        assert_eq!(names(&index), ["a", "b", "c", "d"]);
        // A hidden entry in the way does not shift the target position.
        index
            .update(|ix| {
                ix.accounts[0].state = RecordState::Adding;
                Ok::<_, VaultError>(())
            })
            .unwrap();
        move_account(&index, &ids[3], 1).unwrap();
        assert_eq!(names(&index), ["a", "b", "d", "c"]);
        assert!(matches!(
            move_account(&index, &ids[0], 0),
            Err(VaultError::NoSuchAccount(_))
        ));
    }

    #[test]
    fn favourites_come_first_in_stored_order() {
        let (index, ids) = store(&["a", "b", "c", "d"]);
        set_favourite(&index, &ids[2], true).unwrap();
        set_favourite(&index, &ids[3], true).unwrap();
        let shown: Vec<String> = display_order(index.load().unwrap().accounts)
            .into_iter()
            .map(|a| a.issuer)
            .collect();
        assert_eq!(shown, ["c", "d", "a", "b"]);
        set_favourite(&index, &ids[2], false).unwrap();
        assert!(!index.load().unwrap().accounts[2].favourite);
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let (index, ids) = store(&["a"]);
        let tags = [" Clinic ", "", "clinic", "front desk"].map(String::from);
        let record = set_tags(&index, &ids[0], &tags).unwrap();
        assert_eq!(record.tags, ["Clinic", "front desk"]);
    }

    #[test]
    fn rename_trims_and_keeps_unchanged_parts() {
        let (index, ids) = store(&["a"]);
        let record = rename_account(&index, &ids[0], None, Some("  bob ")).unwrap();
        assert_eq!((record.issuer.as_str(), record.name.as_str()), ("a", "bob"));
    }
}
