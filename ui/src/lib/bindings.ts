// Generated from the views in crates/tessera-service/src/{views,error.rs} (and tessera-core's settings) by
// `UPDATE_BINDINGS=1 cargo test -p tessera-app --test bindings`. Do not edit.

export type AppInfo = { 
/**
 * Semantic version of the app.
 */
version: string, };

export type ErrorKind = "invalidInput" | "notFound" | "locked" | "pinRequired" | "wrongPin" | "passwordNeeded" | "wrongPassword" | "lockedOut" | "keysOutdated" | "keychainUnavailable" | "keychainLocked" | "secretMissing" | "indexDamaged" | "indexTooNew" | "indexUnreadable" | "clipboard" | "camera" | "fileNotWritten" | "updatesManaged" | "updateUnavailable" | "updateRefused" | "updateFailed" | "internal";

export type IpcError = { 
/**
 * Stable kind to branch on.
 */
kind: ErrorKind, 
/**
 * Human-readable detail (English).
 */
message: string, };

export type KeyProblem = { "kind": "empty" } | { "kind": "invalidCharacter", 
/**
 * 1-based position in the text as typed.
 */
position: number, 
/**
 * The character at fault.
 */
character: string, 
/**
 * The letter it is probably meant to be.
 */
hint: string | null, } | { "kind": "misplacedPadding", 
/**
 * 1-based position of the `=`.
 */
position: number, } | { "kind": "incomplete", 
/**
 * Key characters found.
 */
symbols: number, } | { "kind": "lastCharacterDoesNotFit", 
/**
 * Key characters found.
 */
symbols: number, 
/**
 * The usual length nearest to it.
 */
usual: number, } | { "kind": "tooShort", 
/**
 * Bits in the key.
 */
bits: number, 
/**
 * Key characters found.
 */
symbols: number, } | { "kind": "checkLetterMismatch", 
/**
 * 1-based line of the printed key.
 */
line: number, } | { "kind": "missingCheckLetter", 
/**
 * 1-based line of the printed key.
 */
line: number, } | { "kind": "tooLong", 
/**
 * The most characters a key may have.
 */
max: number, } | { "kind": "setupLink" };

export type UnusualLengthView = { 
/**
 * Key characters found.
 */
symbols: number, 
/**
 * The usual length nearest to it.
 */
usual: number, };

export type KeyCheck = { "status": "valid", 
/**
 * Key size in bits.
 */
bits: number, 
/**
 * Accepted but under 128 bits.
 */
weak: boolean, 
/**
 * The 6-digit SHA1/30 s code the key gives now, to check against the website.
 */
code: string, 
/**
 * Seconds until that code changes.
 */
secondsRemaining: number, 
/**
 * Lines typed from the backup sheet whose check letters matched (0: none typed).
 */
checkedLines: number, 
/**
 * Set when no common key has this many characters (probably copied incompletely).
 */
unusualLength: UnusualLengthView | null, } | { "status": "invalid", 
/**
 * What is wrong.
 */
problem: KeyProblem, };

export type RevealedKeyView = { 
/**
 * "Issuer (name)".
 */
name: string, 
/**
 * The key in groups of four.
 */
key: string, };

export type AccountView = { 
/**
 * Stable id.
 */
id: string, 
/**
 * Issuer, possibly empty.
 */
issuer: string, 
/**
 * Account name, possibly empty.
 */
name: string, 
/**
 * `totp`, `hotp` or `steam`.
 */
kind: string, 
/**
 * Digits per code (5 for Steam).
 */
digits: number, 
/**
 * Seconds per code (time-based kinds).
 */
period: number | null, 
/**
 * Pinned to the top.
 */
favourite: boolean, 
/**
 * Labels.
 */
tags: Array<string>, 
/**
 * Backup codes stored.
 */
backupTotal: number, 
/**
 * Backup codes not yet used.
 */
backupRemaining: number, 
/**
 * Place in the user's order (for `move_account`); favourites are shown first regardless.
 */
position: number, };

export type AccountForm = { 
/**
 * Issuer.
 */
issuer: string, 
/**
 * Account name.
 */
name: string, 
/**
 * The key as typed (spaces, dashes and lower case are fine).
 */
key: string, 
/**
 * `totp` (default), `hotp` or `steam`.
 */
kind: string | null, 
/**
 * `SHA1` (default), `SHA256` or `SHA512`.
 */
algorithm: string | null, 
/**
 * 6 (default), 7 or 8.
 */
digits: number | null, 
/**
 * Seconds per code (TOTP, Steam); default 30.
 */
period: number | null, 
/**
 * First counter (HOTP); default 0.
 */
counter: number | null, };

