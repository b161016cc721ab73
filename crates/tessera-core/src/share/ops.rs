//! What a desk does to the folder: found a practice, ask to join, approve,
//! revoke, write a record or a snapshot. Each returns the files it wrote
//! (path and bytes), which the caller keeps so it can put them back should
//! the folder lose them (a folder restored from an old backup).

use super::desk::{normalise_code, DeskCard, DeskId, DeskIdentity};
use super::folder::{path_of, FileKind, SharedFolder, PRACTICE_FILE};
use super::merge::State;
use super::record::{EpochKey, RecordBody, SealedRecord};
use super::roster::{KeysFile, Member, MemberState, Practice, Role, Roster};
use super::view::{FolderView, Trust};
use super::{hex, sha256, snapshot, Result, ShareError};
use crate::vault::Entropy;

/// Files written: relative path and bytes.
pub type Written = Vec<(String, Vec<u8>)>;

fn put(
    folder: &dyn SharedFolder,
    written: &mut Written,
    kind: FileKind,
    bytes: Vec<u8>,
) -> Result<()> {
    let path = path_of(&kind);
    folder.create(&path, &bytes)?;
    written.push((path, bytes));
    Ok(())
}

/// Reads `practice.json` (self-signed): the trust a joining desk pins.
pub fn read_practice(folder: &dyn SharedFolder) -> Result<Option<(Practice, Trust)>> {
    let Some(bytes) = folder.read(PRACTICE_FILE)? else {
        return Ok(None);
    };
    let practice = Practice::read(&bytes)?;
    let trust = Trust {
        founder: practice.founder.clone(),
        founder_key: practice.sign_key()?,
    };
    Ok(Some((practice, trust)))
}

fn keys_and_roster(
    folder: &dyn SharedFolder,
    me: &DeskIdentity,
    roster: &mut Roster,
    keys: &KeysFile,
    written: &mut Written,
) -> Result<()> {
    let current = keys
        .keys
        .get(&roster.epoch)
        .ok_or(ShareError::NoEpochKey(roster.epoch))?;
    roster.epoch_check = current.check();
    let sealed = keys.seal(roster)?;
    roster.keys_hash = hex(&sha256(&[&sealed]));
    // The keys file first: a desk that sees the roster finds its keys.
    put(
        folder,
        written,
        FileKind::Keys(me.id().clone(), roster.version),
        sealed,
    )?;
    let file = roster.file(me)?;
    put(
        folder,
        written,
        FileKind::Roster(me.id().clone(), roster.version),
        file,
    )
}

/// Founds a practice in an empty folder: `me` is its first (admin) desk.
pub fn init(
    folder: &dyn SharedFolder,
    me: &DeskIdentity,
    practice: &str,
    desk_name: &str,
    now: u64,
    entropy: &dyn Entropy,
) -> Result<(Trust, Written)> {
    if folder.read(PRACTICE_FILE)?.is_some() {
        return Err(ShareError::Refused(
            "this folder already holds a practice: join it instead (tessera share join)".into(),
        ));
    }
    let practice = practice.trim();
    if practice.is_empty() {
        return Err(ShareError::Refused("the practice needs a name".into()));
    }
    let mut written = Written::new();
    let card_bytes = me.card_file(desk_name, now)?;
    let (card, _) = DeskCard::read(&card_bytes)?;
    put(
        folder,
        &mut written,
        FileKind::Card(me.id().clone()),
        card_bytes,
    )?;
    let mut keys = KeysFile::default();
    keys.keys.insert(1, EpochKey::generate(entropy)?);
    let mut roster = Roster {
        practice: practice.to_owned(),
        version: 1,
        parent: String::new(),
        epoch: 1,
        epoch_check: String::new(),
        keys_hash: String::new(),
        members: vec![Member {
            card,
            role: Role::Admin,
            state: MemberState::Active,
        }],
        created: now,
    };
    keys_and_roster(folder, me, &mut roster, &keys, &mut written)?;
    put(
        folder,
        &mut written,
        FileKind::Practice,
        Practice::file(me, practice, now)?,
    )?;
    let trust = Trust {
        founder: me.id().clone(),
        founder_key: me.sign_public(),
    };
    Ok((trust, written))
}

/// Asks to join the practice in `folder`: writes this desk's card and
/// returns the trust to pin and the join code to show.
pub fn join(
    folder: &dyn SharedFolder,
    me: &DeskIdentity,
    desk_name: &str,
    now: u64,
) -> Result<(Practice, Trust, String, Written)> {
    let (practice, trust) = read_practice(folder)?.ok_or_else(|| {
        ShareError::Refused(
            "this folder holds no practice yet (is it synced? set one up with tessera share init)"
                .into(),
        )
    })?;
    let mut written = Written::new();
    let bytes = me.card_file(desk_name, now)?;
    let (_, code) = DeskCard::read(&bytes)?;
    put(folder, &mut written, FileKind::Card(me.id().clone()), bytes)?;
    Ok((practice, trust, code, written))
}

