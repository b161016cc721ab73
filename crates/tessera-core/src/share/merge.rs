//! The merged state of a practice vault: a state-based CRDT, so desks that
//! have applied the same records hold the same state whatever the order.
//!
//! - issuer, name, tags, favourite, backup codes: last writer wins, by
//!   ([`Stamp`], desk id, sequence, position in the record);
//! - HOTP counter: the largest (a counter only moves forward);
//! - used backup codes: a union;
//! - key: a multi-value register — writes that neither desk had seen of the
//!   other are all kept; the newest is the account's key, each other one a
//!   second account ("… (other key from <desk>)") and a [`Conflict`];
//! - delete: final; the earliest delete is kept as the tombstone, and is
//!   dropped from snapshots only once every desk has acknowledged it
//!   ([`State::compacted`]).

use super::desk::DeskId;
use super::hlc::Stamp;
use super::record::{Change, RecordBody};
use super::roster::{MemberState, Roster};
use super::sha256;
use crate::account::Account;
use crate::backup_codes::BackupCode;
use crate::otp::OtpParams;
use crate::secret::SecretKey;
use crate::vault::AccountId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use zeroize::Zeroizing;

/// The version of one write: later is greater.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version {
    /// The record's clock.
    pub stamp: Stamp,
    /// The writer.
    pub desk: DeskId,
    /// The record.
    pub seq: u64,
    /// The change's position in the record.
    pub idx: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Reg<T> {
    value: T,
    v: Version,
}

fn set<T>(reg: &mut Option<Reg<T>>, value: T, v: &Version) {
    if reg.as_ref().is_none_or(|r| *v > r.v) {
        *reg = Some(Reg {
            value,
            v: v.clone(),
        });
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Base {
    params: OtpParams,
    image: Option<String>,
    created: u64,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct KeyWrite {
    key: Zeroizing<String>,
    v: Version,
    /// The writer's `seen` when it wrote this.
    seen: BTreeMap<DeskId, u64>,
}

impl KeyWrite {
    /// Whether this write was known to the writer of `other`.
    fn before(&self, other: &KeyWrite) -> bool {
        if self.v.desk == other.v.desk && self.v.seq == other.v.seq {
            return self.v.idx < other.v.idx;
        }
        other
            .seen
            .get(&self.v.desk)
            .is_some_and(|s| *s >= self.v.seq)
            || (self.v.desk == other.v.desk && self.v.seq < other.v.seq)
    }
}

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base: Option<Reg<Base>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issuer: Option<Reg<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<Reg<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<Reg<Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    favourite: Option<Reg<bool>>,
    #[serde(default)]
    counter: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    keys: Vec<KeyWrite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    codes: Option<Reg<Vec<Zeroizing<String>>>>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    used: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted: Option<Version>,
}

impl Entry {
    fn put_key(&mut self, write: KeyWrite) {
        if self.keys.iter().any(|k| k.v == write.v) {
            return;
        }
        if self.keys.iter().any(|k| write.before(k)) {
            return;
        }
        self.keys.retain(|k| !k.before(&write));
        self.keys.push(write);
        self.keys.sort_by(|a, b| a.v.cmp(&b.v));
    }
}

/// An account as the practice holds it.
#[derive(Debug, Clone)]
pub struct SharedAccount {
    /// Its id on every desk.
    pub id: AccountId,
    /// Issuer, name, parameters (with the merged HOTP counter), key, image.
    pub account: Account,
    /// Tags.
    pub tags: Vec<String>,
    /// Favourite.
    pub favourite: bool,
    /// Unix time added.
    pub created: u64,
    /// Backup codes.
    pub codes: Vec<BackupCode>,
    /// Positions in `codes` marked used.
    pub used: Vec<u32>,
    /// Versions of the last-writer-wins fields, to tell a newer remote
    /// change from a stale one: issuer, name, tags, favourite, codes, key.
    pub versions: FieldVersions,
}

/// The winning write of each field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldVersions {
    /// Issuer.
    pub issuer: Option<Version>,
    /// Name.
    pub name: Option<Version>,
    /// Tags.
    pub tags: Option<Version>,
    /// Favourite.
    pub favourite: Option<Version>,
    /// Backup codes.
    pub codes: Option<Version>,
    /// Key.
    pub key: Option<Version>,
}

/// The key of an account was changed on two desks concurrently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The account.
    pub account: AccountId,
    /// Issuer and name, for the message.
    pub label: String,
    /// The second account holding the other key.
    pub other: AccountId,
    /// The desks whose keys differ (newest first).
    pub desks: Vec<DeskId>,
}

/// The merged state.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    entries: BTreeMap<String, Entry>,
    /// Of every desk, the last contiguous record applied.
    pub applied: BTreeMap<DeskId, u64>,
    /// Of every desk, the latest `seen` it published (its acknowledgements).
    pub acks: BTreeMap<DeskId, BTreeMap<DeskId, u64>>,
    /// The latest clock seen.
    pub clock: Stamp,
    /// Of every desk, the wall time (ms) of its latest record.
    pub last_seen: BTreeMap<DeskId, u64>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("entries", &self.entries.len())
            .field("applied", &self.applied)
            .finish_non_exhaustive()
    }
}

