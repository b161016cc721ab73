// Which rows of a long account list to put in the page. WebKit keeps every
// row's boxes in memory (about 0.1 MB each, mostly the countdown ring), so a
// long list renders only the rows near the view; the rest are stood in for by
// padding of their (measured or estimated) height.

/** Lists up to this long render every row. */
export const RENDER_ALL_UP_TO = 60;

/** Rows to render: `start` (inclusive) to `end` (exclusive), with the space
 * the rows before and after them would take. */
export interface RowRange {
  start: number;
  end: number;
  before: number;
  after: number;
}

/**
 * The rows that overlap `[top, bottom]` (in pixels from the list's top),
 * given each row's height and the gap between rows.
 */
export function rowRange(heights: readonly number[], gap: number, top: number, bottom: number): RowRange {
  const n = heights.length;
  const h = (i: number) => heights[i] ?? 0;
  let start = 0;
  let before = 0;
  while (start < n && before + h(start) < top) {
    before += h(start) + gap;
    start++;
  }
  let end = start;
  let y = before;
  while (end < n && (end === start || y <= bottom)) {
    y += h(end) + gap;
    end++;
  }
  let after = 0;
  for (let i = end; i < n; i++) after += gap + h(i);
  return { start, end, before, after };
}

/** Where row `index` starts and ends, in pixels from the list's top. */
export function rowSpan(heights: readonly number[], gap: number, index: number): { top: number; bottom: number } {
  let top = 0;
  for (const h of heights.slice(0, index)) top += h + gap;
  return { top, bottom: top + (heights[index] ?? 0) };
}

/** Each row's height: measured where known, else the mean of those measured
 * (or `fallback` before any is). */
export function rowHeights(ids: readonly string[], measured: ReadonlyMap<string, number>, fallback: number): number[] {
  let sum = 0;
  let count = 0;
  for (const h of measured.values()) {
    sum += h;
    count++;
  }
  const estimate = count > 0 ? sum / count : fallback;
  return ids.map((id) => measured.get(id) ?? estimate);
}