fn admin_roster(view: &FolderView, me: &DeskIdentity) -> Result<Roster> {
    let roster = view
        .roster()
        .ok_or_else(|| ShareError::Refused("the practice's roster cannot be read yet".into()))?;
    if !roster.is_admin(me.id()) {
        return Err(ShareError::Refused(
            "only an admin desk can approve or revoke desks".into(),
        ));
    }
    Ok(roster.clone())
}

/// Approves the desk whose join code is `code`.
pub fn approve(
    folder: &dyn SharedFolder,
    view: &FolderView,
    me: &DeskIdentity,
    code: &str,
    role: Role,
    now: u64,
) -> Result<(Member, Roster, Written)> {
    let mut roster = admin_roster(view, me)?;
    let code = normalise_code(code);
    let (card, _) = view
        .cards
        .values()
        .find(|(_, c)| *c == code)
        .ok_or_else(|| {
            ShareError::Refused(format!(
                "no desk asking to join shows the code {code} (has the folder synced yet?)"
            ))
        })?;
    if roster.member(&card.id).is_some() {
        return Err(ShareError::Refused(format!(
            "desk {} ({}) is already in the practice",
            card.name, card.id
        )));
    }
    let keys = KeysFile {
        keys: view.keys.clone(),
    };
    let member = Member {
        card: card.clone(),
        role,
        state: MemberState::Active,
    };
    roster.members.push(member.clone());
    roster.parent = view
        .roster
        .as_ref()
        .map(|r| r.hash.clone())
        .unwrap_or_default();
    roster.version += 1;
    roster.created = now;
    let mut written = Written::new();
    keys_and_roster(folder, me, &mut roster, &keys, &mut written)?;
    Ok((member, roster, written))
}

/// Revokes `desk`: its records up to the last one `state` applied stay
/// valid, and a new epoch key goes to the remaining desks only.
pub fn revoke(
    folder: &dyn SharedFolder,
    view: &FolderView,
    state: &State,
    me: &DeskIdentity,
    desk: &DeskId,
    now: u64,
    entropy: &dyn Entropy,
) -> Result<(Roster, Written)> {
    let mut roster = admin_roster(view, me)?;
    if desk == me.id() {
        return Err(ShareError::Refused("a desk cannot revoke itself".into()));
    }
    let final_seq = state.applied.get(desk).copied().unwrap_or(0);
    let member = roster
        .members
        .iter_mut()
        .find(|m| &m.card.id == desk)
        .ok_or_else(|| ShareError::Refused(format!("desk {desk} is not in the practice")))?;
    if !member.is_active() {
        return Err(ShareError::Refused(format!(
            "desk {desk} is already revoked"
        )));
    }
    member.state = MemberState::Revoked { final_seq, at: now };
    let mut keys = KeysFile {
        keys: view.keys.clone(),
    };
    roster.epoch += 1;
    keys.keys.insert(roster.epoch, EpochKey::generate(entropy)?);
    roster.parent = view
        .roster
        .as_ref()
        .map(|r| r.hash.clone())
        .unwrap_or_default();
    roster.version += 1;
    roster.created = now;
    let mut written = Written::new();
    keys_and_roster(folder, me, &mut roster, &keys, &mut written)?;
    Ok((roster, written))
}

/// Writes record `seq` of `me` under the current epoch.
pub fn write_record(
    folder: &dyn SharedFolder,
    me: &DeskIdentity,
    seq: u64,
    epoch: u32,
    key: &EpochKey,
    body: &RecordBody,
    entropy: &dyn Entropy,
) -> Result<Written> {
    let bytes = SealedRecord::seal(me, seq, epoch, key, body, entropy)?;
    let mut written = Written::new();
    put(
        folder,
        &mut written,
        FileKind::Record(me.id().clone(), seq),
        bytes,
    )?;
    Ok(written)
}

/// Writes a snapshot of `state` (compacted against `roster`) as of `me`'s
/// record `seq`.
#[allow(clippy::too_many_arguments)]
pub fn write_snapshot(
    folder: &dyn SharedFolder,
    me: &DeskIdentity,
    seq: u64,
    roster: &Roster,
    key: &EpochKey,
    state: &State,
    now: u64,
    entropy: &dyn Entropy,
) -> Result<Written> {
    let compacted = state.compacted(roster);
    let bytes = snapshot::seal(me, &compacted, roster.epoch, key, now, entropy)?;
    let mut written = Written::new();
    put(
        folder,
        &mut written,
        FileKind::Snapshot(me.id().clone(), seq),
        bytes,
    )?;
    Ok(written)
}
