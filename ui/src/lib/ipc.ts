// The only module that talks to the Rust side. Every call is typed with the
// bindings generated from Rust (./bindings.ts); components import from here.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  AccountForm,
  AccountView,
  ActivityView,
  BackupStatusView,
  ClockView,
  ExportFormat,
  ExportedFile,
  ImportFileView,
  ImportFormatView,
  ImportOutcome,
  ImportPreview,
  RecoveryKeyView,
  AppInfo,
  AppStatus,
  BackupCodesView,
  BackupCodeCopied,
  BackupPreview,
  CameraChoice,
  CodeFrame,
  CodeView,
  Copied,
  IpcError,
  KeyCheck,
  LinkPreview,
  PaperChoice,
  PreviewAccount,
  PrintRequest,
  PrintedSheet,
  RevealedKeyView,
  ScanResult,
  Settings,
  DeskView,
  JoinView,
  RevokeView,
  ShareStatusView,
  ShortcutView,
  SyncReport,
  UpdateView,
} from './bindings';

export type * from './bindings';

/** True when a rejected call carries Tessera's `{ kind, message }` error. */
export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IpcError).kind === 'string' &&
    typeof (value as IpcError).message === 'string'
  );
}

/** Turns anything a call rejected with into an `IpcError`. */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) return value;
  return { kind: 'internal', message: String(value) };
}

async function call<T>(command: string, args?: Record<string, unknown> | Uint8Array): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toIpcError(err);
  }
}

/** Version of the running app. */
export const appInfo = () => call<AppInfo>('app_info');

/** Checks a typed key; a valid key comes back with the code it gives now (never the key). */
export const previewKey = (key: string) => call<KeyCheck>('preview_key', { key });

/** Profile, lock and keychain state. */
export const status = () => call<AppStatus>('status');
/** Reconnects to the keychain (the keychain screen's Retry). */
export const reconnectKeychain = () => call<AppStatus>('reconnect_keychain');
/** Locks now. */
export const lock = () => call<void>('lock');
/** Unlocks with the PIN (empty when none is set). */
export const unlock = (pin: string) => call<void>('unlock', { pin });
/** Sets a first PIN, typed twice. */
export const setPin = (pin: string, confirm: string, sharedDesk: boolean) =>
  call<void>('set_pin', { pin, confirm, sharedDesk });
/** Changes the PIN; the new one typed twice. */
export const changePin = (old: string, next: string, confirm: string) =>
  call<void>('change_pin', { old, new: next, confirm });
/** The user has read that a copy of the account list was put back. */
export const dismissRestoreNotice = () => call<AppStatus>('dismiss_restore_notice');
/** Removes the PIN. */
export const removePin = (pin: string) => call<void>('remove_pin', { pin });

/**
 * Shows an account's key in a separate, capture-protected window (never sent to
 * this window); needs the PIN when one is set.
 */
export const revealKey = (id: string, pin: string) => call<void>('reveal_key', { id, pin });
/** The key window only: the revealed key, once. */
export const revealTake = () => call<RevealedKeyView>('reveal_take');

/** Finds the QR codes in an image file's bytes (sent raw); setup codes wait in Rust for `addScanned`. */
export const scanImage = (bytes: Uint8Array) => call<ScanResult>('scan_image', bytes);
/** Looks for QR codes on every monitor (Tessera's window is hidden meanwhile). */
export const scanScreen = () => call<ScanResult>('scan_screen');
/** The cameras connected now (empty when there are none). */
export const listCameras = () => call<CameraChoice[]>('list_cameras');

/** One small greyscale frame of the camera preview. */
export interface PreviewFrame {
  width: number;
  height: number;
  /** One byte per pixel, row by row. */
  luma: Uint8Array;
}

/** Reads a preview frame as Rust sends it: width and height (u16, little-endian), then the pixels. */
export function parsePreviewFrame(message: ArrayBuffer | number[]): PreviewFrame | null {
  const bytes = message instanceof ArrayBuffer ? new Uint8Array(message) : Uint8Array.from(message);
  if (bytes.length < 4) return null;
  const header = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const width = header.getUint16(0, true);
  const height = header.getUint16(2, true);
  if (bytes.length !== 4 + width * height) return null;
  return { width, height, luma: bytes.subarray(4) };
}

/**
 * Scans with a camera until a QR code is seen (the result), or `stopCamera`
 * or the lock stops it (`null`). Preview frames arrive on `onPreview` meanwhile;
 * decoding happens in Rust on full-size frames.
 */
export function scanCamera(device: number, onPreview: (frame: PreviewFrame) => void) {
  const preview = new Channel<ArrayBuffer | number[]>();
  preview.onmessage = (message) => {
    const frame = parsePreviewFrame(message);
    if (frame) onPreview(frame);
  };
  return call<ScanResult | null>('scan_camera', { device, preview });
}

