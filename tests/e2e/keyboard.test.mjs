// The whole job by keyboard alone (WebDriver key presses, no pointer event):
// unlock (a wrong PIN first), add by key, copy, copy the next account, lock,
// unlock, settings, use a backup code, print and "Open to print", delete
// with confirmation. After each step focus is on a control that has a name,
// both in the page and as assistive technology receives it (AT-SPI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  atspi,
  eventually,
  freshProfile,
  launchApp,
  oathtoolCodes,
  readClipboard,
  screenshot,
  startA11yBus,
  tesseraCli,
} from './harness.mjs';

const PIN = '482916';
const CLINIC = 'JBSWY3DPEHPK3PXP';
const MAIL = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const profile = freshProfile('keyboard', { clipboardSeconds: 0 });
let app;
let browser;
let stopBus = () => {};
const $ = (id) => browser.$(`[data-testid="${id}"]`);

before(async () => {
  stopBus = await startA11yBus();
  tesseraCli(['add', '--issuer', 'Clinic Booking', '--account', 'frontdesk@clinic.example', '--secret', CLINIC], profile.env);
  tesseraCli(['backup-codes', 'set', 'Clinic'], profile.env, '1234-5678\n1111-2222\n3333-4444\n');
  tesseraCli(['set-pin', '--pin-stdin'], profile.env, `${PIN}\n${PIN}\n`);
  app = await launchApp(profile.env);
  browser = app.browser;
});
after(async () => {
  await app?.stop();
  stopBus();
});

/** The focused element: its test id and its accessible name (as far as the page tells). */
const active = () =>
  browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { testid: null, name: '', tag: el?.tagName ?? null };
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ||
      (labelled && document.getElementById(labelled)?.textContent) ||
      (el.labels && el.labels[0]?.textContent) ||
      el.textContent ||
      '';
    return { testid: el.getAttribute('data-testid'), name: name.replace(/\s+/g, ' ').trim(), tag: el.tagName };
  });

/** Focus is on a named control, in the page and over AT-SPI. Returns the page's view of it. */
async function focusNamed(step, expect = null) {
  const el = await eventually(async () => {
    const a = await active();
    return a.name && (!expect || expect(a)) && a;
  }, `after ${step}, focus is not on a named control${expect ? ' of the kind expected' : ''}`);
  const heard = await eventually(() => {
    const f = atspi('dump').filter((n) => n.focused).pop();
    return f && f.name.trim() && f;
  }, `after ${step}, assistive technology has no named focus`);
  console.log(`[keyboard] ${step}: focus on ${heard.role} "${heard.name}"`);
  return el;
}

/** Presses Tab until `match(active)` holds (at most `max` times). */
async function tabTo(match, what, max = 40) {
  for (let i = 0; i < max; i++) {
    if (match(await active())) return;
    await browser.keys(['Tab']);
  }
  throw new Error(`Tab never reached ${what} (now on ${JSON.stringify(await active())})`);
}

const liveText = () => browser.execute(() => document.querySelector('[data-testid="live"]')?.textContent ?? '');

async function says(step, pattern) {
  const text = await eventually(async () => {
    const t = (await liveText()).trim();
    return pattern.test(t) && t;
  }, `after ${step}, the live region did not say ${pattern}`);
  return text.trim();
}

/** Types into the focused element (WebDriver's element send keys: key presses, no pointer). */
async function typeText(text) {
  const el = await browser.$(() => document.activeElement);
  await el.addValue(text);
}

async function unlock(step) {
  await (await $('pin-input')).waitForDisplayed({ timeout: 60000 });
  await focusNamed(`${step}: lock screen`, (a) => a.testid === 'pin-input');
  await typeText(PIN);
  await browser.keys(['Enter']);
  await (await $('account-list')).waitForDisplayed({ timeout: 60000 });
  await says(step, /^Unlocked\./);
  await focusNamed(`${step}: unlocked`, (a) => a.testid === 'copy-button');
}

test('unlock by keyboard, a wrong PIN first', async () => {
  await (await $('pin-input')).waitForDisplayed({ timeout: 60000 });
  await focusNamed('start', (a) => a.testid === 'pin-input');
  await typeText('000000');
  await browser.keys(['Enter']);
  await says('a wrong PIN', /^Wrong PIN \(1 wrong try\)\. 4 tries left/);
  await focusNamed('a wrong PIN', (a) => a.testid === 'pin-input');
  await unlock('unlock');
});

test('add an account by key', async () => {
  await browser.keys(['Control', 'n']);
  await (await $('add-dialog')).waitForDisplayed({ timeout: 30000 });
  await focusNamed('Ctrl+N');
  await tabTo((a) => a.testid === 'add-issuer', 'the issuer field');
  await typeText('Front Desk Mail');
  await browser.keys(['Tab']);
  await typeText('desk@clinic.example');
  await browser.keys(['Tab']);
  await typeText(MAIL.toLowerCase());
  await (await $('add-preview-code')).waitForDisplayed({ timeout: 30000 });
  await browser.keys(['Enter']);
  await (await $('add-dialog')).waitForDisplayed({ reverse: true, timeout: 30000 });
  await says('adding', /^Account added\./);
  await focusNamed('adding', (a) => a.testid === 'copy-button' && a.name.startsWith('Front Desk Mail'));
  await screenshot(browser, 'keyboard-added');
});

