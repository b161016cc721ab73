//! The shared practice vault in the application layer (the format, merge and
//! membership rules are in [`tessera_core::share`]): founding, joining,
//! approving and revoking desks, and the sync pass that records this desk's
//! changes into its own log in the folder and applies the merged changes of
//! every desk to the local vault through the ordinary [`Vault`] API.
//!
//! The local vault stays the source of truth. What the profile keeps of the
//! share, beside its index (no secret in any of it):
//!
//! - `share/config.json`: the folder, this desk's id and name, the founder's
//!   pinned key, the next sequence number and the clock;
//! - `share/base.json`: for every account linked to the practice, its names,
//!   counter and backup-code state as last synced, and the version of each
//!   merged field then — a three-way merge: a local value that differs from
//!   the base is a local change (recorded), a merged version newer than the
//!   base's is a remote change (applied);
//! - `share/outbox/`: a copy of every file this desk wrote (ciphertext and
//!   signed public files only), put back should the folder lose one;
//! - the desk's keys: the keychain record [`SHARE_IDENTITY_RECORD`], sealed
//!   under the PIN like every item.
//!
//! Every change made here ([`Service::changed`]) runs a pass at once; the app
//! also runs one whenever the folder changes ([`Service::share_tick`]).

use super::{guard, Service};
use crate::activity::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Operation;
use crate::views::{
    ConflictView, DeskView, JoinView, PendingDeskView, RevokeView, ShareStatusView,
    SharedAccountView, SyncReport, ThisDeskView,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tessera_core::envelope::BackupEntry;
use tessera_core::otp::OtpParams;
use tessera_core::share::folder::SharedFolder;
use tessera_core::share::{
    ops, Change, DeskId, DeskIdentity, FieldVersions, FolderView, Member, MemberState, RecordBody,
    Role, ShareError, SharedAccount, Stamp, State, Trust,
};
use tessera_core::vault::{
    self, AccountId, AccountRecord, IndexStore, VaultError, SHARE_IDENTITY_RECORD,
};
use tessera_fs::{DiskFolder, FileLock};
use zeroize::Zeroizing;

thread_local! {
    /// A share pass runs on this thread: the vault changes it makes itself are
    /// not recorded again (changes made meanwhile on other threads, such as
    /// the window's, are).
    static IN_SHARE_PASS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A desk writes a snapshot after this many of its own records.
pub const SNAPSHOT_EVERY: u64 = 100;
/// The environment variable naming this desk (default: host name and profile).
pub const DESK_NAME_ENV: &str = "TESSERA_DESK_NAME";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Config {
    folder: PathBuf,
    desk: DeskId,
    desk_name: String,
    practice: String,
    founder: DeskId,
    founder_key: String,
    /// The next record's sequence number.
    next_seq: u64,
    /// The latest clock stamp used or seen.
    clock: Stamp,
    /// Snapshots written so far.
    #[serde(default)]
    snapshots: u64,
    /// This desk's record sequence at its last snapshot.
    #[serde(default)]
    snapshot_seq: u64,
}

impl Config {
    fn trust(&self) -> Result<Trust> {
        use base64::Engine as _;
        let key = base64::engine::general_purpose::STANDARD
            .decode(&self.founder_key)
            .ok()
            .and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok())
            .ok_or_else(|| Error::internal("the shared practice's settings are damaged"))?;
        Ok(Trust {
            founder: self.founder.clone(),
            founder_key: key,
        })
    }
}

/// An account as last synced (no secret).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Linked {
    issuer: String,
    name: String,
    tags: Vec<String>,
    favourite: bool,
    counter: u64,
    codes_version: u32,
    used: Vec<u32>,
    versions: FieldVersions,
}

impl Linked {
    fn of(record: &AccountRecord, versions: FieldVersions) -> Self {
        Self {
            issuer: record.issuer.clone(),
            name: record.name.clone(),
            tags: record.tags.clone(),
            favourite: record.favourite,
            counter: record.params.counter().unwrap_or(0),
            codes_version: record.backup.version,
            used: record.backup.used.clone(),
            versions,
        }
    }
}

type Base = BTreeMap<String, Linked>;

pub(crate) fn share_error(err: ShareError) -> Error {
    let kind = match &err {
        ShareError::Folder(_) => ErrorKind::FileNotWritten,
        ShareError::Refused(_) => ErrorKind::InvalidInput,
        _ => ErrorKind::Internal,
    };
    Error::new(kind, err.to_string())
}

