import { describe, expect, it } from 'vitest';
import { rowHeights, rowRange, rowSpan } from '../src/lib/virtualList';

const tens = (n: number) => Array.from({ length: n }, () => 10);

describe('rowRange', () => {
  it('renders the rows overlapping the view and pads for the rest', () => {
    // Rows of 10 px with 2 px gaps: row i spans [12 i, 12 i + 10].
    const r = rowRange(tens(100), 2, 120, 239);
    expect(r).toEqual({ start: 10, end: 20, before: 120, after: 80 * 12 });
    // The padding and the rendered rows add up to the whole list.
    expect(r.before + (r.end - r.start) * 12 - 2 + r.after).toBe(100 * 12 - 2);
  });

  it('keeps a row the view only partly covers', () => {
    const r = rowRange(tens(100), 2, 125, 130);
    expect([r.start, r.end]).toEqual([10, 11]);
    expect(rowRange(tens(100), 2, 129, 131).start).toBe(10);
    expect(rowRange(tens(100), 2, 131, 131).start).toBe(11);
  });

  it('clamps at both ends', () => {
    expect(rowRange(tens(5), 2, -500, 20)).toEqual({ start: 0, end: 2, before: 0, after: 3 * 12 });
    expect(rowRange(tens(5), 2, 10_000, 20_000)).toEqual({ start: 5, end: 5, before: 60, after: 0 });
    expect(rowRange([], 2, 0, 100)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('follows rows of different heights', () => {
    const r = rowRange([10, 50, 10, 10], 0, 30, 59);
    expect(r).toEqual({ start: 1, end: 2, before: 10, after: 20 });
  });
});

describe('rowSpan', () => {
  it('places a row after those before it and their gaps', () => {
    expect(rowSpan(tens(10), 2, 0)).toEqual({ top: 0, bottom: 10 });
    expect(rowSpan([10, 50, 10], 4, 2)).toEqual({ top: 68, bottom: 78 });
  });
});

describe('rowHeights', () => {
  it('uses measured heights and their mean for the rest', () => {
    const measured = new Map([
      ['a', 60],
      ['c', 80],
    ]);
    expect(rowHeights(['a', 'b', 'c'], measured, 72)).toEqual([60, 70, 80]);
    expect(rowHeights(['a', 'b'], new Map(), 72)).toEqual([72, 72]);
  });
});