test('copy, then copy the next account', async () => {
  const first = await active();
  await browser.keys(['Enter']);
  // "Copied. …", or the next code with 3 s or less left in the period.
  await says('copy', /\bcopied\b/i);
  const copied = await eventually(() => readClipboard().trim(), 'nothing copied');
  const key = first.name.startsWith('Clinic') ? CLINIC : MAIL;
  assert.ok(oathtoolCodes(key).includes(copied), `copied ${copied}`);
  await focusNamed('copy', (a) => a.testid === 'copy-button');
  await browser.keys(['Home']);
  const top = await focusNamed('Home', (a) => a.testid === 'copy-button');
  await browser.keys(['ArrowDown']);
  const second = await focusNamed('↓', (a) => a.testid === 'copy-button' && a.name !== top.name);
  await browser.keys(['Enter']);
  const other = second.name.startsWith('Clinic') ? CLINIC : MAIL;
  await eventually(() => oathtoolCodes(other).includes(readClipboard().trim()), 'the next account was not copied');
  await focusNamed('copy next', (a) => a.testid === 'copy-button');
});

test('lock with Ctrl+L and unlock', async () => {
  await browser.keys(['Control', 'l']);
  await unlock('lock, unlock');
});

test('settings: save by keyboard, focus stays on Save', async () => {
  await browser.keys(['Control', ',']);
  await (await $('settings-dialog')).waitForDisplayed({ timeout: 30000 });
  await focusNamed('Ctrl+,');
  await tabTo((a) => a.testid === 'settings-save', 'Save');
  await browser.keys(['Enter']);
  await says('Settings → Save', /^Settings saved\./);
  await focusNamed('Settings → Save', (a) => a.testid === 'settings-save');
  await browser.keys(['Escape']);
  await (await $('settings-dialog')).waitForDisplayed({ reverse: true, timeout: 30000 });
  await focusNamed('closing settings');
});

async function openEdit(issuer) {
  await browser.keys(['Home']);
  await tabTo((a) => a.testid === 'edit-account' && a.name.startsWith(`Edit ${issuer}`), `Edit ${issuer}`);
  await browser.keys(['Enter']);
  await (await $('edit-dialog')).waitForDisplayed({ timeout: 30000 });
  await focusNamed(`Edit ${issuer}`);
}

test('use a backup code, then print the sheet and reach "Open to print"', async () => {
  await openEdit('Clinic Booking');
  await tabTo((a) => a.testid === 'open-backup-codes', 'Backup codes…');
  await browser.keys(['Enter']);
  await (await $('backup-dialog')).waitForDisplayed({ timeout: 30000 });
  await tabTo((a) => a.testid === 'mark-used', 'Mark used');
  await browser.keys(['Enter']);
  await says('Mark used', /marked used\. 2 of 3 codes unused\./);
  await focusNamed('Mark used', (a) => a.testid === 'mark-used');

  await tabTo((a) => a.name === 'Print backup sheet…', 'Print backup sheet…');
  await browser.keys(['Enter']);
  await (await $('print-dialog')).waitForDisplayed({ timeout: 30000 });
  await tabTo((a) => a.testid === 'print-save', 'Save PDF…');
  await browser.keys(['Enter']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-kbd-sheet-'));
  const target = path.join(dir, 'sheet.pdf');
  const win = await eventually(() => {
    try {
      return execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'Save backup sheet']).toString().trim().split('\n')[0];
    } catch {
      return '';
    }
  }, 'no save dialog appeared');
  execFileSync('xdotool', ['windowfocus', '--sync', win]);
  execFileSync('xdotool', ['key', '--window', win, 'ctrl+a']);
  execFileSync('xdotool', ['type', '--window', win, '--delay', '20', target]);
  execFileSync('xdotool', ['key', '--window', win, 'Return']);
  const said = await says('saving the PDF', /^Saved 1 page to .*Open to print is next\./);
  console.log(`[keyboard] live region after saving: "${said}"`);
  assert.ok(existsSync(target));
  rmSync(dir, { recursive: true, force: true });
  await focusNamed('the save dialog', (a) => a.testid === 'print-open' && a.name === 'Open to print');
  const before = await liveText();
  await browser.keys(['Enter']);
  // Opened in a PDF viewer, or told why not (none installed): either is heard.
  await eventually(async () => (await liveText()) !== before, '"Open to print" said nothing');
  await browser.keys(['Escape']);
  await (await $('print-dialog')).waitForDisplayed({ reverse: true, timeout: 30000 });
});

test('delete with confirmation; focus goes to the next account', async () => {
  await openEdit('Front Desk Mail');
  await tabTo((a) => a.testid === 'delete-account', 'Delete account…');
  await browser.keys(['Enter']);
  await (await $('confirm-delete')).waitForDisplayed({ timeout: 30000 });
  const title = await (await $('confirm-delete')).$('h2').getText();
  assert.equal(title, 'Delete Front Desk Mail (desk@clinic.example)?');
  await focusNamed('Delete account…');
  await tabTo((a) => a.testid === 'confirm-delete-button', 'Delete');
  assert.equal((await active()).name, 'Delete Front Desk Mail (desk@clinic.example)');
  await browser.keys(['Enter']);
  await says('deleting', /^Front Desk Mail \(desk@clinic\.example\) deleted\./);
  await focusNamed('deleting', (a) => a.testid === 'copy-button' && a.name.startsWith('Clinic Booking'));
  assert.equal((await browser.$$('[data-testid="account-row"]')).length, 1);
});