/// The id of the second account that holds the other key of a conflict.
pub fn conflict_id(account: &str, v: &Version) -> AccountId {
    let digest = sha256(&[
        b"tessera-share/1/conflict\n",
        account.as_bytes(),
        v.desk.as_str().as_bytes(),
        &v.seq.to_be_bytes(),
        &v.idx.to_be_bytes(),
    ]);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    AccountId::from_random_bytes(bytes)
}

impl State {
    /// Applies record `seq` of `desk` (the caller applies each desk's
    /// records in order, once).
    pub fn apply(&mut self, desk: &DeskId, seq: u64, body: &RecordBody) {
        for (idx, change) in body.changes.iter().enumerate() {
            let v = Version {
                stamp: body.hlc,
                desk: desk.clone(),
                seq,
                idx: u32::try_from(idx).unwrap_or(u32::MAX),
            };
            self.apply_change(change, &v, &body.seen);
        }
        let acks = self.acks.entry(desk.clone()).or_default();
        for (d, s) in &body.seen {
            let a = acks.entry(d.clone()).or_default();
            *a = (*a).max(*s);
        }
        let own = acks.entry(desk.clone()).or_default();
        *own = (*own).max(seq);
        let applied = self.applied.entry(desk.clone()).or_default();
        *applied = (*applied).max(seq);
        self.clock = self.clock.max(body.hlc);
        let last = self.last_seen.entry(desk.clone()).or_default();
        *last = (*last).max(body.hlc.ms);
    }

    fn apply_change(&mut self, change: &Change, v: &Version, seen: &BTreeMap<DeskId, u64>) {
        let entry = self.entries.entry(change.account().to_owned()).or_default();
        match change {
            Change::Add {
                issuer,
                name,
                params,
                key,
                tags,
                favourite,
                image,
                created,
                ..
            } => {
                set(
                    &mut entry.base,
                    Base {
                        params: *params,
                        image: image.clone(),
                        created: *created,
                    },
                    v,
                );
                set(&mut entry.issuer, issuer.clone(), v);
                set(&mut entry.name, name.clone(), v);
                set(&mut entry.tags, tags.clone(), v);
                set(&mut entry.favourite, *favourite, v);
                entry.counter = entry.counter.max(params.counter().unwrap_or(0));
                entry.put_key(KeyWrite {
                    key: key.clone(),
                    v: v.clone(),
                    seen: seen.clone(),
                });
            }
            Change::Edit {
                issuer,
                name,
                tags,
                favourite,
                ..
            } => {
                if let Some(x) = issuer {
                    set(&mut entry.issuer, x.clone(), v);
                }
                if let Some(x) = name {
                    set(&mut entry.name, x.clone(), v);
                }
                if let Some(x) = tags {
                    set(&mut entry.tags, x.clone(), v);
                }
                if let Some(x) = favourite {
                    set(&mut entry.favourite, *x, v);
                }
            }
            Change::Counter { counter, .. } => entry.counter = entry.counter.max(*counter),
            Change::Key { key, .. } => entry.put_key(KeyWrite {
                key: key.clone(),
                v: v.clone(),
                seen: seen.clone(),
            }),
            Change::Codes { codes, .. } => set(&mut entry.codes, codes.clone(), v),
            Change::Used { codes, .. } => {
                entry.used.extend(codes.iter().map(|c| canonical(c)));
            }
            Change::Delete { .. } => {
                if entry.deleted.as_ref().is_none_or(|d| v < d) {
                    entry.deleted = Some(v.clone());
                }
            }
        }
    }

    /// Whether the account `id` was deleted (a tombstone is held).
    pub fn is_deleted(&self, id: &str) -> bool {
        self.entries.get(id).is_some_and(|e| e.deleted.is_some())
    }

    /// Every tombstone: account id and the delete's version.
    pub fn tombstones(&self) -> impl Iterator<Item = (&str, &Version)> {
        self.entries
            .iter()
            .filter_map(|(id, e)| e.deleted.as_ref().map(|v| (id.as_str(), v)))
    }

