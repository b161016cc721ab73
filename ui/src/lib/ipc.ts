// The only module that talks to the Rust side. Every call is typed with the
// bindings generated from Rust (./bindings.ts); components import from here.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo, IpcError, KeyCheck } from './bindings';

export type { AppInfo, IpcError, KeyCheck, KeyProblem, ErrorKind } from './bindings';

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
function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) return value;
  return { kind: 'internal', message: String(value) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toIpcError(err);
  }
}

/** Version of the running app. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/** Checks a typed key; a valid key comes back with the code it gives now (never the key). */
export function previewKey(key: string): Promise<KeyCheck> {
  return call<KeyCheck>('preview_key', { key });
}
