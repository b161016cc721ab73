// Text size steps (the Settings "Text size" choice, Ctrl+= / Ctrl+- / Ctrl+0).
import type { Settings } from './bindings';

/** Text sizes offered, in percent of the normal size. */
export const ZOOM_STEPS = [100, 125, 150, 175, 200] as const;

/** The text size a settings file asks for; an older file's "Large type" is 125 %. */
export function zoomOf(settings: Pick<Settings, 'zoomPercent' | 'largeType'>): number {
  if (settings.zoomPercent && settings.zoomPercent !== 100) return nearestStep(settings.zoomPercent);
  return settings.largeType ? 125 : 100;
}

function nearestStep(percent: number): number {
  let best: number = ZOOM_STEPS[0];
  for (const s of ZOOM_STEPS) if (Math.abs(s - percent) < Math.abs(best - percent)) best = s;
  return best;
}

/** The next step up (`step` > 0) or down from `percent`, within the steps. */
export function stepZoom(percent: number, step: number): number {
  const i = ZOOM_STEPS.indexOf(nearestStep(percent) as (typeof ZOOM_STEPS)[number]);
  const j = Math.max(0, Math.min(ZOOM_STEPS.length - 1, i + Math.sign(step)));
  return ZOOM_STEPS[j] ?? 100;
}