/** Stops the running camera scan and releases the camera. */
export const stopCamera = () => call<void>('stop_camera');

/** Adds the accounts of the last scan; `pick` limits it to those positions of its preview. */
export const addScanned = (pick: number[] | null = null) => call<AccountView[]>('add_scanned', { pick });
/** Forgets what scans staged, and a half-scanned export. */
export const cancelScan = () => call<void>('cancel_scan');

/** Accounts in display order. */
export const listAccounts = () => call<AccountView[]>('list_accounts');
/** The account the add form describes, with its code now. */
export const previewAccount = (form: AccountForm) => call<PreviewAccount>('preview_account', { form });
/** Saves the add form. */
export const addAccount = (form: AccountForm) => call<AccountView>('add_account', { form });
/** What a pasted setup link holds. */
export const inspectLink = (text: string) => call<LinkPreview>('inspect_link', { text });
/** Adds every account of a setup link. */
export const addLink = (text: string) => call<AccountView[]>('add_link', { text });
/** Changes issuer, name and tags. */
export const editAccount = (id: string, issuer: string, name: string, tags: string[]) =>
  call<AccountView>('edit_account', { id, issuer, name, tags });
/** Pins or unpins an account. */
export const setFavourite = (id: string, favourite: boolean) =>
  call<AccountView>('set_favourite', { id, favourite });
/** Moves an account in the stored order. */
export const moveAccount = (id: string, position: number) => call<void>('move_account', { id, position });
/** Deletes an account and its key. */
export const removeAccount = (id: string) => call<void>('remove_account', { id });

/** An account's backup codes, each masked to its last characters. */
export const backupCodes = (id: string) => call<BackupCodesView>('backup_codes', { id });
/** Parses a pasted block of backup codes without storing it. */
export const previewBackupCodes = (text: string) => call<BackupPreview>('preview_backup_codes', { text });
/** Stores a pasted block: replaces the codes, or adds to them with `append`. */
export const setBackupCodes = (id: string, text: string, append: boolean) =>
  call<BackupCodesView>('set_backup_codes', { id, text, append });
/** Marks the code at `index` used. */
export const useBackupCode = (id: string, index: number) => call<BackupCodesView>('use_backup_code', { id, index });
/** Copies the next unused backup code (the PIN again when set); its hint comes back, never the code. */
export const copyNextBackupCode = (id: string, pin: string | null) =>
  call<BackupCodeCopied>('copy_next_backup_code', { id, pin });
/** Takes back "used" from the code at `index` (Undo). */
export const unuseBackupCode = (id: string, index: number) => call<BackupCodesView>('unuse_backup_code', { id, index });
/** The paper size the system's locale suggests. */
export const defaultPaper = () => call<PaperChoice>('default_paper');
/**
 * Asks where to save (system dialog) and writes the backup sheet; `null` when cancelled.
 * A sheet with keys needs the PIN again when one is set.
 */
export const printSheet = (request: PrintRequest, pin: string | null = null) =>
  call<PrintedSheet | null>('print_sheet', { request, pin });
/** Opens the sheet saved last in the system's PDF viewer, to print it. */
export const openSheet = () => call<void>('open_sheet');

/** The codes right now (first paint). */
export const codesNow = () => call<CodeFrame>('codes_now');
/** Copies an account's code; it is cleared from the clipboard later. */
export const copyCode = (id: string) => call<Copied>('copy_code', { id });
export const copyNextCode = (id: string) => call<Copied>('copy_next_code', { id });
/** A counter-based account's next code. */
export const nextHotpCode = (id: string) => call<CodeView>('next_hotp_code', { id });
/** Restarts the idle timer. */
export const noteActivity = () => call<void>('note_activity');

/** Receives a frame of codes every second until the window closes. */
export function watchCodes(onFrame: (frame: CodeFrame) => void): Promise<void> {
  const channel = new Channel<CodeFrame>();
  channel.onmessage = onFrame;
  return call<void>('watch_codes', { onFrame: channel });
}

/** The saved settings. */
export const getSettings = () => call<Settings>('get_settings');
/** Saves settings; returns them as stored. */
export const saveSettings = (settings: Settings) => call<Settings>('save_settings', { settings });
/** Opens another profile. */
export const switchProfile = (profile: string) => call<AppStatus>('switch_profile', { profile });
/** The profile's activity log, newest first. */
export const activity = () => call<ActivityView[]>('activity');

/** The global shortcut and whether it is in use. */
export const shortcutStatus = () => call<ShortcutView>('shortcut_status');
/** Quits Tessera (locked first), from Ctrl+Q in either window. */
export const quitApp = () => call<void>('quit_app');
/** Opens (or brings forward) the mini window. */
export const showMini = () => call<void>('show_mini');
/** Hides the mini window (called by the mini window itself). */
export const hideMini = () => call<void>('hide_mini');
/** Brings the main window forward (from the mini window). */
export const showMainWindow = () => call<void>('show_main_window');
/** Calls `handler` each time the mini window is shown again; returns an unsubscribe function. */
export function onMiniShown(handler: () => void): Promise<() => void> {
  return listen('mini-shown', handler);
}