    /// The accounts, and the key conflicts. `desk_name` names desks in the
    /// second account of a conflict.
    pub fn accounts(
        &self,
        desk_name: &dyn Fn(&DeskId) -> String,
    ) -> (Vec<SharedAccount>, Vec<Conflict>) {
        let mut out = Vec::new();
        let mut conflicts = Vec::new();
        for (id, entry) in &self.entries {
            if entry.deleted.is_some() {
                continue;
            }
            let Some(winner) = entry.keys.last() else {
                continue;
            };
            let Some(account) = self.materialize(id, entry, entry, winner, None) else {
                continue;
            };
            let label = label_of(&account.account);
            let mut desks = vec![winner.v.desk.clone()];
            let mut other_id = None;
            for loser in entry.keys.iter().rev().skip(1) {
                let derived = conflict_id(id, &loser.v);
                let own = self.entries.get(derived.as_str());
                if own.is_some_and(|e| e.deleted.is_some()) {
                    continue;
                }
                let empty = Entry::default();
                let suffix = format!(" (other key from {})", desk_name(&loser.v.desk));
                if let Some(second) = self.materialize(
                    derived.as_str(),
                    own.unwrap_or(&empty),
                    entry,
                    loser,
                    Some(&suffix),
                ) {
                    desks.push(loser.v.desk.clone());
                    other_id.get_or_insert(second.id.clone());
                    out.push(second);
                }
            }
            if let Some(other) = other_id {
                conflicts.push(Conflict {
                    account: account.id.clone(),
                    label,
                    other,
                    desks,
                });
            }
            out.push(account);
        }
        (out, conflicts)
    }

    /// An account from `own`'s fields, falling back to `from`'s.
    fn materialize(
        &self,
        id: &str,
        own: &Entry,
        from: &Entry,
        key: &KeyWrite,
        suffix: Option<&str>,
    ) -> Option<SharedAccount> {
        let id = AccountId::parse(id)?;
        let base = &from.base.as_ref()?.value;
        let secret = crate::base32::decode_symbols(&key.key)?;
        let pick = |a: &Option<Reg<String>>, b: &Option<Reg<String>>| {
            a.as_ref()
                .or(b.as_ref())
                .map(|r| (r.value.clone(), r.v.clone()))
        };
        let (issuer, issuer_v) = pick(&own.issuer, &from.issuer).unzip();
        let (mut name, name_v) = pick(&own.name, &from.name).unzip();
        if own.name.is_none() {
            if let (Some(suffix), Some(n)) = (suffix, name.as_mut()) {
                n.push_str(suffix);
            }
        }
        let tags = own.tags.as_ref().or(from.tags.as_ref());
        let favourite = own.favourite.as_ref().or(from.favourite.as_ref());
        let codes = own.codes.as_ref().or(from.codes.as_ref());
        let used_set = if own.used.is_empty() {
            &from.used
        } else {
            &own.used
        };
        let counter = own.counter.max(from.counter);
        let params = match base.params {
            OtpParams::Hotp {
                algorithm, digits, ..
            } => OtpParams::Hotp {
                algorithm,
                digits,
                counter,
            },
            other => other,
        };
        let code_list: Vec<BackupCode> = codes
            .map(|r| r.value.iter().map(|c| BackupCode::from_stored(c)).collect())
            .unwrap_or_default();
        let used = code_list
            .iter()
            .enumerate()
            .filter(|(_, c)| used_set.contains(&c.canonical()))
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        Some(SharedAccount {
            id,
            account: Account {
                issuer: issuer.unwrap_or_default(),
                name: name.unwrap_or_default(),
                params,
                key: SecretKey::from_bytes(secret.to_vec()),
                image: base.image.clone(),
            },
            tags: tags.map(|r| r.value.clone()).unwrap_or_default(),
            favourite: favourite.is_some_and(|r| r.value),
            created: base.created,
            codes: code_list,
            used,
            versions: FieldVersions {
                issuer: issuer_v,
                name: name_v,
                tags: tags.map(|r| r.v.clone()),
                favourite: favourite.map(|r| r.v.clone()),
                codes: codes.map(|r| r.v.clone()),
                key: Some(key.v.clone()),
            },
        })
    }

    /// The state to put in a snapshot: tombstones every desk has
    /// acknowledged are forgotten (active desks: their published `seen`
    /// covers the delete; revoked desks: every record they may still have
    /// accepted is applied here).
    pub fn compacted(&self, roster: &Roster) -> State {
        let mut out = self.clone();
        out.entries.retain(|_, e| {
            let Some(v) = &e.deleted else {
                return true;
            };
            let all_acked = roster.members.iter().all(|m| match m.state {
                MemberState::Active => {
                    m.card.id == v.desk
                        || self
                            .acks
                            .get(&m.card.id)
                            .and_then(|a| a.get(&v.desk))
                            .is_some_and(|s| *s >= v.seq)
                }
                MemberState::Revoked { final_seq, .. } => {
                    self.applied.get(&m.card.id).copied().unwrap_or(0) >= final_seq
                }
            });
            !all_acked
        });
        out
    }

    /// How many accounts and tombstones are held.
    pub fn sizes(&self) -> (usize, usize) {
        let deleted = self
            .entries
            .values()
            .filter(|e| e.deleted.is_some())
            .count();
        (self.entries.len() - deleted, deleted)
    }
}

fn canonical(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn label_of(account: &Account) -> String {
    match (account.issuer.is_empty(), account.name.is_empty()) {
        (false, false) => format!("{} ({})", account.issuer, account.name),
        (false, true) => account.issuer.clone(),
        (true, _) => account.name.clone(),
    }
}
