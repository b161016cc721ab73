// Every user-facing text of the UI, in one place so it can be translated.
import type { ErrorKind, KeyProblem } from './bindings';

export const strings = {
  appName: 'Tessera',
  tagline: 'Two-factor codes on your desktop',
  loading: 'Opening your accounts…',
  keyPanel: {
    title: 'Check a setup key',
    intro:
      'Can’t scan? Websites show a key under the QR code. Type or paste it here to see the code it gives right now.',
    label: 'Setup key',
    placeholder: 'e.g. JBSW Y3DP EHPK 3PXP',
    codeLabel: 'Code now',
    secondsLeft: (s: number) => `${s} s left`,
    strength: (bits: number) => `${bits}-bit key`,
    unusualLength: (symbols: number, usual: number) =>
      `This key has ${symbols} characters; keys are usually ${usual}. Check that you copied all of it.`,
    weak: 'Short key: accepted, but under 128 bits.',
    sheetChecked: (lines: number) =>
      lines === 1 ? 'Typed from a backup sheet: the check letter matches.' : `Typed from a backup sheet: the check letters of all ${lines} lines match.`,
  },
  toolbar: {
    print: 'Print backup sheet (Ctrl+P)',
    search: 'Search accounts',
    searchPlaceholder: 'Search (Ctrl+F)',
    add: 'Add account',
    lock: 'Lock',
    settings: 'Settings',
    profile: 'Profile',
  },
  groups: {
    label: 'Groups',
    all: 'All',
  },
  list: {
    label: 'Accounts',
    copy: 'Copy code',
    copyFor: (name: string) => `Copy code for ${name}`,
    next: 'Next code',
    nextFor: (name: string) => `Next code for ${name}`,
    nextLabel: 'next',
    copyNextFor: (name: string) => `Copy the next code for ${name}`,
    hidden: 'Hidden: click to show',
    secondsLeft: (s: number) => `${s} seconds left`,
    favourite: 'Pin to top',
    unfavourite: 'Unpin',
    edit: 'Edit',
    editFor: (name: string) => `Edit ${name}`,
    noMatch: (q: string) => `No account matches “${q}”.`,
    unnamed: 'Unnamed account',
    backupLow: (n: number) => `${n} backup codes left`,
    moveUp: 'Move up',
    moveDown: 'Move down',
    /** Spoken when ↑/↓ (or Home/End) choose an account while the search field has focus. */
    nextSpoken: (name: string, code: string) => `${name}: next code ${code}.`,
    codeSpoken: (code: string) => `code ${code}`,
    codeHidden: 'code hidden',
    copyHint: 'Enter copies the code.',
    hotpNoCode: 'no code shown yet: choose Next code',
    revealFor: (name: string) => `Show the code of ${name}`,
    favouriteFor: (name: string) => `Pin ${name} to the top`,
    unfavouriteFor: (name: string) => `Unpin ${name} from the top`,
    chosen: (name: string, position: number, total: number) => `${name}, ${position} of ${total}. Enter copies its code.`,
  },
  emptyState: {
    title: 'No accounts yet',
    body: 'Add the first one with the website’s setup key or link: choose “Add account” (Ctrl+N), or paste an otpauth:// link anywhere in this window. Moving from another authenticator? Import its export file.',
    action: 'Add your first account',
    import: 'Import from another app…',
  },
  importer: {
    title: 'Import from another app',
    intro:
      'Choose the export file of your old authenticator (Aegis, 2FAS, Bitwarden, Ente, Proton, Authenticator Pro, andOTP, FreeOTP, LastPass, KeePass, Steam, a Tessera backup…). Tessera finds the format by itself; nothing is added until you confirm.',
    cannotExport:
      'Authy, Microsoft Authenticator and Google Authenticator (without its “Transfer accounts” QR codes) cannot export to a file. For Authy, the community export tools write a Bitwarden JSON or an otpauth list, which Tessera imports; for Google, scan its export QR codes in “Add account”.',
    file: 'Export file',
    found: (title: string) => `This is an export of ${title}.`,
    foundEncrypted: (title: string) => `This is an encrypted export of ${title}: enter its password.`,
    password: 'Password of the file',
    recoveryKey: 'Or the recovery key of the backup',
    read: 'Read the file',
    reading: 'Reading the file…',
    readingEncrypted: 'Decrypting the file (this takes a few seconds)…',
    preview: (n: number, total: number) => (n === total ? `${n} accounts can be imported. Untick any you do not want:` : `${n} of ${total} accounts can be imported. Untick any you do not want:`),
    duplicate: 'already here',
    skippedTitle: (n: number) => (n === 1 ? 'This one cannot be imported:' : `These ${n} cannot be imported:`),
    add: (n: number) => (n === 1 ? 'Import 1 account' : `Import ${n} accounts`),
    added: (n: number, dup: number) =>
      `${n === 1 ? '1 account' : `${n} accounts`} imported.${dup > 0 ? ` ${dup} already here (not added twice).` : ''}`,
    cancel: 'Cancel',
    codes: (n: number) => (n === 1 ? '1 backup code' : `${n} backup codes`),
  },
  copied: (s: number) => (s > 0 ? `Copied. The clipboard is cleared in ${s} s.` : 'Copied.'),
  /** `asked`: the user asked for the next code; otherwise the current one was about to expire. */
  copiedNext: (asked: boolean, validFor: number | null, s: number) =>
    `${asked ? 'Next code copied' : 'The code was about to change: the next code was copied'}${validFor !== null ? ` (valid for ${validFor} s)` : ''}.${s > 0 ? ` The clipboard is cleared in ${s} s.` : ''}`,
  add: {
    title: 'Add an account',
    tabKey: 'Enter a setup key',
    tabLink: 'Paste a link',
    tabScan: 'Scan a QR code',
    issuer: 'Service (issuer)',
    issuerPlaceholder: 'e.g. Clinic Booking',
    name: 'Account',
    namePlaceholder: 'e.g. frontdesk@clinic.example',
    advanced: 'Advanced options',
    kind: 'Type',
    kinds: { totp: 'Time-based (TOTP)', hotp: 'Counter-based (HOTP)', steam: 'Steam Guard' },
    algorithm: 'Algorithm',
    digits: 'Digits',
    period: 'Seconds per code',
    counter: 'Counter',
    previewTitle: 'Check before saving',
    previewBody: 'Enter this code on the website to finish its set-up:',
    save: 'Add account',
    saveAll: (n: number) => (n === 1 ? 'Add account' : `Add ${n} accounts`),
    cancel: 'Cancel',
    linkLabel: 'Setup link (otpauth:// or otpauth-migration://)',
    linkPlaceholder: 'otpauth://totp/…',
    linkPart: (i: number, n: number) => `Part ${i} of ${n} of a Google Authenticator export.`,
    scanIntro:
      'Show the website’s QR code on your screen and choose “Scan the screen”, hold it up to a webcam, or open a screenshot or photo of it, drop it on the window, or paste an image here (Ctrl+V).',
    scanScreen: 'Scan the screen',
    scanCamera: 'Use the camera',
    cameraLabel: 'Camera',
    cameraStarting: 'Starting the camera…',
    cameraLooking: 'Hold the QR code up to the camera. It is read as soon as it is sharp.',
    cameraStop: 'Stop the camera',
    cameraNone: 'No camera was found. Scan the screen or an image instead, or type the setup key.',
    cameraPreview: 'Camera picture, mirrored',
    scanPick: 'Several setup codes were found. Tick the ones to add:',
    scanningScreen: 'Looking at your screen…',
    scanTransfer: (scanned: number, total: number) =>
      scanned === total
        ? `All ${total} parts of the export are scanned.`
        : `${scanned} of ${total} parts of the export scanned: show the next QR code and scan again.`,
    scanFile: 'Image file (PNG, JPEG, WebP, BMP, GIF)',
    scanning: 'Looking for QR codes…',
    scanNone: 'No QR code was found in this image. Try a sharper or larger picture, or type the setup key instead.',
    scanOther: 'This QR code is not an authenticator setup code. It says:',
    scanRefused: 'This setup code cannot be added:',
    scanCancel: 'Start again',
    scanCancelled: 'The half-scanned export was forgotten.',
    added: (n: number) => (n === 1 ? 'Account added.' : `${n} accounts added.`),
  },
  edit: {
    title: 'Edit account',
    tags: 'Tags (comma-separated)',
    save: 'Save',
    delete: 'Delete account…',
    confirmTitle: 'Delete this account?',
    confirmTitleFor: (name: string) => `Delete ${name}?`,
    confirmFor: (name: string) => `Delete ${name}`,
    deleted: (name: string) => `${name} deleted.`,
    saved: 'Account saved.',
    confirmBody: (name: string) =>
      `“${name}” and its key will be removed from this computer. You will no longer get codes for it. Make sure you can sign in another way first.`,
    confirm: 'Delete',
    revealTitle: 'Show the key',
    revealBody: 'Opens the key in a small separate window, hidden from screen sharing (for moving this account elsewhere).',
    revealPin: 'PIN',
    reveal: 'Show key…',
    backup: (total: number, remaining: number) =>
      total === 0 ? 'Backup codes…' : `Backup codes (${remaining} of ${total} left)…`,
  },
  backup: {
    title: (name: string) => `Backup codes: ${name}`,
    intro:
      'Websites give one-time backup codes for the day your authenticator is not at hand. Keep them here, encrypted with your keys, and print them on a backup sheet.',
    none: 'No backup codes saved for this account yet.',
    summary: (remaining: number, total: number) => `${remaining} of ${total} codes unused.`,
    low: 'Two or fewer codes left: get new ones from the website soon.',
    listLabel: 'Saved codes (only their last characters are shown)',
    used: 'used',
    markUsed: 'Mark used',
    markUsedFor: (hint: string) => `Mark used: code ${hint}`,
    markedUsed: (hint: string, remaining: number, total: number) => `Code ${hint} marked used. ${remaining} of ${total} codes unused.`,
    pasteLabel: 'Paste the codes as the website shows them',
    pastePlaceholder: 'e.g. 1. abcd-efgh',
    found: (n: number) => (n === 1 ? 'Found 1 code.' : `Found ${n} codes.`),
    save: 'Save codes',
    replace: 'Replace all',
    append: 'Add to these',
    saved: (n: number) => `${n} backup codes saved.`,
    print: 'Print backup sheet…',
    close: 'Close',
    use: 'Use a code…',
    useIntro: 'Signing in with a backup code: the next unused one is copied for you to paste on the website.',
    usePin: 'Your PIN (asked again: this copies a backup code)',
    useCopy: 'Copy the next code',
    useCopied: (hint: string, seconds: number) =>
      `Code ${hint} is copied: paste it on the sign-in page.${seconds > 0 ? ` The clipboard is cleared in ${seconds} s.` : ''} Did the website accept it?`,
    useWorked: 'It worked: mark it used',
    useNotUsed: 'Not used',
    undo: 'Undo',
    unmarked: (hint: string) => `Code ${hint} is unused again.`,
  },
  print: {
    title: 'Print a backup sheet',
    intro:
      'The sheet lists each account’s backup codes with tick boxes. It is saved as a PDF where you choose; open it to print, then delete the file if you do not need it.',
    accounts: 'Accounts on the sheet',
    all: 'All',
    none: 'None',
    paper: 'Paper',
    papers: { a4: 'A4', letter: 'US Letter' },
    recovery: 'Add a recovery part: each account’s QR code and key',
    recoveryWarning:
      'Anyone who holds a sheet with recovery parts can make these accounts’ codes, without your computer or PIN. Keep it as safe as the keys themselves.',
    recoveryConfirm: 'I understand; include the QR codes and keys',
    recoveryPin: 'Your PIN (asked again: this sheet holds keys)',
    save: 'Save PDF…',
    saving: 'Preparing the sheet…',
    saved: (path: string, pages: number) => `Saved ${pages} page${pages === 1 ? '' : 's'} to ${path}.`,
    missing: (chars: string) => `No installed font has these characters, so they print as empty boxes: ${chars}`,
    open: 'Open to print',
    openHint: 'Open to print is next.',
    opened: 'The sheet is opening in your PDF viewer.',
    close: 'Close',
    pickOne: 'Choose at least one account.',
  },
  lock: {
    title: 'Tessera is locked',
    pinLabel: 'PIN',
    unlock: 'Unlock',
    noPin: 'Codes are hidden. Unlock to show them.',
    unlocked: 'Unlocked.',
    triesLeft: (n: number) => (n === 1 ? '1 try left before a wait.' : `${n} tries left before a wait.`),
    wrong: (failures: number) => `Wrong PIN (${failures} wrong ${failures === 1 ? 'try' : 'tries'}).`,
    wait: (s: number) => `Too many wrong PINs. Try again in ${formatWait(s)}.`,
    sharedDesk: 'Shared desk: this profile always asks for its PIN.',
  },
  reveal: {
    title: 'Account key',
    warning: 'Anyone who sees this key can make this account’s codes.',
    closesIn: (s: number) => `This window closes in ${s} s.`,
    close: 'Close',
    gone: 'There is no key to show (it was shown already, or Tessera locked).',
  },
  profiles: {
    title: 'Which profile?',
    body: 'Each profile keeps its own accounts and PIN.',
  },
  banner: {
    backup: (why: string | null) =>
      why ? `The last backup failed: ${why} Check the backup folder in Settings.` : 'No backup has been made for more than two days, or backups are not set up: see Settings → Backups.',
    clock: (s: string) => `Your clock is ${s}: codes may be refused. See Settings → Clock.`,
    shareConflict: (n: number) => `${n === 1 ? 'An account was' : `${n} accounts were`} changed on two desks at once: see Settings → Share with other desks.`,
    settings: 'Open Settings',
  },
  index: {
    damagedTitle: 'The account list is damaged',
    damagedHelp:
      'Tessera’s list of accounts and all three of its saved copies could not be read, so nothing is shown and nothing was changed. Your keys are still in the system keychain. Restore the profile’s folder from a backup, or ask for help; the details say which files.',
    tooNewTitle: 'This account list needs a newer Tessera',
    tooNewHelp: 'The list was saved by a newer version of Tessera. Update Tessera to open it; nothing was changed.',
    unreadableTitle: 'The account list cannot be read',
    unreadableHelp:
      'Tessera could not read or write its files (a missing disk, full disk, or changed permissions). Fix that, then choose Retry.',
    retry: 'Retry',
    details: 'Details',
    restored: (when: string) =>
      `Your account list was damaged and was restored from the copy of ${when}. Changes made after that copy are missing: check your accounts.`,
    restoredUnknown: 'Your account list was damaged and was restored from a copy. Changes made after that copy are missing: check your accounts.',
    restoredKept: (file: string) => `The damaged file was kept at ${file}.`,
    dismiss: 'Got it',
  },
  keychain: {
    unavailableTitle: 'No system keychain found',
    lockedTitle: 'The system keychain is locked',
    unavailableHelp:
      'Tessera keeps every key in your system keychain and never in a plain file. On Linux, install and start a Secret Service such as GNOME Keyring or KeePassXC (with Secret Service enabled), then choose Retry.',
    lockedHelp:
      'Unlock your keychain (for example by logging out and in again, or in “Passwords and Keys”), then choose Retry.',
    retry: 'Retry',
    details: 'Details',
  },
  settings: {
    title: 'Settings',
    theme: 'Theme',
    themes: { system: 'Follow system', light: 'Light', dark: 'Dark' },
    clipboard: 'Clear copied codes after (seconds, 0 = never)',
    autoLock: 'Lock when idle for (seconds, 0 = never)',
    autoLockDefault: (s: number) => `Default for this profile: ${s} s`,
    hideCodes: 'Hide codes until clicked (open-plan desks)',
    largeType: 'Large type',
    density: 'List',
    densities: { comfortable: 'Comfortable', compact: 'Compact (one line per account)' },
    clearSearch: 'Clear the search after copying a code',
    copyNextNearEnd: 'In a code’s last 3 seconds, copy the next code instead',
    textSize: 'Text size (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 normal)',
    zoomStep: (percent: number) => (percent === 100 ? 'Normal (100 %)' : `${percent} %`),
    zoomed: (percent: number) => `Text size ${percent} %.`,
    startInTray: 'Keep running in the tray (start hidden, closing hides)',
    save: 'Save',
    close: 'Close',
    saved: 'Settings saved.',
    pinTitle: 'PIN',
    pinNone: 'No PIN is set: anyone at this computer can see your codes.',
    pinSet: 'A PIN protects this profile: keys are encrypted until you unlock.',
    newPin: (min: number) => `New PIN (at least ${min} digits, or a passphrase)`,
    confirmPin: 'Repeat the new PIN',
    pinBackupFirst:
      'Before you set a PIN: a forgotten PIN cannot be recovered, and every key will be encrypted under it. Print the recovery sheet (it holds every key) or make an encrypted backup first.',
    pinPrintSheet: 'Print the recovery sheet…',
    pinMakeBackup: 'Make a backup…',
    pinMismatch: 'The two PINs differ.',
    passphraseHint: 'On a shared desk, a passphrase (a few words) is much harder to guess than a PIN.',
    currentPin: 'Current PIN',
    sharedDesk: 'Shared desk: always require the PIN for this profile',
    setPin: 'Set PIN',
    changePin: 'Change PIN',
    removePin: 'Remove PIN',
    pinChanged: 'PIN updated.',
    backupsTitle: 'Backups',
    backupsIntro:
      'Encrypted backups of this profile go to a folder you choose (a USB drive, a network share), after every change and daily. A backup password (not your PIN) opens them; so does a recovery key, shown once when you set the password.',
    backupFolder: 'Backup folder',
    backupNoFolder: 'No folder chosen: no automatic backups.',
    backupChoose: 'Choose folder…',
    backupPassword: 'Backup password (at least 8 characters; a few words are best)',
    backupPasswordRepeat: 'Repeat the backup password',
    backupPasswordSet: 'A backup password is set.',
    backupSetPassword: 'Set backup password',
    backupChangePassword: 'Change backup password',
    backupPin: 'Your PIN (asked again)',
    backupNow: 'Back up now',
    backupLast: (when: string) => `Last backup: ${when}.`,
    backupNever: 'No backup has been made yet.',
    backupFailed: (why: string) => `The last backup failed: ${why}`,
    recoveryTitle: 'Your backups’ recovery key',
    recoveryBody:
      'If the backup password is ever forgotten, this key opens every backup of this profile. It is shown only now: write it down or print it, and keep it away from this computer.',
    recoveryDone: 'I have written it down',
    exportTitle: 'Export',
    exportIntro: 'Every account with its key, in a file for another app or computer. Your PIN is asked again.',
    exportFormat: 'Format',
    exportFormats: {
      aegis: 'Aegis vault, encrypted (Aegis, Ente, Proton, 2FAS, Authenticator Pro read it)',
      tessera: 'Tessera backup, encrypted',
      otpauth: 'otpauth links, NOT encrypted',
    } as Record<string, string>,
    exportPassword: 'Password for the file',
    exportPlainWarning: 'This file is not encrypted: anyone who reads it can make every code. Import it where it goes and delete it.',
    exportPlainConfirm: 'I understand: write the keys in plain text',
    exportPin: 'Your PIN (asked again)',
    exportSave: 'Export…',
    exported: (n: number, path: string) => `${n} accounts written to ${path}.`,
    clockTitle: 'Clock',
    clockIntro: 'Codes are made from this computer’s clock. If it is off by more than a few seconds, codes are refused.',
    clockCheck: 'Check the clock',
    clockChecking: 'Asking the time servers…',
    clockOk: (s: string) => `The clock is right (${s}).`,
    clockOff: (s: string) => `Your clock is ${s}.`,
    clockWrongCodes: 'That is enough to give wrong codes: correct the computer’s clock, or use the time correction below.',
    clockUnknown: 'Clock not checked (offline).',
    clockCorrect: 'Correct codes for this clock',
    clockCorrecting: (s: string) => `Codes are corrected by ${s}.`,
    clockStopCorrecting: 'Stop correcting',
    shareTitle: 'Share with other desks',
    shareIntro:
      'Every front desk gets the same practice accounts. Tessera writes only encrypted, signed files into a folder that your sync engine (Syncthing, Nextcloud, OneDrive, a network share) copies between the desks; only the desks can read them.',
    shareFolder: 'Shared folder',
    shareChoose: 'Choose…',
    shareStart: 'Start a practice on this desk',
    shareStartHelp: 'This desk becomes the practice’s first admin desk, and every account of this profile is shared.',
    shareJoinChoice: 'Join a practice another desk started',
    shareJoinHelp: 'Pick the same folder as the other desks; an admin desk then approves this one.',
    sharePractice: 'Practice name',
    sharePin: 'PIN',
    shareStartAction: 'Share this profile',
    shareJoinAction: 'Ask to join',
    shareWorking: 'Working in the shared folder…',
    sharePracticeIs: (name: string) => `Practice “${name}”`,
    shareThisDesk: (name: string, state: string) => `This desk: ${name} (${state})`,
    shareStates: { pending: 'waiting for approval', active: 'active', revoked: 'revoked' } as Record<string, string>,
    shareRoles: { admin: 'admin', staff: 'staff' } as Record<string, string>,
    shareJoinCode: 'Type this code on an admin desk (Settings → Share with other desks) to approve this desk:',
    shareSynced: (when: string) => `Last synced ${when}.`,
    shareNotSynced: 'Not synced yet in this session.',
    shareSyncNow: 'Sync now',
    shareSyncReport: (added: number, updated: number, removed: number) =>
      added + updated + removed === 0 ? 'Up to date.' : `${added} added, ${updated} changed, ${removed} removed here.`,
    shareDesks: 'Desks',
    shareDesk: (name: string, role: string, state: string) => `${name} — ${role}${state === 'revoked' ? ', revoked' : ''}`,
    shareLastSeen: (when: string) => `last seen ${when}`,
    shareNeverSeen: 'not seen yet',
    sharePending: 'Waiting to join',
    sharePendingHelp: 'Ask the person at that desk for the code it shows, and type it here.',
    shareCode: (name: string) => `Code shown on ${name}`,
    shareAdmin: 'Admin desk (may approve and revoke desks)',
    shareApprove: 'Approve',
    shareApproveFor: (name: string) => `Approve ${name}`,
    shareRevokeFor: (name: string) => `Revoke ${name}…`,
    shareApproved: (name: string) => `${name} is approved; it receives the accounts at its next sync.`,
    shareRevoke: 'Revoke…',
    shareRevokeConfirm: (name: string) =>
      `Revoke ${name}? It cannot read anything added after this, but it keeps the accounts it already has.`,
    shareRevokeYes: 'Revoke',
    shareCancel: 'Cancel',
    shareRevoked: (name: string, n: number) =>
      n === 0 ? `${name} is revoked.` : `${name} is revoked. That PC keeps the ${n} accounts it had: re-enrol them (a new key from each website):`,
    shareConflicts: 'Accounts to check',
    shareNotAdmin: 'Only an admin desk approves or revokes desks.',
    updatesTitle: 'Updates',
    updatesVersion: (v: string) => `This is Tessera ${v}.`,
    quickCopy: 'Quick copy window',
    quickCopyHelp: 'A small window on top of everything: type a few letters, Enter copies the code and the window hides. Ctrl+Shift+M or the tray opens it too.',
    shortcutOn: 'Open it from any application with a shortcut',
    shortcut: 'Shortcut (for example Ctrl+Alt+T)',
    shortcutActive: (s: string) => `${s} opens the quick copy window from any application.`,
    shortcutOff: 'No global shortcut.',
    iconCredit: (set: string) => `Service icons: ${set}, CC BY 4.0 (fontawesome.com). Brands are their owners' trademarks.`,
    updatesManaged: 'Updates are managed by your administrator.',
    updatesCheck: 'Check for updates',
    updatesChecking: 'Asking the update server…',
    updatesUpToDate: 'Tessera is up to date.',
    updatesAvailable: (v: string) => `Tessera ${v} is available.`,
    updatesInstall: (v: string) => `Install ${v}`,
    updatesInstalling: 'Downloading and checking the signature of the update…',
    updatesInstalled: (v: string) => `Tessera ${v} is installed. Restart Tessera to use it.`,
    updatesRestart: 'Restart now',
    import: 'Import from another app…',
    activityTitle: 'Activity',
    activityIntro: 'What was done on this profile, newest first (no codes or keys are ever logged).',
    activityShow: 'Show activity',
    activityEmpty: 'Nothing has been logged yet.',
    activityEvents: {
      copied: 'Code copied',
      keyRevealed: 'Key shown',
      backupCodeRevealed: 'Backup codes shown',
      backupCodeUsed: 'Backup code marked used',
      exported: 'Accounts exported',
      sheetPrinted: 'Backup sheet saved',
      pinSet: 'PIN set',
      pinChanged: 'PIN changed',
      pinRemoved: 'PIN removed',
      wrongPin: 'Wrong PIN',
      lockedOut: 'Locked out after wrong PINs',
      accountAdded: 'Account added',
      accountRemoved: 'Account removed',
      indexRestored: 'Account list restored from a copy',
    } as Record<string, string>,
    profileTitle: 'Profile',
    switchProfile: 'Open profile',
    newProfile: 'New profile name',
  },
  shortcuts:
    'Shortcuts: Ctrl+F search · ↑/↓ choose · Enter copy · Ctrl+N add · Ctrl+P print · Ctrl+L lock · Ctrl+, settings · Ctrl+Shift+M quick copy · Ctrl+Q quit',
  mini: {
    search: 'Find an account',
    searchPlaceholder: 'Type a service or account name',
    hint: 'Enter copies · Shift+Enter copies the next code · Esc hides',
    locked: 'Tessera is locked.',
    unlock: 'Open Tessera to unlock',
    openMain: 'Open Tessera',
    empty: 'No accounts yet: add them in Tessera.',
    noMatch: (q: string) => `No account matches “${q}”.`,
    results: (n: number) => (n === 1 ? '1 account' : `${n} accounts`),
    more: (n: number) => `and ${n} more: type more of the name`,
  },
  error: {
    generic: (message: string) => `Something went wrong: ${message}`,
  },
  version: (v: string) => `Version ${v}`,
  shareLine: {
    synced: (practice: string, when: string) => `Shared with ${practice} · synced ${when}`,
    waiting: (practice: string) => `Shared with ${practice} · waiting for approval`,
    revoked: (practice: string) => `Removed from ${practice}`,
    pending: (n: number) => (n === 1 ? '1 desk waiting to join' : `${n} desks waiting to join`),
    failed: (why: string) => `Shared folder: ${why}`,
  },
} as const;

