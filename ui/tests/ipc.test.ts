import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  appInfo,
  copyCode,
  isIpcError,
  previewKey,
  printSheet,
  setBackupCodes,
  setPin,
  useBackupCode,
  watchCodes,
} from '../src/lib/ipc';

afterEach(() => clearMocks());

describe('ipc', () => {
  it('calls preview_key with the typed key and returns the verdict', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { status: 'valid', bits: 80, weak: true, code: '012345', secondsRemaining: 7 };
    });
    const result = await previewKey('jbsw y3dp');
    expect(calls).toEqual([['preview_key', { key: 'jbsw y3dp' }]]);
    expect(result).toEqual({ status: 'valid', bits: 80, weak: true, code: '012345', secondsRemaining: 7 });
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
    await setPin('2468', true);
    expect(calls).toEqual([
      ['copy_code', { id: 'abc' }],
      ['set_pin', { pin: '2468', sharedDesk: true }],
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
    expect(calls).toEqual([
      ['set_backup_codes', { id: 'abc', text: '1234-5678', append: true }],
      ['use_backup_code', { id: 'abc', index: 2 }],
      ['print_sheet', { request: { ids: ['abc'], withRecovery: false, paper: 'letter' } }],
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
});
