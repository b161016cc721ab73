import { describe, expect, it } from 'vitest';
import type { AccountView } from '../src/lib/bindings';
import { displayName, filterAccounts, isSetupLink, looksLikeKey, maskCode, moveSelection, spokenCode } from '../src/lib/accounts';

function account(issuer: string, name: string, tags: string[] = []): AccountView {
  return {
    id: `${issuer}-${name}`,
    issuer,
    name,
    kind: 'totp',
    digits: 6,
    period: 30,
    favourite: false,
    tags,
    backupTotal: 0,
    backupRemaining: 0,
    position: 0,
  };
}

const all = [account('Clinic Booking', 'frontdesk'), account('Bank', 'alice', ['money']), account('GitHub', 'clinic-it')];

describe('filterAccounts', () => {
  it('matches issuer, name and tags, case-insensitively, every word', () => {
    expect(filterAccounts(all, '').map((a) => a.issuer)).toEqual(['Clinic Booking', 'Bank', 'GitHub']);
    expect(filterAccounts(all, 'CLINIC').map((a) => a.issuer)).toEqual(['Clinic Booking', 'GitHub']);
    expect(filterAccounts(all, 'clinic front').map((a) => a.issuer)).toEqual(['Clinic Booking']);
    expect(filterAccounts(all, 'money').map((a) => a.issuer)).toEqual(['Bank']);
    expect(filterAccounts(all, 'nothing')).toEqual([]);
  });
});

describe('display helpers', () => {
  it('names accounts by whatever they have', () => {
    expect(displayName({ issuer: 'Bank', name: 'alice' }, '?')).toBe('Bank (alice)');
    expect(displayName({ issuer: '', name: 'alice' }, '?')).toBe('alice');
    expect(displayName({ issuer: '', name: '' }, '?')).toBe('?');
  });
  it('masks digits but keeps grouping, and spells codes out', () => {
    expect(maskCode('123 456')).toBe('••• •••');
    // Steam codes have letters: they are hidden too.
    expect(maskCode('P7QJN')).toBe('•••••');
    expect(spokenCode('012345')).toBe('0 1 2 3 4 5');
  });
  it('recognises setup links only', () => {
    expect(isSetupLink(' otpauth://totp/X?secret=A')).toBe(true);
    expect(isSetupLink('OTPAUTH-MIGRATION://offline?data=x')).toBe(true);
    expect(isSetupLink('https://example.com')).toBe(false);
  });
  it('moves the selection within bounds', () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe('looksLikeKey', () => {
  it('takes a bare key as websites show it, grouped or not', () => {
    expect(looksLikeKey('JBSWY3DPEHPK3PXP')).toBe(true);
    expect(looksLikeKey(' jbsw y3dp ehpk 3pxp \n')).toBe(true);
    expect(looksLikeKey('JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXP')).toBe(true);
  });
  it('leaves links, sentences and short text alone', () => {
    expect(looksLikeKey('otpauth://totp/X?secret=JBSWY3DPEHPK3PXP')).toBe(false);
    expect(looksLikeKey('JBSWY3DP')).toBe(false);
    expect(looksLikeKey('call the clinic at 0800 123')).toBe(false);
    expect(looksLikeKey('JBSWY3DPEHPK3PX0')).toBe(false);
  });
});
