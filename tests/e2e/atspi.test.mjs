// What assistive technology actually receives, read over AT-SPI (the bus Orca
// reads on Linux) with tests/e2e/atspi.py, not what the markup says: each
// row's code, spelled out as `tessera code` prints it at that moment, with
// the issuer, the account and the time left; the HOTP code after "Next
// code"; the live region's text changing on every copy; a name on every
// button; and real Tab / Shift+Tab key presses (xdotool, so WebKitGTK's own
// Shift+Tab event) staying inside an open dialog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { atspi, eventually, freshProfile, launchApp, screenshot, startA11yBus, tesseraCli } from './harness.mjs';

const CLINIC = 'JBSWY3DPEHPK3PXP';
const STEAM = 'GEZDGNBVGY3TQOJQ';
const BANK = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const profile = freshProfile('atspi');
let app;
let browser;
let stopBus = () => {};

const spelled = (code) => code.split('').join(' ');
// The always-rendered polite region (its text is not trimmed: the same
// message twice differs by a trailing no-break space).
const liveRegion = (nodes) => nodes.find((n) => n.live === 'polite' && n.role === 'status bar' && !n.inDialog && !n.inList);
const focused = (nodes) => nodes.filter((n) => n.focused).pop();
const rowButton = (nodes, issuer) => nodes.find((n) => n.inList && n.role === 'push button' && n.name.startsWith(issuer));

before(async () => {
  stopBus = await startA11yBus();
  tesseraCli(['add', '--issuer', 'Clinic Booking', '--account', 'frontdesk@clinic.example', '--secret', CLINIC], profile.env);
  tesseraCli(['add', '--issuer', 'Steam', '--account', 'gamer', '--type', 'steam', '--secret', STEAM], profile.env);
  tesseraCli(['add', '--issuer', 'Bank', '--account', 'payroll', '--type', 'hotp', '--counter', '3', '--secret', BANK], profile.env);
  app = await launchApp(profile.env);
  browser = app.browser;
  await eventually(async () => (await browser.$$('[data-testid="account-code"]')).length === 2, 'the codes did not show');
});
after(async () => {
  await app?.stop();
  stopBus();
});

test('each row gives assistive technology its code digit by digit, with issuer, account and time left', async () => {
  const heard = await eventually(() => {
    // `tessera code` and the tree, read together; a code that turned over in
    // between is simply read again.
    const clinic = tesseraCli(['code', 'Clinic'], profile.env);
    const steam = tesseraCli(['code', 'Steam'], profile.env);
    const nodes = atspi('dump');
    const c = rowButton(nodes, 'Clinic Booking');
    const s = rowButton(nodes, 'Steam');
    if (!c || !s) return false;
    const ok =
      c.name === `Clinic Booking, frontdesk@clinic.example, code ${spelled(clinic)}` &&
      s.name === `Steam, gamer, code ${spelled(steam)}` &&
      /^\d+ seconds left\. /.test(c.description) &&
      /^\d+ seconds left\. /.test(s.description);
    return ok && { clinic: c, steam: s, steamCode: steam };
  }, 'the rows do not carry the codes `tessera code` prints', 60000);
  assert.match(heard.steamCode, /^[2-9BCDFGHJKMNPQRTVWXY]{5}$/);
  assert.ok(/[A-Z]/.test(heard.steamCode) ? heard.steam.name.includes(' ') : true);
  console.log(`AT-SPI row: push button "${heard.clinic.name}", description "${heard.clinic.description}"`);
  console.log(`AT-SPI row: push button "${heard.steam.name}", description "${heard.steam.description}"`);
});