export type PreviewAccount = { 
/**
 * Issuer.
 */
issuer: string, 
/**
 * Account name.
 */
name: string, 
/**
 * `totp`, `hotp` or `steam`.
 */
kind: string, 
/**
 * The code it gives now (for HOTP: at its counter).
 */
code: string, 
/**
 * Seconds until that code changes (time-based kinds).
 */
secondsRemaining: number | null, 
/**
 * Bits in the key.
 */
keyBits: number, 
/**
 * Under 128 bits.
 */
weakKey: boolean, };

export type LinkPreview = { 
/**
 * The accounts it would add.
 */
accounts: Array<PreviewAccount>, 
/**
 * For a Google Authenticator transfer: which part of how many (1-based).
 */
part: [number, number] | null, };

export type ScanResult = { 
/**
 * Any QR code was found.
 */
found: boolean, 
/**
 * A Google Authenticator export in several QR codes: `[scanned, total]`
 * parts so far. Its accounts join `preview` once every part is scanned.
 */
transfer: [number, number] | null, 
/**
 * The accounts that "Add" would add now, in order (a pick refers to
 * these positions).
 */
preview: LinkPreview, 
/**
 * Setup codes that cannot be added, each with the reason ("the issuer
 * parameter says X but the label says Y"). Never the code's text.
 */
refused: Array<string>, 
/**
 * Texts of QR codes that are not authenticator codes (web addresses…).
 */
otherTexts: Array<string>, };

export type CodeView = { 
/**
 * The account's id.
 */
id: string, 
/**
 * The code to type now.
 */
code: string | null, 
/**
 * The code of the next period (time-based kinds).
 */
nextCode: string | null, 
/**
 * Seconds until `code` changes (time-based kinds).
 */
secondsRemaining: number | null, 
/**
 * Seconds per code (time-based kinds).
 */
period: number | null, 
/**
 * Why there is no code (for example the key is missing from the keychain).
 */
problem: string | null, };

export type CodeFrame = { 
/**
 * Changes whenever accounts or the lock change: reload the list when it does.
 */
revision: number, 
/**
 * The app is locked: show the lock screen; `codes` is empty.
 */
locked: boolean, 
/**
 * Codes of the listed accounts.
 */
codes: Array<CodeView>, 
/**
 * Why no codes could be read at all (keychain unavailable or locked).
 */
problem: IpcError | null, };

export type Copied = { 
/**
 * Seconds before the clipboard is cleared (0: it is not cleared).
 */
clearAfterSeconds: number, 
/**
 * The next code was copied (asked for, or the current one was about to expire).
 */
next: boolean, 
/**
 * Seconds until the copied code stops being accepted (time-based kinds).
 */
validForSeconds: number | null, };

export type KeychainState = { "state": "ready" } | { "state": "unavailable", 
/**
 * What the platform said and what to do.
 */
message: string, } | { "state": "locked", 
/**
 * What the platform said.
 */
message: string, };

export type IndexHealth = { "state": "ok" } | { "state": "restored", 
/**
 * When the copy that was used had been written (Unix seconds), if known.
 */
copyTime: number | null, 
/**
 * Which file was used.
 */
copy: string, 
/**
 * Where the damaged file was kept, if there was one.
 */
damagedFile: string | null, 
/**
 * What was wrong.
 */
detail: string, } | { "state": "damaged", 
/**
 * What happened, and where the files are.
 */
message: string, } | { "state": "tooNew", 
/**
 * What happened.
 */
message: string, } | { "state": "unreadable", 
/**
 * What happened.
 */
message: string, };

export type AppStatus = { 
/**
 * The open profile.
 */
profile: string, 
/**
 * All profiles on this computer.
 */
profiles: Array<string>, 
/**
 * Ask which profile to open (several exist and none was named at launch).
 */
chooseProfile: boolean, 
/**
 * The keychain.
 */
keychain: KeychainState, 
/**
 * A PIN is set for this profile.
 */
pinSet: boolean, 
/**
 * The lock screen is up.
 */
locked: boolean, 
/**
 * Seconds before another PIN attempt is allowed.
 */
lockoutSeconds: number, 
/**
 * Wrong PINs since the last correct one.
 */
failures: number, 
/**
 * The profile requires a PIN (shared desk).
 */
sharedDesk: boolean, 
/**
 * Idle seconds before the app locks (0: never).
 */
autoLockSeconds: number, 
/**
 * Accounts in the profile.
 */
accountCount: number, 
/**
 * Whether the account list could be read (and whether a copy was used).
 */
index: IndexHealth, 
/**
 * Fewest characters a new PIN may have.
 */
minPinChars: number, 
/**
 * The profile's backups.
 */
backup: BackupStatusView, };