/** Calls `handler` when the tray asks for the search box; returns an unsubscribe function. */
export function onFocusSearch(handler: () => void): Promise<() => void> {
  return listen('focus-search', handler);
}

/** The formats Tessera imports. */
export const importFormats = () => call<ImportFormatView[]>('import_formats');
/** Sends a chosen file's bytes (raw); says what it is. */
export const chooseImportFile = (bytes: Uint8Array) => call<ImportFileView>('choose_import_file', bytes);
/** Reads the chosen file with its password (or a Tessera backup's recovery key). */
export const openImportFile = (password: string | null, recoveryKey: string | null = null, format: string | null = null) =>
  call<ImportPreview>('open_import_file', { format, password, recoveryKey });
/** Adds the previewed accounts (all, or the positions in `pick`). */
export const addImported = (pick: number[] | null) => call<ImportOutcome>('add_imported', { pick });
/** Forgets the chosen file. */
export const cancelImport = () => call<void>('cancel_import');
/** Asks where to save and writes every account there (PIN when set); `null` when cancelled. */
export const exportAccounts = (format: ExportFormat, password: string | null, pin: string | null) =>
  call<ExportedFile | null>('export_accounts', { format, password, pin });
/** The profile's backups at a glance. */
export const backupStatus = () => call<BackupStatusView>('backup_status');
/** Sets (or changes) the backup password; the first time, the recovery key (shown once). */
export const setBackupPassword = (password: string, confirm: string, pin: string | null) =>
  call<RecoveryKeyView | null>('set_backup_password', { password, confirm, pin });
/** Asks for the backup folder and saves it; `null` when cancelled. */
export const chooseBackupFolder = () => call<Settings | null>('choose_backup_folder');
/** Writes a backup now. */
export const backupNow = () => call<BackupStatusView>('backup_now');
/** Checks the clock against time servers (the system's, else a public pool). */
export const checkClock = () => call<ClockView>('check_clock', { servers: null });
/** The last check's result (no new check): the one made at start may come before the window listens. */
export const clockStatus = () => call<ClockView>('clock_status');
/** Turns the time correction for codes on (the last check's offset) or off. */
export const applyClockCorrection = (on: boolean) => call<ClockView>('apply_clock_correction', { on });

/** Where updates stand (the administrator's policy, the last check); asks no one. */
export const updateStatus = () => call<UpdateView>('update_status');
/** Asks the release server whether a newer version exists. */
export const checkForUpdate = () => call<UpdateView>('check_for_update');
/** Downloads, verifies (signature and version) and installs the offered version. */
export const installUpdate = () => call<UpdateView>('install_update');
/** Restarts into the version just installed. */
export const restartApp = () => call<void>('restart_app');

/** Calls `handler` after each automatic backup attempt. */
export function onBackupStatus(handler: (status: BackupStatusView) => void): Promise<() => void> {
  return listen<BackupStatusView>('backup-status', (e) => handler(e.payload));
}
/** The shared practice this profile takes part in, or `null`. */
export const shareStatus = () => call<ShareStatusView | null>('share_status');
/** Asks for the shared folder (native dialog); `null` when cancelled. */
export const chooseShareFolder = () => call<string | null>('choose_share_folder');
/** Founds a practice in `folder` with this desk as its first admin. */
export const shareInit = (folder: string, practice: string, pin: string | null) =>
  call<ShareStatusView>('share_init', { folder, practice, pin });
/** Asks to join the practice in `folder`; the code comes back to show. */
export const shareJoin = (folder: string) => call<JoinView>('share_join', { folder });
/** Approves the desk showing `code`. */
export const shareApprove = (code: string, admin: boolean, pin: string | null) =>
  call<DeskView>('share_approve', { code, admin, pin });
/** Revokes a desk (id or name); the accounts to re-enrol come back. */
export const shareRevoke = (desk: string, pin: string | null) => call<RevokeView>('share_revoke', { desk, pin });
/** One pass over the shared folder now. */
export const shareSync = () => call<SyncReport>('share_sync');
/** Calls `handler` after each background pass over the shared folder. */
export function onShareStatus(handler: (view: ShareStatusView) => void): Promise<() => void> {
  return listen<ShareStatusView>('share-status', (e) => handler(e.payload));
}
/** Calls `handler` when a background pass over the shared folder failed. */
export function onShareError(handler: (error: IpcError) => void): Promise<() => void> {
  return listen<IpcError>('share-error', (e) => handler(e.payload));
}

/** Calls `handler` after each background clock check. */
export function onClockStatus(handler: (view: ClockView) => void): Promise<() => void> {
  return listen<ClockView>('clock-status', (e) => handler(e.payload));
}
