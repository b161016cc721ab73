// The echo of a result at the focused control (lib/announce.svelte.ts), frame
// by frame: what Orca on WebKitGTK needs (a fresh accessible object, focused
// again, described by the message) and what the user must not notice (focus,
// the caret and the control's own description come back).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announce, ECHO_ID, live } from '../src/lib/announce.svelte';

let frames: FrameRequestCallback[] = [];
function runFrames(n: number) {
  for (let i = 0; i < n; i++) {
    const now = frames;
    frames = [];
    now.forEach((f) => f(0));
  }
}

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  document.body.innerHTML = `<span id="${ECHO_ID}"></span><button id="b" aria-describedby="left">Clinic Booking</button><input id="i" value="gezdg8"><button id="other">Other</button>`;
});
afterEach(() => vi.unstubAllGlobals());

const syncEcho = () => (document.getElementById(ECHO_ID)!.textContent = live.echo);

describe('announce', () => {
  it('re-presents the focused control described by the message, then gives its description back on blur', () => {
    const b = document.getElementById('b')!;
    b.focus();
    const focusEvents: string[] = [];
    b.addEventListener('focus', () => focusEvents.push('focus'));
    announce('Copied.');
    expect(live.text.trim()).toBe('Copied.');
    runFrames(2);
    syncEcho();
    expect(b.getAttribute('aria-describedby')).toBe(ECHO_ID);
    expect(document.getElementById(ECHO_ID)!.textContent).toBe('Copied.');
    runFrames(2);
    expect(b.getAttribute('role')).toBe('link');
    runFrames(2);
    expect(b.hasAttribute('role')).toBe(false);
    expect(document.activeElement).toBe(b);
    expect(focusEvents).toEqual(['focus']);
    // Still described by the message while focused (Orca reads it late).
    expect(b.getAttribute('aria-describedby')).toBe(ECHO_ID);
    document.getElementById('other')!.focus();
    expect(b.getAttribute('aria-describedby')).toBe('left');
  });

  it('keeps the caret of a text field where it was', () => {
    const input = document.getElementById('i') as HTMLInputElement;
    input.focus();
    input.setSelectionRange(3, 3);
    announce('Character 6 (“8”) can’t be in a key.');
    runFrames(6);
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([3, 3]);
    expect(input.hasAttribute('role')).toBe(false);
  });

  it('runs one re-presentation at a time and says the newest message', () => {
    const input = document.getElementById('i') as HTMLInputElement;
    input.focus();
    const focusEvents: string[] = [];
    input.addEventListener('focus', () => focusEvents.push('focus'));
    announce('This key is too short.');
    runFrames(3);
    announce('Character 6 (“8”) can’t be in a key.');
    runFrames(8);
    syncEcho();
    expect(focusEvents).toEqual(['focus']);
    expect(document.getElementById(ECHO_ID)!.textContent).toBe('Character 6 (“8”) can’t be in a key.');
    expect(input.getAttribute('aria-describedby')).toBe(ECHO_ID);
    expect(input.hasAttribute('role')).toBe(false);
  });

  it('leaves a control alone when focus moved on before its turn', () => {
    const b = document.getElementById('b')!;
    b.focus();
    announce('Copied.');
    runFrames(4);
    document.getElementById('other')!.focus();
    runFrames(2);
    expect(b.hasAttribute('role')).toBe(false);
    expect(b.getAttribute('aria-describedby')).toBe('left');
    expect(document.activeElement).toBe(document.getElementById('other'));
  });
});