export type ActivityView = { 
/**
 * When (Unix seconds).
 */
time: number, 
/**
 * The operating-system user who was signed in.
 */
user: string, 
/**
 * What happened, as a stable name (`copied`, `keyRevealed`, …).
 */
event: string, 
/**
 * The account concerned, "issuer (name)", if any.
 */
account: string | null, 
/**
 * More detail ("with keys", "3 tries left"), if any.
 */
detail: string | null, };

export type BackupStatusView = { 
/**
 * A backup password (and so a backup key) is set.
 */
passwordSet: boolean, 
/**
 * The folder backups go to, if chosen.
 */
dir: string | null, 
/**
 * Backups are made after changes and daily.
 */
automatic: boolean, 
/**
 * The last backup that was written and verified (Unix seconds).
 */
lastSuccess: number | null, 
/**
 * Its file.
 */
lastFile: string | null, 
/**
 * Why the last attempt failed, when it did (cleared by a success).
 */
lastError: string | null, 
/**
 * Something needs the user: backups are on but the last one failed or
 * none was made for more than two days.
 */
needsAttention: boolean, };

export type BackupFileView = { 
/**
 * Its path.
 */
path: string, 
/**
 * When it was sealed (Unix seconds).
 */
created: number, 
/**
 * Its size in bytes.
 */
bytes: number, };

export type RecoveryKeyView = { 
/**
 * The key in printed lines: groups of four and a check letter per line.
 */
lines: Array<string>, 
/**
 * The text of its QR code.
 */
qrText: string, };

export type ImportFormatView = { 
/**
 * The CLI's `--format` name ("aegis").
 */
name: string, 
/**
 * The app it comes from ("Aegis Authenticator").
 */
title: string, };

export type ImportFileView = { 
/**
 * The format's `--format` name, or "tessera" for a Tessera backup.
 */
format: string, 
/**
 * The app it comes from.
 */
title: string, 
/**
 * A password is needed to read it.
 */
encrypted: boolean, };

export type ImportCandidate = { 
/**
 * Position in the preview (for the pick).
 */
index: number, 
/**
 * Issuer, possibly empty.
 */
issuer: string, 
/**
 * Account name, possibly empty.
 */
name: string, 
/**
 * `totp`, `hotp` or `steam`.
 */
kind: string, 
/**
 * `SHA1`, `SHA256` or `SHA512`.
 */
algorithm: string, 
/**
 * Characters per code.
 */
digits: number, 
/**
 * Seconds per code (time-based kinds).
 */
period: number | null, 
/**
 * Counter of the next code (HOTP).
 */
counter: number | null, 
/**
 * The code it gives now (HOTP: at its counter), to compare with the old app.
 */
code: string, 
/**
 * Already in this profile (same key and parameters): it will not be added twice.
 */
duplicate: boolean, 
/**
 * Backup codes that come with it.
 */
backupCodes: number, };

export type SkippedView = { 
/**
 * "Issuer (name)" or "entry 3" (never the key).
 */
entry: string, 
/**
 * Why ("Yandex OTP is not supported").
 */
reason: string, };

export type ImportPreview = { 
/**
 * The format's name.
 */
format: string, 
/**
 * The app it comes from.
 */
title: string, 
/**
 * The accounts, in file order.
 */
accounts: Array<ImportCandidate>, 
/**
 * What cannot be imported.
 */
skipped: Array<SkippedView>, };

export type ImportOutcome = { 
/**
 * The accounts added.
 */
added: Array<AccountView>, 
/**
 * Picked accounts that were already in this profile (not added again).
 */
duplicates: number, };

export type ExportFormat = "aegis" | "otpauth" | "tessera";

export type ExportedFile = { 
/**
 * Where.
 */
path: string, 
/**
 * Accounts in it.
 */
accounts: number, 
/**
 * It is not encrypted (an otpauth list).
 */
plain: boolean, };

export type Theme = "system" | "light" | "dark";

