//! Reading a shared folder: what this desk can verify of it (the roster
//! chain from the pinned founder key, the epoch keys it was given, cards,
//! records, snapshots), and the merged [`State`] that follows.

use super::desk::{DeskCard, DeskId, DeskIdentity};
use super::folder::{classify, path_of, FileKind, SharedFolder};
use super::merge::State;
use super::record::{EpochKey, SealedRecord};
use super::roster::{KeysFile, MemberState, Practice, Roster, SignedRoster};
use super::{hex, sha256, snapshot, Result};
use std::collections::BTreeMap;

/// What a desk trusts without reading the folder: the founder's key,
/// pinned when it set up or joined the practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trust {
    /// The founding desk.
    pub founder: DeskId,
    /// Its ed25519 public key.
    pub founder_key: [u8; 32],
}

/// A folder as one desk verified it.
#[derive(Debug, Default)]
pub struct FolderView {
    /// `practice.json`, when it verifies and matches the trust.
    pub practice: Option<Practice>,
    /// The newest roster of the verified chain.
    pub roster: Option<SignedRoster>,
    /// Every roster version of the chain, oldest first.
    pub chain: Vec<SignedRoster>,
    /// The epoch keys this desk could unwrap.
    pub keys: BTreeMap<u32, EpochKey>,
    /// Every desk card that verifies, with its join code.
    pub cards: BTreeMap<DeskId, (DeskCard, String)>,
    /// Verified (signed by an accepted member) records, not yet decrypted.
    pub records: BTreeMap<DeskId, BTreeMap<u64, SealedRecord>>,
    /// Snapshot files by writer and sequence.
    pub snapshots: BTreeMap<DeskId, Vec<u64>>,
    /// Files skipped by name (conflict copies, temporary, unknown).
    pub ignored: usize,
    /// Files that did not parse or verify (incomplete, damaged, forged).
    pub unreadable: usize,
}

impl FolderView {
    /// Reads and verifies everything in `folder` that `me` can.
    pub fn read(folder: &dyn SharedFolder, trust: &Trust, me: &DeskIdentity) -> Result<Self> {
        let mut view = FolderView::default();
        let mut rosters: BTreeMap<u32, Vec<(Roster, super::signed::SignedFile)>> = BTreeMap::new();
        let mut keys_files: BTreeMap<(DeskId, u32), String> = BTreeMap::new();
        let mut records: Vec<(DeskId, u64, String)> = Vec::new();
        for path in folder.list()? {
            let Some(kind) = classify(&path) else {
                view.ignored += 1;
                continue;
            };
            match kind {
                FileKind::Practice => {
                    let practice = folder
                        .read(&path)?
                        .and_then(|b| Practice::read(&b).ok())
                        .filter(|p| {
                            p.founder == trust.founder
                                && p.sign_key().ok() == Some(trust.founder_key)
                        });
                    match practice {
                        Some(p) => view.practice = Some(p),
                        None => view.unreadable += 1,
                    }
                }
                FileKind::Card(desk) => match folder.read(&path)?.map(|b| DeskCard::read(&b)) {
                    Some(Ok((card, code))) if card.id == desk => {
                        view.cards.insert(desk, (card, code));
                    }
                    _ => view.unreadable += 1,
                },
                FileKind::Roster(_, v) => match folder.read(&path)?.map(|b| Roster::parse(&b)) {
                    Some(Ok(parsed)) if parsed.0.version == v => {
                        rosters.entry(v).or_default().push(parsed)
                    }
                    _ => view.unreadable += 1,
                },
                FileKind::Keys(desk, v) => {
                    keys_files.insert((desk, v), path);
                }
                FileKind::Record(desk, seq) => records.push((desk, seq, path)),
                FileKind::Snapshot(desk, seq) => {
                    view.snapshots.entry(desk).or_default().push(seq);
                }
            }
        }
        view.verify_chain(rosters, trust);
        view.unwrap_keys(folder, &keys_files, me)?;
        let Some(roster) = view.roster.as_ref().map(|r| r.roster.clone()) else {
            return Ok(view);
        };
        for (desk, seq, path) in records {
            let Some(member) = roster.member(&desk) else {
                view.ignored += 1;
                continue;
            };
            if !member.accepts(seq) {
                view.ignored += 1;
                continue;
            }
            let ok = folder.read(&path)?.and_then(|bytes| {
                let record = SealedRecord::parse(&bytes).ok()?;
                let key = member.card.sign_key().ok()?;
                (record.desk == desk && record.seq == seq && record.verify(&key).is_ok())
                    .then_some(record)
            });
            match ok {
                Some(record) => {
                    view.records.entry(desk).or_default().insert(seq, record);
                }
                None => view.unreadable += 1,
            }
        }
        Ok(view)
    }

    fn verify_chain(
        &mut self,
        mut rosters: BTreeMap<u32, Vec<(Roster, super::signed::SignedFile)>>,
        trust: &Trust,
    ) {
        let mut current: Option<SignedRoster> = None;
        let mut version = 1;
        while let Some(candidates) = rosters.remove(&version) {
            let mut best: Option<SignedRoster> = None;
            for (body, file) in candidates {
                let key = match &current {
                    None if file.by == trust.founder => Some(trust.founder_key),
                    None => None,
                    Some(prev) => {
                        if body.parent != prev.hash
                            || !prev.roster.is_admin(&file.by)
                            || !follows(&prev.roster, &body)
                        {
                            None
                        } else {
                            prev.roster
                                .member(&file.by)
                                .and_then(|m| m.card.sign_key().ok())
                        }
                    }
                };
                let Some(key) = key else {
                    self.unreadable += 1;
                    continue;
                };
                match Roster::verify(&file, &key) {
                    Ok(signed) if best.as_ref().is_none_or(|b| signed.hash < b.hash) => {
                        best = Some(signed)
                    }
                    Ok(_) => {}
                    Err(_) => self.unreadable += 1,
                }
            }
            let Some(best) = best else {
                break;
            };
            self.chain.push(best.clone());
            current = Some(best);
            version += 1;
        }
        self.roster = current;
    }