test('"Next code" (HOTP): the code reaches the row and the live region', async () => {
  const before = atspi('dump');
  assert.match(rowButton(before, 'Bank').name, /^Bank, payroll, no code shown yet/);
  atspi('press', 'Next code for Bank (payroll)');
  // The first code of counter 3 (oathtool, the reference).
  const expected = execFileSync('oathtool', ['--hotp', '-b', '-c', '3', BANK]).toString().trim();
  const heard = await eventually(() => {
    const nodes = atspi('dump');
    const row = rowButton(nodes, 'Bank');
    const live = liveRegion(nodes);
    return row?.name === `Bank, payroll, code ${spelled(expected)}` && live?.text?.includes(spelled(expected)) && { row, live };
  }, 'the HOTP code did not reach assistive technology');
  console.log(`AT-SPI after Next code: push button "${heard.row.name}"; live region "${heard.live.text.trim()}"`);
});

test('one polite live region is always there, and its text changes on every copy', async () => {
  const nodes = atspi('dump');
  const live = liveRegion(nodes);
  assert.ok(live, 'no live region in the tree before anything happened');
  const clinic = rowButton(nodes, 'Clinic Booking');
  let last = live.text ?? '';
  for (let i = 0; i < 2; i++) {
    atspi('press', clinic.name);
    last = await eventually(() => {
      const now = liveRegion(atspi('dump'))?.text ?? '';
      // "Copied. …", or, with 3 s or less left in the period, "The code was
      // about to change: the next code was copied …".
      return now !== last && /\bcopied\b/i.test(now) && now;
    }, `copy ${i + 1} did not change the live region's text`);
  }
  console.log(`AT-SPI live region after copy: "${last.trim()}"`);
});

function unnamedButtons(nodes) {
  return nodes.filter((n) => /button/.test(n.role) && !n.name.trim()).map((n) => `${n.role} <${n.tag}> ${n.text ?? ''}`);
}

function appWindow() {
  return eventually(() => {
    try {
      return execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^Tessera$']).toString().trim().split('\n')[0];
    } catch {
      return '';
    }
  }, 'no Tessera window on the X display');
}

test('every button has a name, on the list and in the dialogs', async () => {
  assert.deepEqual(unnamedButtons(atspi('dump')), [], 'list');
  for (const [open, dialog] of [
    [['Control', 'n'], 'add-dialog'],
    [['Control', ','], 'settings-dialog'],
    [['Control', 'p'], 'print-dialog'],
  ]) {
    await browser.keys(open);
    await (await browser.$(`[data-testid="${dialog}"]`)).waitForDisplayed({ timeout: 30000 });
    const nodes = await eventually(() => {
      const n = atspi('dump');
      return n.some((x) => x.inDialog) && n;
    }, `${dialog} is not in the tree`);
    assert.deepEqual(unnamedButtons(nodes), [], dialog);
    await browser.keys(['Escape']);
    await (await browser.$(`[data-testid="${dialog}"]`)).waitForDisplayed({ reverse: true, timeout: 30000 });
  }
});

test('Tab and Shift+Tab (real key presses) stay inside an open dialog', async () => {
  await browser.keys(['Control', 'n']);
  await (await browser.$('[data-testid="add-dialog"]')).waitForDisplayed({ timeout: 30000 });
  await screenshot(browser, 'atspi-add-dialog');
  const win = await appWindow();
  execFileSync('xdotool', ['windowfocus', '--sync', win]);
  const seen = new Set();
  for (const key of ['Tab', 'shift+Tab']) {
    for (let i = 0; i < 14; i++) {
      const before = focused(atspi('dump'));
      execFileSync('xdotool', ['key', '--window', win, key]);
      // Wait for focus to move (or settle), then check where it is.
      const now = await eventually(() => {
        const f = focused(atspi('dump'));
        return f && (f.name !== before?.name || f.role !== before?.role || f.text !== before?.text) && f;
      }, `${key} #${i + 1} did not move focus (from ${before?.role} "${before?.name}")`);
      assert.ok(now.inDialog, `${key} #${i + 1} left the dialog: focus on ${now.role} "${now.name}"`);
      seen.add(`${now.role}:${now.name}`);
    }
  }
  assert.ok(seen.size >= 4, `focus went round only ${[...seen].join(', ')}`);
  await browser.keys(['Escape']);
});