export type Density = "comfortable" | "compact";

export type Settings = { 
/**
 * Colour scheme.
 */
theme: Theme, 
/**
 * Seconds before a copied code is cleared; 0 never clears.
 */
clipboardSeconds: number, 
/**
 * Idle seconds before locking; `None` is the profile's default; 0 never locks.
 */
autoLockSeconds: number | null, 
/**
 * Show codes only while clicked/focused (open-plan desks).
 */
hideCodes: boolean, 
/**
 * Larger text everywhere (older files; `zoom_percent` is the size now).
 */
largeType: boolean, 
/**
 * Text size in percent of the normal size (Ctrl+= / Ctrl+- / Ctrl+0 and
 * Settings → Text size), within [`MIN_ZOOM_PERCENT`]..=[`MAX_ZOOM_PERCENT`].
 */
zoomPercent: number, 
/**
 * Start hidden in the tray.
 */
startInTray: boolean, 
/**
 * Folder for automatic backups; none: no automatic backups.
 */
backupDir: string | null, 
/**
 * Back up after every change and daily, when a folder and a backup
 * password are set.
 */
autoBackup: boolean, 
/**
 * Time correction for codes, in milliseconds (as Google Authenticator's
 * "time correction for codes"): added to this computer's clock when
 * codes are made, and only then (the lockout and the activity log keep
 * the real clock). Set from a clock check's measured offset (server
 * minus this computer: negative when the clock is fast); `None` uses
 * the clock as it is.
 */
clockCorrectionMs: number | null, 
/**
 * How much room each account takes in the list.
 */
density: Density, 
/**
 * Empty the search field after a code is copied, so the next lookup
 * starts fresh.
 */
clearSearchAfterCopy: boolean, 
/**
 * A copy in a code's last seconds copies the next code instead (and
 * says so), since the current one would expire before it is typed.
 */
copyNextNearEnd: boolean, 
/**
 * The shortcut that brings up the mini window from any application
 * (`Ctrl+Alt+T`, see [`crate::shortcut`]); `None` turns it off.
 */
globalShortcut: string | null, };

export type BackupCodeView = { 
/**
 * Position in the list (for `use_backup_code`).
 */
index: number, 
/**
 * The code's last characters, the rest masked.
 */
hint: string, 
/**
 * Marked used.
 */
used: boolean, };

export type BackupCodeCopied = { 
/**
 * Its position (for "Mark used").
 */
index: number, 
/**
 * Its last characters, the rest masked.
 */
hint: string, 
/**
 * Seconds before the clipboard is cleared (0: it is not cleared).
 */
clearAfterSeconds: number, };

export type BackupCodesView = { 
/**
 * Codes stored.
 */
total: number, 
/**
 * Not yet used.
 */
remaining: number, 
/**
 * Two or fewer left: time to get new ones.
 */
runningLow: boolean, 
/**
 * The codes, masked.
 */
codes: Array<BackupCodeView>, };

export type BackupPreview = { 
/**
 * Codes found.
 */
count: number, 
/**
 * Each code, masked.
 */
hints: Array<string>, };

export type PaperChoice = "a4" | "letter";

export type PrintRequest = { 
/**
 * Accounts, in the order to print; empty means all.
 */
ids: Array<string>, 
/**
 * Include QR code and key (the user confirmed the warning).
 */
withRecovery: boolean, 
/**
 * Paper size.
 */
paper: PaperChoice, };

export type PrintedSheet = { 
/**
 * Where it was written.
 */
path: string, 
/**
 * Pages.
 */
pages: number, 
/**
 * Accounts on it.
 */
accounts: number, 
/**
 * Characters no installed font has (printed as boxes).
 */
missingGlyphs: string, };

export type CameraChoice = { 
/**
 * Its number, passed back to `scan_camera`.
 */
index: number, 
/**
 * Its name.
 */
name: string, };

export type ClockVerdict = "ok" | "skewed" | "unknown";

export type ServerCheck = { 
/**
 * The server as asked (`HOST[:PORT]`).
 */
server: string, 
/**
 * Its time minus this computer's, in milliseconds, when it answered.
 */
offsetMs: number | null, 
/**
 * Round trip to it, in milliseconds, when it answered.
 */
rttMs: number | null, 
/**
 * Why it gave no time.
 */
error: string | null, };