    fn unwrap_keys(
        &mut self,
        folder: &dyn SharedFolder,
        files: &BTreeMap<(DeskId, u32), String>,
        me: &DeskIdentity,
    ) -> Result<()> {
        for signed in self.chain.iter().rev() {
            let roster = &signed.roster;
            if roster.member(me.id()).is_none() {
                continue;
            }
            let Some(path) = files.get(&(signed.signer.clone(), roster.version)) else {
                continue;
            };
            let Some(bytes) = folder.read(path)? else {
                continue;
            };
            if hex(&sha256(&[&bytes])) != roster.keys_hash {
                self.unreadable += 1;
                continue;
            }
            let Some(opened) = KeysFile::open(&bytes, me) else {
                continue;
            };
            if opened
                .keys
                .get(&roster.epoch)
                .is_none_or(|k| k.check() != roster.epoch_check)
            {
                self.unreadable += 1;
                continue;
            }
            for (epoch, key) in opened.keys {
                self.keys.entry(epoch).or_insert(key);
            }
        }
        Ok(())
    }

    /// The roster, if the chain verified.
    pub fn roster(&self) -> Option<&Roster> {
        self.roster.as_ref().map(|r| &r.roster)
    }

    /// The current epoch and its key, if this desk has it.
    pub fn current_key(&self) -> Option<(u32, &EpochKey)> {
        let epoch = self.roster()?.epoch;
        self.keys.get(&epoch).map(|k| (epoch, k))
    }

    /// The highest sequence number of `desk`'s records in the folder.
    pub fn last_seq(&self, desk: &DeskId) -> u64 {
        self.records
            .get(desk)
            .and_then(|r| r.keys().next_back().copied())
            .unwrap_or(0)
    }

    /// The merged state: the best snapshot this desk can open and verify,
    /// then every desk's records after it, in order, stopping at the first
    /// gap (or a record of an epoch this desk has no key for) — later
    /// records wait until the gap is filled.
    pub fn state(&self, folder: &dyn SharedFolder) -> Result<State> {
        let mut state = self.best_snapshot(folder)?.unwrap_or_default();
        self.apply_records(&mut state);
        Ok(state)
    }

    /// Applies every record after what `state` has applied.
    pub fn apply_records(&self, state: &mut State) {
        for (desk, records) in &self.records {
            let mut next = state.applied.get(desk).copied().unwrap_or(0) + 1;
            while let Some(record) = records.get(&next) {
                let Some(key) = self.keys.get(&record.epoch) else {
                    break;
                };
                let Ok(body) = record.open(key) else {
                    break;
                };
                state.apply(desk, next, &body);
                next += 1;
            }
        }
    }

    fn best_snapshot(&self, folder: &dyn SharedFolder) -> Result<Option<State>> {
        let Some(roster) = self.roster() else {
            return Ok(None);
        };
        let mut best: Option<(u64, State)> = None;
        for (desk, seqs) in &self.snapshots {
            let Some(member) = roster.member(desk) else {
                continue;
            };
            let Ok(sign_key) = member.card.sign_key() else {
                continue;
            };
            // The newest of this desk's snapshots that opens.
            let mut seqs = seqs.clone();
            seqs.sort_unstable();
            for seq in seqs.iter().rev() {
                if !member.accepts(*seq) {
                    continue;
                }
                let path = path_of(&FileKind::Snapshot(desk.clone(), *seq));
                let Some(bytes) = folder.read(&path)? else {
                    continue;
                };
                let opened = snapshot::epochs(&bytes).into_iter().find_map(|epoch| {
                    let key = self.keys.get(&epoch)?;
                    let file = snapshot::open(&bytes, epoch, key).ok()?;
                    (file.by == *desk)
                        .then(|| snapshot::state(&file, &sign_key).ok())
                        .flatten()
                });
                let Some(state) = opened else {
                    continue;
                };
                // Records of revoked desks past their last accepted one never count.
                let ok = state.applied.iter().all(|(d, s)| {
                    roster.member(d).is_some_and(|m| match m.state {
                        MemberState::Active => true,
                        MemberState::Revoked { final_seq, .. } => *s <= final_seq,
                    })
                });
                if !ok {
                    continue;
                }
                let coverage: u64 = state.applied.values().sum();
                if best.as_ref().is_none_or(|(c, _)| coverage > *c) {
                    best = Some((coverage, state));
                }
                break;
            }
        }
        Ok(best.map(|(_, s)| s))
    }
}

/// Whether roster `next` may follow `prev`: same practice, every member
/// kept with the same card, nobody revoked is made active again, the epoch
/// moves on by at most one, and by one whenever a desk is revoked.
fn follows(prev: &Roster, next: &Roster) -> bool {
    if next.practice != prev.practice || next.epoch < prev.epoch || next.epoch > prev.epoch + 1 {
        return false;
    }
    let mut newly_revoked = false;
    for old in &prev.members {
        let Some(new) = next.member(&old.card.id) else {
            return false;
        };
        if new.card != old.card {
            return false;
        }
        match (old.state, new.state) {
            (MemberState::Revoked { .. }, MemberState::Active) => return false,
            (MemberState::Active, MemberState::Revoked { .. }) => newly_revoked = true,
            _ => {}
        }
    }
    !newly_revoked || next.epoch == prev.epoch + 1
}
