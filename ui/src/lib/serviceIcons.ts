// Which icon an account shows: a bundled brand icon matched by its issuer
// (offline, no lookups), or a lettered tile. Pure functions, unit-tested.
import { aliases, icons } from './serviceIcons.data';

export { iconHeight, iconSetName } from './serviceIcons.data';

/** A brand icon (slug, width, SVG path) or a tile with one or two letters. */
export type ServiceIcon =
  | { kind: 'brand'; slug: string; width: number; path: string }
  | { kind: 'letters'; letters: string; hue: number };

/** Lower case words of `name`, split at anything that is not a letter or digit. */
function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

// Top-level domains and hosting words dropped from an issuer written as a
// domain ("github.com", "login.microsoftonline.com" is left to the aliases).
const DOMAIN_WORDS = new Set(['com', 'org', 'net', 'io', 'co', 'uk', 'de', 'fr', 'www', 'app', 'login', 'accounts', 'account', 'id']);

/**
 * The brand slug for an issuer, or null: the longest run of the issuer's
 * leading words that names a brand ("Microsoft 365" → microsoft, "Amazon
 * Web Services" → aws), then the same without domain words ("github.com").
 */
export function brandFor(issuer: string): string | null {
  const all = words(issuer);
  for (const ws of [all, all.filter((w) => !DOMAIN_WORDS.has(w))]) {
    for (let n = Math.min(ws.length, 4); n >= 1; n--) {
      const slug = aliases[ws.slice(0, n).join(' ')];
      if (slug !== undefined) return slug;
    }
  }
  return null;
}

/** One or two letters for a name: the initials of its first two words, or its first letter. */
export function lettersFor(name: string): string {
  const parts = name
    .trim()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p.length > 0);
  const [a, b] = parts;
  if (a === undefined) return '?';
  const first = [...a][0] ?? '?';
  const second = b === undefined ? '' : ([...b][0] ?? '');
  return (first + second).toLocaleUpperCase();
}

/** A stable hue (0–359) for a name, so a tile keeps its colour from launch to launch. */
export function hueFor(name: string): number {
  let h = 2166136261;
  for (const ch of name.toLowerCase()) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h % 360;
}

/** The icon for an account: by issuer, else letters of the issuer or, without one, of the account name. */
export function iconFor(issuer: string, account: string): ServiceIcon {
  const slug = issuer.trim() ? brandFor(issuer) : null;
  if (slug !== null) {
    const icon = icons[slug];
    if (icon) return { kind: 'brand', slug, width: icon.w, path: icon.d };
  }
  const name = issuer.trim() || account.trim();
  return { kind: 'letters', letters: lettersFor(name), hue: hueFor(name) };
}

/** A lettered tile's colours (CSS hsl()) for a hue, in the light and the dark theme. */
export function tileColours(hue: number): { light: { bg: string; fg: string }; dark: { bg: string; fg: string } } {
  return {
    light: { bg: `hsl(${hue} 55% 90%)`, fg: `hsl(${hue} 60% 22%)` },
    dark: { bg: `hsl(${hue} 45% 26%)`, fg: `hsl(${hue} 60% 88%)` },
  };
}
