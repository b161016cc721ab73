import { describe, expect, it } from 'vitest';
import { brandFor, hueFor, iconFor, lettersFor, tileColours } from '../src/lib/serviceIcons';
import { icons } from '../src/lib/serviceIcons.data';

describe('brandFor', () => {
  it.each([
    ['GitHub', 'github'],
    ['github.com', 'github'],
    ['Microsoft 365', 'microsoft'],
    ['Microsoft', 'microsoft'],
    ['Office 365', 'microsoft'],
    ['Amazon Web Services', 'aws'],
    ['Amazon', 'amazon'],
    ['AWS (prod)', 'aws'],
    ['Google Workspace', 'google'],
    ['accounts.google.com', 'google'],
    ['Stack Overflow', 'stack-overflow'],
    ['Battle.net', 'battle-net'],
    ['DigitalOcean', 'digital-ocean'],
    ['PayPal', 'paypal'],
    ['Dropbox', 'dropbox'],
    ['  SLACK ', 'slack'],
    ['Twitter', 'x-twitter'],
    ['x.com', 'x-twitter'],
    ['Outlook.com', 'microsoft'],
  ])('%s → %s', (issuer, slug) => {
    expect(brandFor(issuer)).toBe(slug);
  });

  it.each(['Clinic Booking', 'Xero', 'Acme Insurance', 'Medicare Portal', '', 'Githubby', 'Googleplex', 'X-Ray Clinic', 'Dev server', 'Line Manager Portal', 'Live Nation'])(
    '%s has no brand icon',
    (issuer) => {
      expect(brandFor(issuer)).toBeNull();
    },
  );

  it('every alias names an icon that exists', () => {
    for (const slug of ['github', 'microsoft', 'aws', 'google', 'x-twitter']) expect(icons[slug]?.d.length).toBeGreaterThan(20);
  });
});

describe('lettered tiles', () => {
  it.each([
    ['Clinic Booking', 'CB'],
    ['Xero', 'X'],
    ['acme-insurance', 'AI'],
    ['Ärzte Kasse', 'ÄK'],
    ['', '?'],
    ['  ', '?'],
    ['42 Supplies', '4S'],
  ])('%s → %s', (name, letters) => {
    expect(lettersFor(name)).toBe(letters);
  });

  it('an account without an issuer is lettered by its name', () => {
    expect(iconFor('', 'frontdesk@clinic.example')).toMatchObject({ kind: 'letters', letters: 'FC' });
    expect(iconFor('GitHub', 'frontdesk')).toMatchObject({ kind: 'brand', slug: 'github' });
  });

  it('a name keeps its hue, and names differ', () => {
    expect(hueFor('Clinic Booking')).toBe(hueFor('clinic booking'));
    const hues = new Set(['Clinic Booking', 'Xero', 'Acme Insurance', 'Supplies Ltd', 'Medicare'].map(hueFor));
    expect(hues.size).toBeGreaterThan(3);
  });

  function hslToRgb(css: string): [number, number, number] {
    const m = /hsl\((\d+) (\d+)% (\d+)%\)/.exec(css);
    if (!m) throw new Error(css);
    const [h, s, l] = [Number(m[1]), Number(m[2]) / 100, Number(m[3]) / 100];
    const k = (n: number) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return [f(0), f(8), f(4)];
  }
  function luminance([r, g, b]: [number, number, number]): number {
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }
  function ratio(a: string, b: string): number {
    const [l1, l2] = [luminance(hslToRgb(a)), luminance(hslToRgb(b))].sort((x, y) => y - x);
    return (l1! + 0.05) / (l2! + 0.05);
  }

  it('letters meet WCAG AA (4.5:1) on their tile for every hue, in both themes', () => {
    let worst = Infinity;
    for (let hue = 0; hue < 360; hue++) {
      const c = tileColours(hue);
      worst = Math.min(worst, ratio(c.light.fg, c.light.bg), ratio(c.dark.fg, c.dark.bg));
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
