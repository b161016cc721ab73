import { describe, expect, it } from 'vitest';
import { groupCode, groupKey } from '../src/lib/keyFormat';
import { describeKeyProblem, describeWhen } from '../src/lib/strings';

describe('groupKey', () => {
  it('groups in fours, upper case, ignoring spaces and dashes', () => {
    expect(groupKey('jbswy3dpehpk3pxp')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupKey('JBSW-Y3DP ehpk3p')).toBe('JBSW Y3DP EHPK 3P');
    expect(groupKey('')).toBe('');
    expect(groupKey('abcd')).toBe('ABCD');
  });
});

describe('groupCode', () => {
  it('splits codes for reading', () => {
    expect(groupCode('012345')).toBe('012 345');
    expect(groupCode('1234567')).toBe('1234 567');
    expect(groupCode('12345678')).toBe('1234 5678');
    expect(groupCode('P2QJN')).toBe('P2QJN');
  });
});

describe('describeKeyProblem', () => {
  it('names the position and the look-alike letter', () => {
    expect(
      describeKeyProblem({ kind: 'invalidCharacter', position: 19, character: '0', hint: 'O' }),
    ).toBe('Character 19 (“0”) can’t be in a key. Did you mean the letter O?');
    expect(describeKeyProblem({ kind: 'invalidCharacter', position: 2, character: '!', hint: null })).toBe(
      'Character 2 (“!”) can’t be in a key.',
    );
    expect(describeKeyProblem({ kind: 'tooShort', bits: 40, symbols: 8 })).toMatch(/40 bits/);
    expect(describeKeyProblem({ kind: 'tooShort', bits: 72, symbols: 15 })).toMatch(/15 characters.*One character is probably missing/);
    expect(describeKeyProblem({ kind: 'lastCharacterDoesNotFit', symbols: 31, usual: 32 })).toMatch(/last character does not fit.*31 characters; keys are usually 32/);
    expect(describeKeyProblem({ kind: 'incomplete', symbols: 9 })).toMatch(/^9 characters/);
    expect(describeKeyProblem({ kind: 'misplacedPadding', position: 9 })).toMatch(/^Character 9/);
    expect(describeKeyProblem({ kind: 'empty' })).toMatch(/Type or paste/);
  });
});

describe('describeWhen', () => {
  it('gives the time alone today, the date too otherwise', () => {
    const now = new Date(2026, 11, 2, 15, 0, 0);
    const today = Math.floor(new Date(2026, 11, 2, 9, 5, 0).getTime() / 1000);
    const before = Math.floor(new Date(2026, 10, 30, 9, 5, 0).getTime() / 1000);
    expect(describeWhen(today, now)).toMatch(/^09.05/);
    expect(describeWhen(before, now)).not.toMatch(/^09.05/);
    expect(describeWhen(before, now)).toMatch(/09.05/);
  });
});
