// The whole job by keyboard alone (WebDriver key presses, no pointer event):
// unlock (a wrong PIN first), add by key, copy, copy the next account, lock,
// unlock, settings, use a backup code, print and "Open to print", delete
// with confirmation. After each step focus is on a control that has a name,
// both in the page and as assistive technology receives it (AT-SPI), and
// Orca itself (running throughout, its speech read from its debug log) says
// the row with its code, every copy, the wrong PIN and the saved PDF.
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
  saveInDialog,
  startA11yBus,
  startOrca,
  tesseraCli,
} from './harness.mjs';

const PIN = '482916';
const CLINIC = 'JBSWY3DPEHPK3PXP';
const MAIL = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const profile = freshProfile('keyboard', { clipboardSeconds: 0 });
let app;
let browser;
let stopBus = () => {};
let orca;
const $ = (id) => browser.$(`[data-testid="${id}"]`);

before(async () => {
  stopBus = await startA11yBus();
  orca = await startOrca();
  tesseraCli(['add', '--issuer', 'Clinic Booking', '--account', 'frontdesk@clinic.example', '--secret', CLINIC], profile.env);
  tesseraCli(['backup-codes', 'set', 'Clinic'], profile.env, '1234-5678\n1111-2222\n3333-4444\n');
  tesseraCli(['set-pin', '--pin-stdin'], profile.env, `${PIN}\n${PIN}\n`);
  app = await launchApp(profile.env);
  browser = app.browser;
});
after(async () => {
  await app?.stop();
  await orca?.stop();
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

/** What Orca said after `from` that matches `pattern`, shown in the test's output. */
async function orcaSays(step, pattern, from) {
  const heard = await orca.hears(step, pattern, from);
  // Everything Orca said from the key press up to the match, for the record.
  const said = orca.said().slice(from);
  console.log(`[orca] ${step}: ${said.slice(0, said.indexOf(heard) + 1).map((s) => `"${s}"`).join(' ')}`);
  return heard;
}

const spelled = (code) => code.split('').join(' ');

async function says(step, pattern) {
  try {
    const text = await eventually(async () => {
      const t = (await liveText()).trim();
      return pattern.test(t) && t;
    }, `after ${step}, the live region did not say ${pattern}`);
    return text.trim();
  } catch (err) {
    // What the window shows instead, for the record.
    const seen = await browser.execute(() => ({
      live: document.querySelector('[data-testid="live"]')?.textContent ?? null,
      errors: [...document.querySelectorAll('.error, [role="alert"]')].map((e) => e.textContent?.trim()).filter(Boolean),
      screen: document.querySelector('[data-testid="lock-screen"]') ? 'locked' : 'main',
    }));
    await screenshot(browser, `keyboard-failed-${step.replace(/\W+/g, '-')}`);
    throw new Error(`${err.message}; the window shows ${JSON.stringify(seen)}`);
  }
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
  const from = orca.mark();
  await browser.keys(['Enter']);
  await (await $('account-list')).waitForDisplayed({ timeout: 60000 });
  await says(step, /^Unlocked\./);
  await orcaSays(step, /Unlocked\./, from);
  await focusNamed(`${step}: unlocked`, (a) => a.testid === 'copy-button');
}

test('unlock by keyboard, a wrong PIN first', async () => {
  await (await $('pin-input')).waitForDisplayed({ timeout: 60000 });
  await focusNamed('start', (a) => a.testid === 'pin-input');
  await typeText('000000');
  const from = orca.mark();
  await browser.keys(['Enter']);
  await says('a wrong PIN', /^Wrong PIN \(1 wrong try\)\. 4 tries left/);
  await focusNamed('a wrong PIN', (a) => a.testid === 'pin-input');
  await orcaSays('a wrong PIN', /Wrong PIN \(1 wrong try\)\. 4 tries left/, from);
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
  // A typo first (an 8, which base32 has not): heard with its position.
  const typo = orca.mark();
  await typeText(`${MAIL.slice(0, 5).toLowerCase()}8`);
  await orcaSays('a mistyped key', /Character 6 \(“8”\) can’t be in a key/, typo);
  await browser.keys(['Backspace']);
  await eventually(async () => (await active()).testid === 'add-key', 'focus left the key field');
  assert.equal(await (await $('add-key')).getValue(), MAIL.slice(0, 5).toLowerCase(), 'the echo moved the caret or lost a key');
  await typeText(MAIL.slice(5).toLowerCase());
  await (await $('add-preview-code')).waitForDisplayed({ timeout: 30000 });
  const from = orca.mark();
  await browser.keys(['Enter']);
  await (await $('add-dialog')).waitForDisplayed({ reverse: true, timeout: 30000 });
  await says('adding', /^Account added\./);
  await orcaSays('adding', /Account added\./, from);
  await focusNamed('adding', (a) => a.testid === 'copy-button' && a.name.startsWith('Front Desk Mail'));
  await screenshot(browser, 'keyboard-added');
});

test('copy, then copy the next account', async () => {
  const first = await active();
  const from = orca.mark();
  await browser.keys(['Enter']);
  // "Copied. …", or the next code with 3 s or less left in the period.
  await says('copy', /\bcopied\b/i);
  const copied = await eventually(() => readClipboard().trim(), 'nothing copied');
  const key = first.name.startsWith('Clinic') ? CLINIC : MAIL;
  assert.ok(oathtoolCodes(key).includes(copied), `copied ${copied}`);
  await focusNamed('copy', (a) => a.testid === 'copy-button');
  await orcaSays('copy', /\bcopied\b/i, from);
  await browser.keys(['Home']);
  const top = await focusNamed('Home', (a) => a.testid === 'copy-button');
  const down = orca.mark();
  await browser.keys(['ArrowDown']);
  const second = await focusNamed('↓', (a) => a.testid === 'copy-button' && a.name !== top.name);
  // The row as Orca says it: issuer, account, and the code digit by digit,
  // one of the codes oathtool gives for now.
  const [issuer, secondKey] = second.name.startsWith('Clinic') ? ['Clinic Booking', CLINIC] : ['Front Desk Mail', MAIL];
  const row = await orcaSays('↓ (a row)', new RegExp(`^${issuer}, .*, code \\d( \\d){5} push button`), down);
  assert.ok(oathtoolCodes(secondKey).some((c) => row.includes(`code ${spelled(c)}`)), `Orca said ${row}`);
  await browser.keys(['Enter']);
  const other = second.name.startsWith('Clinic') ? CLINIC : MAIL;
  await eventually(() => oathtoolCodes(other).includes(readClipboard().trim()), 'the next account was not copied');
  await focusNamed('copy next', (a) => a.testid === 'copy-button');
});

test('a search that matches nothing is heard, and typing goes on where it was', async () => {
  await browser.keys(['Control', 'f']);
  await focusNamed('Ctrl+F', (a) => a.testid === 'search');
  const from = orca.mark();
  await typeText('zq');
  await orcaSays('a search with no match', /No account matches “zq”/, from);
  // The echo re-focused the field: the caret is still at the end.
  await typeText('x');
  assert.equal(await (await $('search')).getValue(), 'zqx');
  await browser.keys(['Escape']);
  await eventually(async () => (await (await $('search')).getValue()) === '', 'Escape did not clear the search');
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
  const from = orca.mark();
  await browser.keys(['Enter']);
  await says('Settings → Save', /^Settings saved\./);
  await orcaSays('Settings → Save', /Settings saved\./, from);
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
  const marking = orca.mark();
  await browser.keys(['Enter']);
  await says('Mark used', /marked used\. 2 of 3 codes unused\./);
  await orcaSays('Mark used', /marked used\. 2 of 3 codes unused\./, marking);
  await focusNamed('Mark used', (a) => a.testid === 'mark-used');

  await tabTo((a) => a.name === 'Print backup sheet…', 'Print backup sheet…');
  await browser.keys(['Enter']);
  await (await $('print-dialog')).waitForDisplayed({ timeout: 30000 });
  await tabTo((a) => a.testid === 'print-save', 'Save PDF…');
  await browser.keys(['Enter']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-kbd-sheet-'));
  const target = path.join(dir, 'sheet.pdf');
  const saving = orca.mark();
  await saveInDialog('Save backup sheet', target);
  const said = await says('saving the PDF', /^Saved 1 page to .*Open to print is next\./);
  await orcaSays('saving the PDF', /Saved 1 page to .*sheet\.pdf/, saving);
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
  const from = orca.mark();
  await browser.keys(['Enter']);
  await says('deleting', /^Front Desk Mail \(desk@clinic\.example\) deleted\./);
  await orcaSays('deleting', /Front Desk Mail \(desk@clinic\.example\) deleted\./, from);
  await focusNamed('deleting', (a) => a.testid === 'copy-button' && a.name.startsWith('Clinic Booking'));
  assert.equal((await browser.$$('[data-testid="account-row"]')).length, 1);
});
