// One polite live region for every result the app reports (copied, wrong PIN,
// account added, settings saved, PDF saved, no match…). It is always rendered
// (App.svelte), so screen readers see its text change rather than a region
// appearing already filled; the same message twice still changes the text
// (a trailing no-break space comes and goes), so it is heard again.
//
// Orca on WebKitGTK (Linux) hears none of that: WebKitGTK sends no AT-SPI
// event when a live region's text, an element's name or its description
// changes, and Orca's WebKitGTK script has no live-region support. What Orca
// does present is focus arriving on an object other than the one it last
// presented. So on Linux a message is also "echoed" at the control that has
// focus once the page has settled: the control is described by a plain
// hidden text holding the message (WebKitGTK takes no description from a
// live region, nor from aria-description), its role changes for two frames
// (WebKit then gives it a new accessible object), and it is focused again. Orca then says the control and
// the message ("Clinic Booking, …, code 1 2 3 4 5 6 push button. Copied…"),
// as it would for a control the user just moved to. The control's own
// description comes back when focus leaves it. Measured with Orca 43.1 and
// WebKitGTK 2.4x (tests/e2e/orca.test.mjs reads Orca's speech log).

export const live = $state({ text: '', echo: '' });
/** The echoed message's element id (App.svelte renders `live.echo` in it). */
export const ECHO_ID = 'echo-text';
let flip = false;

/** WebKitGTK, the webview on Linux; WebView2 and WKWebView read live regions. */
const echoes = typeof navigator !== 'undefined' && /Linux/i.test(navigator.userAgent) && !/Android/i.test(navigator.userAgent);

/** Says `message` to screen readers: the live region, and on Linux an echo at the focused control. */
export function announce(message: string) {
  flip = !flip;
  live.text = flip ? message : `${message}\u00a0`;
  if (echoes) afterPaint(() => echoAtFocus(message));
}

function afterPaint(run: () => void) {
  // Two animation frames: the caller's own focus move (after Svelte's tick)
  // and WebKit's accessibility tree have both caught up by then.
  requestAnimationFrame(() => requestAnimationFrame(run));
}

/** The control being re-presented, with its own description and role to put back. */
let echo: { el: HTMLElement; describedBy: string | null; role: string | null; inFlight: boolean } | null = null;

function setOrRemove(el: HTMLElement, name: string, value: string | null) {
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}

/** Gives the echoed control back its own description (when focus leaves it, or another is echoed). */
function restoreEcho() {
  if (!echo) return;
  echo.el.removeEventListener('blur', restoreEcho);
  setOrRemove(echo.el, 'aria-describedby', echo.describedBy);
  setOrRemove(echo.el, 'role', echo.role);
  echo = null;
}

function echoAtFocus(message: string) {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body || !document.getElementById(ECHO_ID)) return;
  if (echo?.el !== el) {
    restoreEcho();
    echo = { el, describedBy: el.getAttribute('aria-describedby'), role: el.getAttribute('role'), inFlight: false };
  }
  const current = echo;
  if (!current) return;
  live.echo = message;
  // One re-presentation at a time: one still under way says the newest message.
  if (current.inFlight) return;
  current.inFlight = true;
  el.removeEventListener('blur', restoreEcho);
  el.setAttribute('aria-describedby', ECHO_ID);
  // The description first, the role two frames later, as measured to work
  // (tests/e2e/keyboard.test.mjs reads what Orca says).
  afterPaint(() => {
    if (echo !== current) return;
    el.setAttribute('role', 'link');
    afterPaint(() => refocus(el, current));
  });
}

function refocus(el: HTMLElement, current: NonNullable<typeof echo>) {
  if (echo !== current) return;
  current.inFlight = false;
  setOrRemove(el, 'role', current.role);
  if (document.activeElement !== el) {
    restoreEcho();
    return;
  }
  const field = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
  const start = field?.selectionStart ?? null;
  const end = field?.selectionEnd ?? null;
  // Not restored by this blur (an earlier echo at the same control listens).
  el.removeEventListener('blur', restoreEcho);
  el.blur();
  el.focus({ preventScroll: true });
  // Listened for only now, so that the blur just above does not restore it.
  el.addEventListener('blur', restoreEcho);
  if (field && start !== null && end !== null) {
    try {
      field.setSelectionRange(start, end);
    } catch {
      // Inputs without a selection (number, email) keep theirs.
    }
  }
}