/** "12 s fast" / "3 min slow" from a clock offset (server minus this computer). */
export function describeOffset(offsetMs: number): string {
  const s = Math.round(Math.abs(offsetMs) / 1000);
  const size = s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
  return offsetMs < 0 ? `${size} fast` : `${size} slow`;
}

function formatWait(seconds: number): string {
  if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} seconds`;
}

/** A short sentence for an error kind, with the Rust message as detail. */
export function describeError(kind: ErrorKind, message: string): string {
  switch (kind) {
    case 'keychainUnavailable':
    case 'keychainLocked':
      return message;
    case 'clipboard':
      return `The clipboard could not be used: ${message}`;
    case 'camera':
      return `The camera could not be used: ${message}`;
    case 'updatesManaged':
      return 'Updates are managed by your administrator.';
    default:
      return message.charAt(0).toUpperCase() + message.slice(1);
  }
}

/** Explains why a typed key is not usable yet. */
export function describeKeyProblem(problem: KeyProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'Type or paste the key the website shows.';
    case 'invalidCharacter': {
      const base = `Character ${problem.position} (“${problem.character}”) can’t be in a key.`;
      return problem.hint ? `${base} Did you mean the letter ${problem.hint}?` : base;
    }
    case 'misplacedPadding':
      return `Character ${problem.position} (“=”) may only come at the end.`;
    case 'incomplete':
      return `${problem.symbols} characters can’t be a whole key: one is probably missing or extra.`;
    case 'lastCharacterDoesNotFit':
      return `The last character does not fit: a character is probably missing or extra (${problem.symbols} characters; keys are usually ${problem.usual}).`;
    case 'tooShort':
      return problem.symbols >= 13 && problem.symbols < 16
        ? `This key has ${problem.symbols} characters; keys have at least 16. ${16 - problem.symbols === 1 ? 'One character is' : 'Some characters are'} probably missing.`
        : `This key is too short (${problem.bits} bits). Keys need at least 80 bits.`;
    case 'checkLetterMismatch':
      return `Line ${problem.line} of the key does not match its check letter: a character in that line is mistyped.`;
    case 'missingCheckLetter':
      return `Line ${problem.line} of the key has no check letter. Type the letter after ▸ at the end of every line, or leave them all out.`;
    case 'tooLong':
      return `This is too long to be a key (more than ${problem.max} characters).`;
    case 'setupLink':
      return 'This is a setup link, not a key: add it under “Paste a link”.';
  }
}

/** A Unix time as the user's clock shows it: the time today, else the date and time. */
export function describeWhen(unixSeconds: number, now: Date = new Date()): string {
  const when = new Date(unixSeconds * 1000);
  const sameDay = when.toDateString() === now.toDateString();
  const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${when.toLocaleDateString()} ${time}`;
}
