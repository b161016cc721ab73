//! The shared practice vault as the shells show it. Field names are the
//! CLI's JSON contract (`tessera share status --json`): snake case.

use serde::Serialize;

/// One desk of the practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeskView {
    /// Its id (16 hex digits).
    pub id: String,
    /// Its name.
    pub name: String,
    /// `admin` or `staff`.
    pub role: String,
    /// Unix time of its latest record, if any.
    pub last_seen: Option<u64>,
    /// `active` or `revoked`.
    pub state: String,
}

/// A desk that asked to join and is not approved yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingDeskView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Unix time it asked.
    pub requested: u64,
}

/// An account whose key was changed on two desks at once: both are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictView {
    /// The account's id.
    pub account: String,
    /// Issuer and name.
    pub name: String,
    /// The second account, holding the other key.
    pub other: String,
    /// The desks whose keys differ.
    pub desks: Vec<String>,
    /// What to do.
    pub advice: String,
}

/// This desk's place in the practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ThisDeskView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `pending` (waiting for approval), `active`, or `revoked`.
    pub state: String,
    /// The shared folder.
    pub folder: String,
    /// While pending: the code to type on an admin desk.
    pub join_code: Option<String>,
}

/// `tessera share status --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShareStatusView {
    /// The practice's name.
    pub practice: String,
    /// Every approved desk (revoked ones too, marked).
    pub desks: Vec<DeskView>,
    /// Desks waiting for approval.
    pub pending: Vec<PendingDeskView>,
    /// Key conflicts to resolve.
    pub conflicts: Vec<ConflictView>,
    /// The current epoch.
    pub epoch: u32,
    /// This desk.
    pub this_desk: ThisDeskView,
    /// Unix time of this app's last pass over the folder (`None` outside
    /// the app, or before its first pass).
    pub last_sync: Option<u64>,
}

/// What `share join` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinView {
    /// The practice's name.
    pub practice: String,
    /// The code to type on an admin desk.
    pub code: String,
    /// This desk's id.
    pub desk: String,
}

/// An account named in a report (never its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SharedAccountView {
    /// Its id.
    pub id: String,
    /// Issuer.
    pub issuer: String,
    /// Name.
    pub name: String,
}

/// What one sync pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// `pending`, `active` or `revoked`.
    pub state: String,
    /// Changes made here and written to the folder.
    pub sent: u32,
    /// Accounts added here from other desks.
    pub added: u32,
    /// Accounts changed here by other desks.
    pub updated: u32,
    /// Accounts removed here because another desk deleted them.
    pub removed: u32,
    /// Records read (verified and decrypted).
    pub records: u32,
    /// Files skipped (conflict copies, temporary, unknown, incomplete).
    pub skipped: u32,
    /// Whether a snapshot was written.
    pub snapshot: bool,
}

/// What `share revoke` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RevokeView {
    /// The revoked desk.
    pub desk: DeskView,
    /// The new epoch.
    pub epoch: u32,
    /// Every account the revoked PC holds: re-enrol each (a new key from
    /// the website), since that PC keeps what it already had.
    pub reenrol: Vec<SharedAccountView>,
}
