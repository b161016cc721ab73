// WCAG 2.1 AA contrast of the theme tokens in app.css, in both themes:
// 4.5:1 for text and 3:1 for the focus ring.
import { describe, expect, it } from 'vitest';
import css from '../src/app.css?raw';

function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)) out[m[1]!] = m[2]!;
  return out;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function ratio(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}

const light = tokens(':root');
const dark = { ...light, ...tokens(":root[data-theme='dark']") };

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme', (_name, t) => {
  it.each([
    ['text', 'bg'],
    ['text', 'surface'],
    ['muted', 'bg'],
    ['muted', 'surface'],
    ['accent', 'surface'],
    ['accent', 'bg'],
    ['accent-text', 'accent'],
    ['warn', 'surface'],
    ['error', 'surface'],
    ['error', 'bg'],
    // The Delete button: its text on the error colour.
    ['danger-text', 'error'],
  ])('%s on %s meets 4.5:1', (fg, bg) => {
    expect(t[fg], fg).toBeDefined();
    expect(t[bg], bg).toBeDefined();
    expect(ratio(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(4.5);
  });

  it('field and control edges stand out from the page and from panels (3:1, non-text)', () => {
    expect(ratio(t['field-border']!, t.bg!)).toBeGreaterThanOrEqual(3);
    expect(ratio(t['field-border']!, t.surface!)).toBeGreaterThanOrEqual(3);
  });

  it('the focus ring stands out from the page and from panels (3:1)', () => {
    expect(ratio(t.focus!, t.bg!)).toBeGreaterThanOrEqual(3);
    expect(ratio(t.focus!, t.surface!)).toBeGreaterThanOrEqual(3);
  });
});
