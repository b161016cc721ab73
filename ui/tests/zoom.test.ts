import { describe, expect, it } from 'vitest';
import { ZOOM_STEPS, stepZoom, zoomOf } from '../src/lib/zoom';

describe('text size', () => {
  it('offers a step of at least 175 %', () => {
    expect(Math.max(...ZOOM_STEPS)).toBeGreaterThanOrEqual(175);
  });
  it('reads an older file’s Large type as 125 %, and a stored size as itself', () => {
    expect(zoomOf({ zoomPercent: 100, largeType: false })).toBe(100);
    expect(zoomOf({ zoomPercent: 100, largeType: true })).toBe(125);
    expect(zoomOf({ zoomPercent: 175, largeType: true })).toBe(175);
    expect(zoomOf({ zoomPercent: 160, largeType: false })).toBe(150);
  });
  it('steps up and down within the steps', () => {
    expect(stepZoom(100, 1)).toBe(125);
    expect(stepZoom(125, -1)).toBe(100);
    expect(stepZoom(100, -1)).toBe(100);
    expect(stepZoom(200, 1)).toBe(200);
  });
});
