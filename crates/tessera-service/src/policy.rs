//! Which operations need what: the one table both shells obey.
//!
//! - [`Access::Open`]: works with the lock screen up (status, unlock itself).
//! - [`Access::Unlocked`]: needs the lock screen down and, on a profile with
//!   a PIN, the vault unlocked in this process (the app: the lock screen was
//!   passed; the CLI: the PIN was given to this command).
//! - [`Access::PinAgain`]: reveals or exports a key or a backup code: on a
//!   profile with a PIN, the PIN is asked again even when unlocked (wrong
//!   tries count towards the lockout as on the lock screen).

/// Something a shell asks the service to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// Profile, lock and keychain state.
    Status,
    /// Unlocking (the lock screen, `tessera unlock`).
    Unlock,
    /// Locking.
    Lock,
    /// Switching to another profile (locks the current one first).
    SwitchProfile,
    /// Listing accounts (names, never keys).
    ListAccounts,
    /// Showing current codes.
    ShowCodes,
    /// Copying a code.
    CopyCode,
    /// Producing an HOTP account's next code.
    NextHotpCode,
    /// Adding accounts (typed, pasted, scanned, imported).
    AddAccount,
    /// Renaming, tagging, pinning or reordering an account.
    EditAccount,
    /// Removing an account and its key.
    RemoveAccount,
    /// Seeing an account's backup codes, masked.
    ViewBackupCodes,
    /// Storing or marking backup codes.
    ChangeBackupCodes,
    /// Showing a backup code whole.
    RevealBackupCode,
    /// Scanning a QR code (image, screen, camera).
    Scan,
    /// Printing the backup sheet without keys.
    PrintSheet,
    /// Printing the backup sheet with each account's key and QR code.
    PrintSheetWithKeys,
    /// Showing an account's key.
    RevealKey,
    /// Exporting accounts with their keys (any format).
    Export,
    /// Changing settings.
    ChangeSettings,
    /// Setting a first PIN.
    SetPin,
    /// Changing the PIN: the old PIN, checked by the change itself, is the
    /// PIN asked again.
    ChangePin,
    /// Removing the PIN: likewise.
    RemovePin,
    /// Reading the activity log.
    ViewActivity,
    /// Checking the clock against time servers (reveals nothing; the lock
    /// screen can warn about a wrong clock too).
    CheckClock,
    /// Founding a shared practice vault in a folder (`share init`).
    ShareInit,
    /// Asking to join a practice (`share join`).
    ShareJoin,
    /// Approving a desk (`share approve`): it will receive every key.
    ShareApprove,
    /// Revoking a desk (`share revoke`).
    ShareRevoke,
    /// One read-merge-write pass over the shared folder (`share sync`).
    ShareSync,
    /// The practice's desks and conflicts (`share status`).
    ShareStatus,
}

/// What an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nothing: allowed with the lock screen up.
    Open,
    /// The lock screen down and, with a PIN, the vault unlocked.
    Unlocked,
    /// As [`Access::Unlocked`], and the PIN entered again for this very operation.
    PinAgain,
}

impl Operation {
    /// What this operation needs.
    pub const fn access(self) -> Access {
        use Operation::*;
        match self {
            Status | Unlock | Lock | SwitchProfile | CheckClock => Access::Open,
            ListAccounts | ShowCodes | CopyCode | NextHotpCode | AddAccount | EditAccount
            | RemoveAccount | ViewBackupCodes | ChangeBackupCodes | Scan | PrintSheet
            | ChangeSettings | SetPin | ViewActivity | ShareJoin | ShareSync | ShareStatus => {
                Access::Unlocked
            }
            RevealBackupCode | PrintSheetWithKeys | RevealKey | Export | ChangePin | RemovePin
            | ShareInit | ShareApprove | ShareRevoke => Access::PinAgain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatever_reveals_or_exports_a_secret_asks_for_the_pin_again() {
        for op in [
            Operation::RevealKey,
            Operation::PrintSheetWithKeys,
            Operation::Export,
            Operation::RevealBackupCode,
            // They decide who receives every key of the practice.
            Operation::ShareInit,
            Operation::ShareApprove,
            Operation::ShareRevoke,
        ] {
            assert_eq!(op.access(), Access::PinAgain, "{op:?}");
        }
    }

    #[test]
    fn only_status_unlock_lock_switching_and_the_clock_check_work_while_locked() {
        for op in [
            Operation::ListAccounts,
            Operation::RemoveAccount,
            Operation::EditAccount,
            Operation::ChangeSettings,
            Operation::ViewActivity,
        ] {
            assert_eq!(op.access(), Access::Unlocked, "{op:?}");
        }
        assert_eq!(Operation::SwitchProfile.access(), Access::Open);
        // Checking the clock reveals nothing; correcting codes for it is a
        // setting (ChangeSettings).
        assert_eq!(Operation::CheckClock.access(), Access::Open);
    }
}
