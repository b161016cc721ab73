// Pure helpers for showing a key as the user types it. No validation here:
// the Rust key assistant decides what is valid.

/** Groups the key's characters in fours, upper-cased, ignoring spaces and dashes. */
export function groupKey(typed: string): string {
  const chars = typed.replace(/[\s-]/g, '').toUpperCase();
  return chars.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Splits a code for reading: `123456` → `123 456`, `12345678` → `1234 5678`. */
export function groupCode(code: string): string {
  if (code.length <= 5) return code;
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}
