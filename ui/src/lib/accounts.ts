// Pure helpers for the account list: search, display names, code masking.
import type { AccountView } from './bindings';

/** Accounts whose issuer, name or tags contain every word of `query` (case-insensitive). */
export function filterAccounts(accounts: AccountView[], query: string): AccountView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return accounts;
  return accounts.filter((a) => {
    const hay = [a.issuer, a.name, ...a.tags].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** "Issuer (name)" or whichever part exists. */
export function displayName(a: Pick<AccountView, 'issuer' | 'name'>, unnamed: string): string {
  if (a.issuer && a.name) return `${a.issuer} (${a.name})`;
  return a.issuer || a.name || unnamed;
}

/** The code with every digit and letter (Steam codes have letters) replaced by a dot, keeping the grouping. */
export function maskCode(grouped: string): string {
  return grouped.replace(/[0-9A-Za-z]/g, '•');
}

/** Digits spelled out for screen readers: `123456` → `1 2 3 4 5 6`. */
export function spokenCode(code: string): string {
  return code.split('').join(' ');
}

/** Whether pasted text looks like a setup link. */
export function isSetupLink(text: string): boolean {
  return /^\s*otpauth(-migration)?:\/\//i.test(text);
}

/**
 * Whether pasted text looks like a bare setup key (not a link): base32
 * letters and digits, maybe grouped by spaces or dashes, 16–128 of them.
 * The key check itself happens in Rust once the add form has it.
 */
export function looksLikeKey(text: string): boolean {
  const compact = text.trim().replace(/[\s-]+/g, '').replace(/=+$/, '');
  return compact.length >= 16 && compact.length <= 128 && /^[A-Za-z2-7]+$/.test(compact);
}

/** The next index when moving by `step` through `count` items (clamped). */
export function moveSelection(current: number, step: number, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return step > 0 ? 0 : count - 1;
  return Math.max(0, Math.min(count - 1, current + step));
}