fn desk_view(member: &Member, state: &State) -> DeskView {
    DeskView {
        id: member.card.id.to_string(),
        name: member.card.name.clone(),
        role: member.role.as_str().to_owned(),
        last_seen: state.last_seen.get(&member.card.id).map(|ms| ms / 1000),
        state: match member.state {
            MemberState::Active => "active".into(),
            MemberState::Revoked { .. } => "revoked".into(),
        },
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "desk".into())
}

/// The outbox file name of a folder path.
fn outbox_name(path: &str) -> String {
    path.replace('/', "__")
}

/// What a pass found and did.
struct Pass {
    view: FolderView,
    state: State,
    report: SyncReport,
}

impl Service {
    fn share_dir(&self) -> PathBuf {
        self.profile_dir().join("share")
    }

    fn share_config(&self) -> Option<Config> {
        let bytes = std::fs::read(self.share_dir().join("config.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    fn save_share_config(&self, config: &Config) -> Result<()> {
        let dir = self.share_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::internal(e.to_string()))?;
        let bytes =
            serde_json::to_vec_pretty(config).map_err(|e| Error::internal(e.to_string()))?;
        tessera_fs::write_atomically(&dir.join("config.json"), &bytes)
            .map_err(|e| Error::internal(format!("cannot save the share settings: {e}")))
    }

    fn share_base(&self) -> Base {
        std::fs::read(self.share_dir().join("base.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save_share_base(&self, base: &Base) -> Result<()> {
        let bytes = serde_json::to_vec(base).map_err(|e| Error::internal(e.to_string()))?;
        tessera_fs::write_atomically(&self.share_dir().join("base.json"), &bytes)
            .map_err(|e| Error::internal(format!("cannot save the share state: {e}")))
    }

    fn keep_written(&self, written: &ops::Written) -> Result<()> {
        let dir = self.share_dir().join("outbox");
        std::fs::create_dir_all(&dir).map_err(|e| Error::internal(e.to_string()))?;
        for (path, bytes) in written {
            tessera_fs::write_atomically(&dir.join(outbox_name(path)), bytes)
                .map_err(|e| Error::internal(format!("cannot keep a copy of {path}: {e}")))?;
        }
        Ok(())
    }

    /// Puts back any of this desk's files the folder lost.
    fn restore_outbox(&self, folder: &DiskFolder, me: &DeskId) {
        let dir = self.share_dir().join("outbox");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let mine = format!("desks__{me}__");
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if name == "practice.json" {
                name.clone()
            } else if name.starts_with(&mine) {
                name.replace("__", "/")
            } else {
                continue;
            };
            if matches!(folder.read(&path), Ok(None)) {
                if let Ok(bytes) = std::fs::read(entry.path()) {
                    let _ = folder.create(&path, &bytes);
                }
            }
        }
    }

    fn desk_name(&self) -> String {
        std::env::var(DESK_NAME_ENV)
            .ok()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("{} ({})", host_name(), self.profile()))
    }

    fn identity(&self, create: bool) -> Result<DeskIdentity> {
        let vault = self.vault()?;
        if let Some(text) = vault.get_record(SHARE_IDENTITY_RECORD)? {
            return DeskIdentity::from_secret_text(&text).map_err(share_error);
        }
        if !create {
            return Err(Error::internal(
                "this desk's keys are missing from the keychain",
            ));
        }
        let me = DeskIdentity::generate(&*self.entropy).map_err(share_error)?;
        vault.put_record(SHARE_IDENTITY_RECORD, &me.to_secret_text())?;
        Ok(me)
    }

    fn not_shared() -> Error {
        Error::invalid(
            "this profile is not shared: set up a practice with `tessera share init` or join one with `tessera share join`",
        )
    }

    fn start_sharing(&self, folder: &Path) -> Result<(DiskFolder, DeskIdentity)> {
        if self.share_config().is_some() {
            return Err(Error::invalid(
                "this profile already takes part in a shared practice",
            ));
        }
        let disk = DiskFolder::open(folder).map_err(share_error)?;
        let me = self.identity(true)?;
        Ok((disk, me))
    }

    /// Founds a practice in `folder` (the sync engine's folder) with this
    /// desk as its first admin; every account of the profile is shared.
    pub fn share_init(
        &self,
        folder: &Path,
        practice: &str,
        pin: Option<&str>,
    ) -> Result<ShareStatusView> {
        self.authorize(Operation::ShareInit, pin)?;
        let (disk, me) = self.start_sharing(folder)?;
        let now = self.now();
        let name = self.desk_name();
        let (trust, written) =
            ops::init(&disk, &me, practice, &name, now, &*self.entropy).map_err(share_error)?;
        self.keep_written(&written)?;
        self.save_share_config(&Config {
            folder: folder.to_path_buf(),
            desk: me.id().clone(),
            desk_name: name,
            practice: practice.trim().to_owned(),
            founder: trust.founder.clone(),
            founder_key: b64(&trust.founder_key),
            next_seq: 1,
            clock: Stamp::default(),
            snapshots: 0,
            snapshot_seq: 0,
        })?;
        self.record(
            Event::Exported,
            None,
            Some(format!("shared with practice {practice}")),
        );
        self.share_pass()?;
        self.share_status()
    }

    /// Asks to join the practice in `folder`: prints the code an admin desk
    /// types to approve this one.
    pub fn share_join(&self, folder: &Path) -> Result<JoinView> {
        self.authorize(Operation::ShareJoin, None)?;
        let (disk, me) = self.start_sharing(folder)?;
        let name = self.desk_name();
        let (practice, trust, code, written) =
            ops::join(&disk, &me, &name, self.now()).map_err(share_error)?;
        self.keep_written(&written)?;
        self.save_share_config(&Config {
            folder: folder.to_path_buf(),
            desk: me.id().clone(),
            desk_name: name,
            practice: practice.practice.clone(),
            founder: trust.founder.clone(),
            founder_key: b64(&trust.founder_key),
            next_seq: 1,
            clock: Stamp::default(),
            snapshots: 0,
            snapshot_seq: 0,
        })?;
        Ok(JoinView {
            practice: practice.practice,
            code,
            desk: me.id().to_string(),
        })
    }

    /// Approves the desk showing `code` (an admin desk only; PIN again). A
    /// snapshot is written so the new desk starts from one file.
    pub fn share_approve(&self, code: &str, role: Role, pin: Option<&str>) -> Result<DeskView> {
        self.authorize(Operation::ShareApprove, pin)?;
        let pass = self.share_pass()?;
        let config = self.share_config().ok_or_else(Self::not_shared)?;
        let _lock = self.share_lock()?;
        let me = self.identity(false)?;
        let disk = DiskFolder::open(&config.folder).map_err(share_error)?;
        let (member, roster, written) =
            ops::approve(&disk, &pass.view, &me, code, role, self.now()).map_err(share_error)?;
        self.keep_written(&written)?;
        let mut config = config;
        self.write_snapshot(&disk, &me, &mut config, &roster, &pass)?;
        self.save_share_config(&config)?;
        self.record(
            Event::Exported,
            None,
            Some(format!(
                "desk {} approved for the practice",
                member.card.name
            )),
        );
        Ok(desk_view(&member, &pass.state))
    }

    fn write_snapshot(
        &self,
        disk: &DiskFolder,
        me: &DeskIdentity,
        config: &mut Config,
        roster: &tessera_core::share::Roster,
        pass: &Pass,
    ) -> Result<()> {
        let Some(key) = pass.view.keys.get(&roster.epoch) else {
            return Ok(());
        };
        let n = config.snapshots + 1;
        let written = ops::write_snapshot(
            disk,
            me,
            n,
            roster,
            key,
            &pass.state,
            self.now(),
            &*self.entropy,
        )
        .map_err(share_error)?;
        self.keep_written(&written)?;
        config.snapshots = n;
        config.snapshot_seq = config.next_seq.saturating_sub(1);
        Ok(())
    }

    /// Revokes a desk (by id or name; an admin desk only; PIN again): a new
    /// epoch key for the remaining desks. Returns the accounts the revoked
    /// PC still holds, to re-enrol.
    pub fn share_revoke(&self, desk: &str, pin: Option<&str>) -> Result<RevokeView> {
        self.authorize(Operation::ShareRevoke, pin)?;
        let pass = self.share_pass()?;
        let config = self.share_config().ok_or_else(Self::not_shared)?;
        let roster = pass
            .view
            .roster()
            .ok_or_else(|| Error::invalid("the practice's roster cannot be read yet"))?
            .clone();
        let wanted = desk.trim();
        let matches: Vec<&Member> = roster
            .members
            .iter()
            .filter(|m| m.card.id.as_str() == wanted || m.card.name.eq_ignore_ascii_case(wanted))
            .collect();
        let member = match matches.as_slice() {
            [one] => (*one).clone(),
            [] => {
                return Err(Error::invalid(format!(
                    "no desk '{wanted}' in the practice (see `tessera share status`)"
                )))
            }
            _ => {
                return Err(Error::invalid(format!(
                    "several desks are named '{wanted}': give its id"
                )))
            }
        };
        let _lock = self.share_lock()?;
        let me = self.identity(false)?;
        let disk = DiskFolder::open(&config.folder).map_err(share_error)?;
        let (new_roster, written) = ops::revoke(
            &disk,
            &pass.view,
            &pass.state,
            &me,
            &member.card.id,
            self.now(),
            &*self.entropy,
        )
        .map_err(share_error)?;
        self.keep_written(&written)?;
        let (accounts, _) = pass.state.accounts(&|d| d.to_string());
        let revoked = new_roster
            .member(&member.card.id)
            .cloned()
            .unwrap_or(member);
        self.record(
            Event::Exported,
            None,
            Some(format!(
                "desk {} revoked from the practice",
                revoked.card.name
            )),
        );
        Ok(RevokeView {
            desk: desk_view(&revoked, &pass.state),
            epoch: new_roster.epoch,
            reenrol: accounts
                .iter()
                .map(|a| SharedAccountView {
                    id: a.id.to_string(),
                    issuer: a.account.issuer.clone(),
                    name: a.account.name.clone(),
                })
                .collect(),
        })
    }

    /// One read-merge-write pass over the folder.
    pub fn share_sync(&self) -> Result<SyncReport> {
        self.authorize(Operation::ShareSync, None)?;
        let pass = self.share_pass()?;
        Ok(pass.report)
    }

    /// The practice's desks, desks waiting to join, key conflicts, epoch.
    pub fn share_status(&self) -> Result<ShareStatusView> {
        self.authorize(Operation::ShareStatus, None)?;
        let config = self.share_config().ok_or_else(Self::not_shared)?;
        let me = self.identity(false)?;
        let disk = DiskFolder::open(&config.folder).map_err(share_error)?;
        let view = FolderView::read(&disk, &config.trust()?, &me).map_err(share_error)?;
        let state = view.state(&disk).map_err(share_error)?;
        let roster = view.roster().cloned();
        let names = |d: &DeskId| {
            roster
                .as_ref()
                .and_then(|r| r.member(d))
                .map(|m| m.card.name.clone())
                .unwrap_or_else(|| d.to_string())
        };
        let (_, conflicts) = state.accounts(&names);
        let this_state = match roster.as_ref().and_then(|r| r.member(me.id())) {
            None => "pending",
            Some(m) if m.is_active() => "active",
            Some(_) => "revoked",
        };
        Ok(ShareStatusView {
            practice: roster
                .as_ref()
                .map(|r| r.practice.clone())
                .unwrap_or(config.practice.clone()),
            desks: roster
                .as_ref()
                .map(|r| r.members.iter().map(|m| desk_view(m, &state)).collect())
                .unwrap_or_default(),
            pending: view
                .cards
                .values()
                .filter(|(c, _)| {
                    &c.id != me.id() && roster.as_ref().is_none_or(|r| r.member(&c.id).is_none())
                })
                .map(|(c, _)| PendingDeskView {
                    id: c.id.to_string(),
                    name: c.name.clone(),
                    requested: c.created,
                })
                .collect(),
            conflicts: conflicts
                .iter()
                .map(|c| ConflictView {
                    account: c.account.to_string(),
                    name: c.label.clone(),
                    other: c.other.to_string(),
                    desks: c.desks.iter().map(&names).collect(),
                    advice: "the key was changed on two desks at once: both are kept; test a code of each at the website and delete the one that is refused".into(),
                })
                .collect(),
            epoch: roster.as_ref().map(|r| r.epoch).unwrap_or(0),
            this_desk: ThisDeskView {
                id: me.id().to_string(),
                name: config.desk_name.clone(),
                state: this_state.into(),
                folder: config.folder.display().to_string(),
                join_code: (this_state == "pending")
                    .then(|| view.cards.get(me.id()).map(|(_, code)| code.clone()))
                    .flatten(),
            },
            last_sync: *guard(&self.share_synced),
        })
    }

    /// Unix time of the last successful pass in this process (the app emits
    /// a new status when it moves).
    pub fn share_last_sync(&self) -> Option<u64> {
        *guard(&self.share_synced)
    }

    /// The practice's status when this profile is shared, else `None` (the
    /// app's Settings → Share).
    pub fn share_overview(&self) -> Result<Option<ShareStatusView>> {
        if self.is_shared() {
            self.share_status().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Whether this profile takes part in a shared practice.
    pub fn is_shared(&self) -> bool {
        self.share_config().is_some()
    }

    /// The app calls this every few seconds: runs a pass when the folder
    /// changed since the last one (names, sizes and times of its files) and
    /// the vault is unlocked. Returns what the pass did, when one ran (its
    /// applied changes reach the UI through the revision, like any other),
    /// or why it failed (the folder unreachable, say: tried again next time).
    pub fn share_tick(&self) -> Option<Result<SyncReport>> {
        let config = self.share_config()?;
        let pin_set = self.pin_set().ok()?;
        if self.is_locked(pin_set) {
            return None;
        }
        let print = folder_print(&config.folder);
        if guard(&self.share_seen).as_ref() == Some(&print) {
            return None;
        }
        // The folder as it was before the pass: a file that arrives while the
        // pass runs (engines write one file at a time) is a change next time.
        Some(self.share_pass().map(|pass| {
            *guard(&self.share_seen) = Some(print);
            pass.report
        }))
    }

    /// After a change here: record it in the folder now (errors wait for
    /// the next pass; the change itself stands).
    pub(super) fn share_after_change(&self) {
        if IN_SHARE_PASS.with(std::cell::Cell::get) || self.share_config().is_none() {
            return;
        }
        let _ = self.share_pass();
    }

    fn share_lock(&self) -> Result<FileLock> {
        let dir = self.share_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::internal(e.to_string()))?;
        FileLock::acquire(&dir.join("lock"))
            .map_err(|e| Error::internal(format!("cannot lock the share state: {e}")))
    }

    fn share_pass(&self) -> Result<Pass> {
        IN_SHARE_PASS.with(|f| f.set(true));
        let result = self.share_pass_locked();
        IN_SHARE_PASS.with(|f| f.set(false));
        if result.is_ok() {
            *guard(&self.share_synced) = Some(self.now());
        }
        result
    }

    fn share_pass_locked(&self) -> Result<Pass> {
        let mut config = self.share_config().ok_or_else(Self::not_shared)?;
        let _lock = self.share_lock()?;
        let me = self.identity(false)?;
        let disk = DiskFolder::open(&config.folder).map_err(share_error)?;
        self.restore_outbox(&disk, me.id());
        let trust = config.trust()?;
        let view = FolderView::read(&disk, &trust, &me).map_err(share_error)?;
        let mut state = view.state(&disk).map_err(share_error)?;
        let mut report = SyncReport {
            skipped: crate::views::small(view.ignored + view.unreadable),
            records: crate::views::small(view.records.values().map(|r| r.len()).sum()),
            ..SyncReport::default()
        };
        let Some(roster) = view.roster().cloned() else {
            report.state = "pending".into();
            return Ok(Pass {
                view,
                state,
                report,
            });
        };
        match roster.member(me.id()) {
            None => {
                report.state = "pending".into();
                return Ok(Pass {
                    view,
                    state,
                    report,
                });
            }
            Some(m) if !m.is_active() => {
                // A revoked desk keeps what it has and writes nothing more.
                report.state = "revoked".into();
                return Ok(Pass {
                    view,
                    state,
                    report,
                });
            }
            Some(_) => report.state = "active".into(),
        }
        let Some((epoch, key)) = view.current_key().map(|(e, k)| (e, k.clone())) else {
            report.state = "pending".into();
            return Ok(Pass {
                view,
                state,
                report,
            });
        };
        let names = |d: &DeskId| {
            roster
                .member(d)
                .map(|m| m.card.name.clone())
                .unwrap_or_else(|| d.to_string())
        };
        let vault = self.vault()?;
        let mut base = self.share_base();
        let (shared, _) = state.accounts(&names);
        let shared: BTreeMap<String, SharedAccount> =
            shared.into_iter().map(|a| (a.id.to_string(), a)).collect();

        // 1. This desk's changes since the last pass, as one record.
        let mut changes = self.local_changes(&mut base, &shared, &state)?;
        let mut seq = config
            .next_seq
            .max(view.last_seq(me.id()) + 1)
            .max(state.applied.get(me.id()).copied().unwrap_or(0) + 1);
        let acks_due = state.tombstones().any(|(_, v)| {
            &v.desk != me.id()
                && state
                    .acks
                    .get(me.id())
                    .and_then(|a| a.get(&v.desk))
                    .is_none_or(|s| *s < v.seq)
        });
        if !changes.is_empty() || acks_due {
            let hlc = state.clock.max(config.clock).next(self.clock.unix_now_ms());
            let mut seen = state.applied.clone();
            seen.insert(me.id().clone(), seq - 1);
            let body = RecordBody {
                hlc,
                seen,
                changes: std::mem::take(&mut changes),
            };
            let written = ops::write_record(&disk, &me, seq, epoch, &key, &body, &*self.entropy)
                .map_err(share_error)?;
            self.keep_written(&written)?;
            state.apply(me.id(), seq, &body);
            report.sent = crate::views::small(body.changes.len());
            config.clock = hlc;
            seq += 1;
        }
        config.next_seq = seq;
        config.clock = config.clock.max(state.clock);

        // 2. The merged state into the local vault.
        let (merged, _) = state.accounts(&names);
        let now = self.now();
        let mut touched = false;
        let index = self.index()?.load()?;
        for (id, _) in state.tombstones() {
            let Some(account_id) = AccountId::parse(id) else {
                continue;
            };
            if index.get(&account_id).is_some_and(|r| r.state.is_active()) {
                vault.remove(&account_id)?;
                report.removed += 1;
                touched = true;
            }
            base.remove(id);
        }
        // Accounts new to this desk are added together after the loop: one
        // intent and one commit of the index for all of them (an add each
        // wrote the index two to four times).
        let mut new_here: Vec<(BackupEntry, AccountId)> = Vec::new();
        let mut new_versions: Vec<FieldVersions> = Vec::new();
        for account in &merged {
            let key_id = account.id.to_string();
            let local = index.get(&account.id).filter(|r| r.state.is_active());
            match (local, base.get(&key_id)) {
                (None, Some(_)) => {}
                (None, None) => {
                    let entry = BackupEntry {
                        account: account.account.clone(),
                        tags: account.tags.clone(),
                        favourite: account.favourite,
                        created: account.created,
                        backup_codes: account.codes.clone(),
                        used_codes: account.used.clone(),
                    };
                    new_here.push((entry, account.id.clone()));
                    new_versions.push(account.versions.clone());
                }
                (Some(local), linked) => {
                    let linked = linked
                        .cloned()
                        .unwrap_or_else(|| Linked::of(local, FieldVersions::default()));
                    // Only a changed account is read again: reloading the
                    // index for every account made a pass quadratic.
                    let record = if self.apply_remote(local, &linked, account)? {
                        report.updated += 1;
                        touched = true;
                        self.index()?
                            .load()?
                            .get(&account.id)
                            .cloned()
                            .ok_or_else(|| {
                                Error::internal("an account vanished during a share pass")
                            })?
                    } else {
                        local.clone()
                    };
                    base.insert(key_id, Linked::of(&record, account.versions.clone()));
                }
            }
        }
        if !new_here.is_empty() {
            let added = vault.add_entries(&new_here, now)?;
            self.record_all(added.iter().map(|record| {
                (
                    Event::AccountAdded,
                    Some(record.display_name()),
                    Some("from the shared practice".into()),
                )
            }));
            for (record, versions) in added.iter().zip(new_versions) {
                base.insert(record.id.to_string(), Linked::of(record, versions));
            }
            report.added += crate::views::small(added.len());
            touched = true;
        }

        // 3. A snapshot now and then.
        if config.next_seq.saturating_sub(1) >= config.snapshot_seq + SNAPSHOT_EVERY {
            let pass = Pass {
                view,
                state,
                report,
            };
            self.write_snapshot(&disk, &me, &mut config, &roster, &pass)?;
            let Pass {
                view,
                state,
                mut report,
            } = pass;
            report.snapshot = true;
            self.save_share_base(&base)?;
            self.save_share_config(&config)?;
            if touched {
                self.changed_from_share();
            }
            return Ok(Pass {
                view,
                state,
                report,
            });
        }
        self.save_share_base(&base)?;
        self.save_share_config(&config)?;
        if touched {
            self.changed_from_share();
        }
        Ok(Pass {
            view,
            state,
            report,
        })
    }

    /// What changed here since the base: the changes to record.
    fn local_changes(
        &self,
        base: &mut Base,
        shared: &BTreeMap<String, SharedAccount>,
        state: &State,
    ) -> Result<Vec<Change>> {
        let vault = self.vault()?;
        let index = self.index()?.load()?;
        let mut changes = Vec::new();
        let mut local_ids = std::collections::BTreeSet::new();
        for record in index.accounts.iter().filter(|r| r.state.is_active()) {
            let id = record.id.to_string();
            local_ids.insert(id.clone());
            if state.is_deleted(&id) {
                continue; // removed when the merge is applied
            }
            if !base.contains_key(&id) {
                if let Some(remote) = shared.get(&id) {
                    // Known to the practice already (the base was lost): link it.
                    base.insert(id.clone(), linked_of_shared(remote));
                } else {
                    changes.push(self.add_change(record)?);
                    // Its backup codes follow as changes of their own.
                    base.insert(
                        id.clone(),
                        Linked {
                            codes_version: 0,
                            used: Vec::new(),
                            ..Linked::of(record, FieldVersions::default())
                        },
                    );
                }
            }
            let Some(linked) = base.get(&id) else {
                continue;
            };
            let edit = Change::Edit {
                account: id.clone(),
                issuer: (record.issuer != linked.issuer).then(|| record.issuer.clone()),
                name: (record.name != linked.name).then(|| record.name.clone()),
                tags: (record.tags != linked.tags).then(|| record.tags.clone()),
                favourite: (record.favourite != linked.favourite).then_some(record.favourite),
            };
            if !matches!(
                &edit,
                Change::Edit {
                    issuer: None,
                    name: None,
                    tags: None,
                    favourite: None,
                    ..
                }
            ) {
                changes.push(edit);
            }
            if let Some(counter) = record.params.counter() {
                if counter > linked.counter {
                    changes.push(Change::Counter {
                        account: id.clone(),
                        counter,
                    });
                }
            }
            let codes_changed = record.backup.version != linked.codes_version;
            let new_used = record.backup.used.iter().any(|u| !linked.used.contains(u));
            if codes_changed || new_used {
                let codes = vault.backup_codes(&record.id)?;
                if codes_changed {
                    changes.push(Change::Codes {
                        account: id.clone(),
                        codes: codes
                            .iter()
                            .map(|c| Zeroizing::new(c.code.as_str().to_owned()))
                            .collect(),
                    });
                }
                let used: Vec<_> = codes
                    .iter()
                    .filter(|c| c.used)
                    .map(|c| Zeroizing::new(c.code.canonical()))
                    .collect();
                if !used.is_empty() {
                    changes.push(Change::Used {
                        account: id.clone(),
                        codes: used,
                    });
                }
            }
        }
        let gone: Vec<String> = base
            .keys()
            .filter(|id| !local_ids.contains(*id))
            .cloned()
            .collect();
        for id in gone {
            if !state.is_deleted(&id) {
                changes.push(Change::Delete {
                    account: id.clone(),
                });
            }
            base.remove(&id);
        }
        Ok(changes)
    }

    fn add_change(&self, record: &AccountRecord) -> Result<Change> {
        let vault = self.vault()?;
        let account = vault.reveal(&record.id)?;
        Ok(Change::Add {
            account: record.id.to_string(),
            issuer: record.issuer.clone(),
            name: record.name.clone(),
            params: record.params,
            key: account.key.to_base32(),
            tags: record.tags.clone(),
            favourite: record.favourite,
            image: record.image.clone(),
            created: record.created,
        })
    }

    /// Applies what the practice changed (newer than the base) to a local
    /// account. Returns whether anything changed.
    fn apply_remote(
        &self,
        local: &AccountRecord,
        linked: &Linked,
        shared: &SharedAccount,
    ) -> Result<bool> {
        let index = self.index()?;
        let vault = self.vault()?;
        let newer = |remote: &Option<tessera_core::share::Version>,
                     seen: &Option<tessera_core::share::Version>| {
            remote.is_some() && (seen.is_none() || remote > seen)
        };
        let v = &shared.versions;
        let b = &linked.versions;
        let mut changed = false;
        let issuer = (newer(&v.issuer, &b.issuer) && local.issuer != shared.account.issuer)
            .then_some(shared.account.issuer.as_str());
        let name = (newer(&v.name, &b.name) && local.name != shared.account.name)
            .then_some(shared.account.name.as_str());
        if issuer.is_some() || name.is_some() {
            vault::rename_account(&index, &local.id, issuer, name)?;
            changed = true;
        }
        if newer(&v.tags, &b.tags) && local.tags != shared.tags {
            vault::set_tags(&index, &local.id, &shared.tags)?;
            changed = true;
        }
        if newer(&v.favourite, &b.favourite) && local.favourite != shared.favourite {
            vault::set_favourite(&index, &local.id, shared.favourite)?;
            changed = true;
        }
        if let (Some(mine), Some(theirs)) =
            (local.params.counter(), shared.account.params.counter())
        {
            if theirs > mine {
                index.update(|i| {
                    if let Some(r) = i.get_mut(&local.id) {
                        if let OtpParams::Hotp { counter, .. } = &mut r.params {
                            *counter = theirs;
                        }
                    }
                    Ok::<_, VaultError>(())
                })?;
                changed = true;
            }
        }
        if newer(&v.key, &b.key) {
            let current = vault.reveal(&local.id)?;
            if current.key.expose() != shared.account.key.expose() {
                // A new key from another desk: replace the item, keep the id.
                let record =
                    index.load()?.get(&local.id).cloned().ok_or_else(|| {
                        Error::internal("an account vanished during a share pass")
                    })?;
                vault.remove(&local.id)?;
                let entry = BackupEntry {
                    account: tessera_core::Account {
                        key: shared.account.key.clone(),
                        ..current
                    },
                    tags: record.tags.clone(),
                    favourite: record.favourite,
                    created: record.created,
                    backup_codes: shared.codes.clone(),
                    used_codes: shared.used.clone(),
                };
                vault.add_entry(&entry, local.id.clone(), record.created)?;
                return Ok(true);
            }
        }
        let mut replaced = false;
        if newer(&v.codes, &b.codes) {
            let mine: Vec<String> = vault
                .backup_codes(&local.id)?
                .iter()
                .map(|c| c.code.canonical())
                .collect();
            let theirs: Vec<String> = shared.codes.iter().map(|c| c.canonical()).collect();
            if mine != theirs {
                vault.set_backup_codes(&local.id, &shared.codes, false)?;
                changed = true;
                replaced = true;
            }
        }
        // The marks are read from the keychain only when the practice has a
        // used code this desk has not marked: most passes read no item.
        let unmarked = shared
            .used
            .iter()
            .any(|position| !local.backup.used.contains(position));
        if !replaced && !unmarked {
            return Ok(changed);
        }
        let marks = vault.backup_codes(&local.id)?;
        for position in &shared.used {
            if let (Some(entry), Some(code)) = (
                marks.get(*position as usize),
                shared.codes.get(*position as usize),
            ) {
                if !entry.used && entry.code.canonical() == code.canonical() {
                    match vault.use_backup_code(&local.id, code.as_str()) {
                        Ok(_) | Err(VaultError::BackupCodeAlreadyUsed) => changed = true,
                        Err(other) => return Err(other.into()),
                    }
                }
            }
        }
        Ok(changed)
    }
}

fn linked_of_shared(shared: &SharedAccount) -> Linked {
    Linked {
        issuer: shared.account.issuer.clone(),
        name: shared.account.name.clone(),
        tags: shared.tags.clone(),
        favourite: shared.favourite,
        counter: shared.account.params.counter().unwrap_or(0),
        codes_version: u32::MAX,
        used: shared.used.clone(),
        versions: shared.versions.clone(),
    }
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Names, sizes and modification times of the folder's files: a cheap
/// "did anything arrive" check for the app's poll.
fn folder_print(root: &Path) -> Vec<(String, u64, u128)> {
    let disk = match DiskFolder::open(root) {
        Ok(d) => d,
        Err(_) => return Vec::new(),
    };
    let mut out: Vec<_> = disk
        .list()
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(p.split('/').fold(root.to_path_buf(), |a, b| a.join(b)));
            let (len, modified) = meta
                .map(|m| {
                    (
                        m.len(),
                        m.modified()
                            .ok()
                            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                            .map(|d| d.as_nanos())
                            .unwrap_or(0),
                    )
                })
                .unwrap_or((0, 0));
            (p, len, modified)
        })
        .collect();
    out.sort();
    out
}