export type ClockView = { 
/**
 * The servers' time minus this computer's (their median), in
 * milliseconds: negative when this clock is fast. `None` when no
 * server answered.
 */
offsetMs: number | null, 
/**
 * What that means for the clock itself.
 */
verdict: ClockVerdict, 
/**
 * Every server asked, in order.
 */
servers: Array<ServerCheck>, 
/**
 * The time correction codes are made with now (milliseconds added to
 * the clock), if any.
 */
correctionMs: number | null, 
/**
 * The codes shown now (with the correction, if any) are off by half a
 * period or more of the profile's shortest period (15 s for 30-s
 * codes): websites refuse them. Show a strong warning.
 */
wrongCodes: boolean, };

export type ShortcutView = { 
/**
 * The shortcut in the settings; `None`: turned off.
 */
shortcut: string | null, 
/**
 * It is registered and brings up the mini window from any application.
 */
active: boolean, 
/**
 * Why it is not in use (taken by another program, not allowed on this
 * desktop), in a sentence for the user.
 */
problem: string | null, };

export type UpdateState = { "state": "managed", 
/**
 * Why, when the policy file could not be used.
 */
problem: string | null, } | { "state": "unavailable", 
/**
 * Which of the two, in words.
 */
reason: string, } | { "state": "ready" } | { "state": "upToDate" } | { "state": "available", 
/**
 * Its version.
 */
version: string, 
/**
 * Its release notes, as published.
 */
notes: string | null, } | { "state": "installed", 
/**
 * The version installed.
 */
version: string, };

export type UpdateView = { 
/**
 * The version running now.
 */
currentVersion: string, 
/**
 * Where updates stand.
 */
state: UpdateState, };

export type DeskView = { 
/**
 * Its id (16 hex digits).
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * `admin` or `staff`.
 */
role: string, 
/**
 * Unix time of its latest record, if any.
 */
last_seen: number | null, 
/**
 * `active` or `revoked`.
 */
state: string, };

export type PendingDeskView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Unix time it asked.
 */
requested: number, };

export type ConflictView = { 
/**
 * The account's id.
 */
account: string, 
/**
 * Issuer and name.
 */
name: string, 
/**
 * The second account, holding the other key.
 */
other: string, 
/**
 * The desks whose keys differ.
 */
desks: Array<string>, 
/**
 * What to do.
 */
advice: string, };

export type ThisDeskView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * `pending` (waiting for approval), `active`, or `revoked`.
 */
state: string, 
/**
 * The shared folder.
 */
folder: string, 
/**
 * While pending: the code to type on an admin desk.
 */
join_code: string | null, };

export type ShareStatusView = { 
/**
 * The practice's name.
 */
practice: string, 
/**
 * Every approved desk (revoked ones too, marked).
 */
desks: Array<DeskView>, 
/**
 * Desks waiting for approval.
 */
pending: Array<PendingDeskView>, 
/**
 * Key conflicts to resolve.
 */
conflicts: Array<ConflictView>, 
/**
 * The current epoch.
 */
epoch: number, 
/**
 * This desk.
 */
this_desk: ThisDeskView, 
/**
 * Unix time of this app's last pass over the folder (`None` outside
 * the app, or before its first pass).
 */
last_sync: number | null, };

export type JoinView = { 
/**
 * The practice's name.
 */
practice: string, 
/**
 * The code to type on an admin desk.
 */
code: string, 
/**
 * This desk's id.
 */
desk: string, };

export type SharedAccountView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Issuer.
 */
issuer: string, 
/**
 * Name.
 */
name: string, };

export type SyncReport = { 
/**
 * `pending`, `active` or `revoked`.
 */
state: string, 
/**
 * Changes made here and written to the folder.
 */
sent: number, 
/**
 * Accounts added here from other desks.
 */
added: number, 
/**
 * Accounts changed here by other desks.
 */
updated: number, 
/**
 * Accounts removed here because another desk deleted them.
 */
removed: number, 
/**
 * Records read (verified and decrypted).
 */
records: number, 
/**
 * Files skipped (conflict copies, temporary, unknown, incomplete).
 */
skipped: number, 
/**
 * Whether a snapshot was written.
 */
snapshot: boolean, };

export type RevokeView = { 
/**
 * The revoked desk.
 */
desk: DeskView, 
/**
 * The new epoch.
 */
epoch: number, 
/**
 * Every account the revoked PC holds: re-enrol each (a new key from
 * the website), since that PC keeps what it already had.
 */
reenrol: Array<SharedAccountView>, };
