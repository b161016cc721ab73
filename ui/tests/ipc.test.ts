import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  appInfo,
  changePin,
  copyCode,
  isIpcError,
  parsePreviewFrame,
  previewKey,
  scanCamera,
  stopCamera,
  printSheet,
  setBackupCodes,
  setPin,
  shareApprove,
  shareInit,
  shareJoin,
  shareRevoke,
  useBackupCode,
  watchCodes,
} from '../src/lib/ipc';

afterEach(() => clearMocks());

describe('ipc', () => {
  it('calls preview_key with the typed key and returns the verdict', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { status: 'valid', bits: 80, weak: true, code: '012345', secondsRemaining: 7, checkedLines: 0 };
    });
    const result = await previewKey('jbsw y3dp');
    expect(calls).toEqual([['preview_key', { key: 'jbsw y3dp' }]]);
    expect(result).toEqual({ status: 'valid', bits: 80, weak: true, code: '012345', secondsRemaining: 7, checkedLines: 0 });
  });

  it('passes typed errors through unchanged', async () => {
    mockIPC(() => {
      throw { kind: 'invalidInput', message: 'bad' };
    });
    await expect(appInfo()).rejects.toEqual({ kind: 'invalidInput', message: 'bad' });
  });

  it('wraps untyped failures as internal errors', async () => {
    mockIPC(() => {
      throw 'plain string';
    });
    const err = await appInfo().catch((e: unknown) => e);
    expect(isIpcError(err)).toBe(true);
    expect(err).toEqual({ kind: 'internal', message: 'plain string' });
  });

  it('names command arguments as the Rust commands expect', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'copy_code' ? { clearAfterSeconds: 30 } : null;
    });
    expect(await copyCode('abc')).toEqual({ clearAfterSeconds: 30 });
    await setPin('246813', '246813', true);
    await changePin('246813', '135790', '135790');
    expect(calls).toEqual([
      ['copy_code', { id: 'abc' }],
      ['set_pin', { pin: '246813', confirm: '246813', sharedDesk: true }],
      ['change_pin', { old: '246813', new: '135790', confirm: '135790' }],
    ]);
  });

  it('names the backup code and print arguments as Rust expects', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'print_sheet' ? null : { total: 0, remaining: 0, runningLow: false, codes: [] };
    });
    await setBackupCodes('abc', '1234-5678', true);
    await useBackupCode('abc', 2);
    expect(await printSheet({ ids: ['abc'], withRecovery: false, paper: 'letter' })).toBeNull();
    expect(await printSheet({ ids: ['abc'], withRecovery: true, paper: 'a4' }, '246813')).toBeNull();
    expect(calls).toEqual([
      ['set_backup_codes', { id: 'abc', text: '1234-5678', append: true }],
      ['use_backup_code', { id: 'abc', index: 2 }],
      ['print_sheet', { request: { ids: ['abc'], withRecovery: false, paper: 'letter' }, pin: null }],
      ['print_sheet', { request: { ids: ['abc'], withRecovery: true, paper: 'a4' }, pin: '246813' }],
    ]);
  });

  it('subscribes to the code feed with a channel', async () => {
    let sent: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === 'watch_codes') sent = (args as { onFrame: unknown }).onFrame;
      return null;
    });
    await watchCodes(() => {});
    expect(sent).not.toBeNull();
  });

  it('reads camera preview frames: size first, then one byte a pixel', () => {
    const bytes = new Uint8Array([3, 0, 2, 0, 10, 20, 30, 40, 50, 60]);
    const frame = parsePreviewFrame(bytes.buffer);
    expect(frame?.width).toBe(3);
    expect(frame?.height).toBe(2);
    expect([...(frame?.luma ?? [])]).toEqual([10, 20, 30, 40, 50, 60]);
    // Small messages can arrive as plain arrays.
    expect(parsePreviewFrame([1, 0, 1, 0, 99])?.luma[0]).toBe(99);
    // A frame whose size does not match its pixels is dropped, not drawn.
    expect(parsePreviewFrame(new Uint8Array([3, 0, 2, 0, 1]).buffer)).toBeNull();
    expect(parsePreviewFrame([1])).toBeNull();
  });

  it('scans with a camera through a preview channel, and stops it', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    expect(await scanCamera(2, () => {})).toBeNull();
    await stopCamera();
    expect(calls[0]?.[0]).toBe('scan_camera');
    expect((calls[0]?.[1] as { device: number }).device).toBe(2);
    expect((calls[0]?.[1] as { preview: unknown }).preview).toBeDefined();
    expect(calls[1]).toEqual(['stop_camera', {}]);
  });

  it('names the share arguments as the Rust commands expect (the PIN as pin)', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await shareInit('/srv/sync/practice', 'Riverside Clinic', '246813');
    await shareJoin('/srv/sync/practice');
    await shareApprove('ABCD-EFGH-JKLM-NPQR', false, null);
    await shareRevoke('Back office', '246813');
    expect(calls).toEqual([
      ['share_init', { folder: '/srv/sync/practice', practice: 'Riverside Clinic', pin: '246813' }],
      ['share_join', { folder: '/srv/sync/practice' }],
      ['share_approve', { code: 'ABCD-EFGH-JKLM-NPQR', admin: false, pin: null }],
      ['share_revoke', { desk: 'Back office', pin: '246813' }],
    ]);
  });
});
