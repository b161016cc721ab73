// Every user-facing text of the UI, in one place so it can be translated.
import type { KeyProblem } from './bindings';

export const strings = {
  appName: 'Tessera',
  tagline: 'Two-factor codes on your desktop',
  keyPanel: {
    title: 'Check a setup key',
    intro:
      'Can’t scan? Websites show a key under the QR code. Type or paste it here to see the code it gives right now.',
    label: 'Setup key',
    placeholder: 'e.g. JBSW Y3DP EHPK 3PXP',
    codeLabel: 'Code now',
    secondsLeft: (s: number) => `${s} s left`,
    strength: (bits: number) => `${bits}-bit key`,
    weak: 'Short key: accepted, but under 128 bits.',
  },
  emptyState: {
    title: 'No accounts yet',
    body: 'Accounts you add will appear here with their codes.',
  },
  error: {
    generic: (message: string) => `Something went wrong: ${message}`,
  },
  version: (v: string) => `Version ${v}`,
} as const;

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
    case 'tooShort':
      return `This key is too short (${problem.bits} bits). Keys need at least 80 bits.`;
  }
}
