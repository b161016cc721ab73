// The front desk, all day, in the real app on a 1366×768 screen: 15 practice
// accounts at a glance (compact and default density), group chips, the search
// cleared after a copy, Shift+Enter copies the next code (= oathtool's next),
// Ctrl+N puts the cursor in the Service field, a key with a character missing
// is refused, an unusual length warns, a pasted bare key opens the add form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freshProfile, launchApp, screenshot } from './harness.mjs';

const cli = path.join(path.dirname(process.env.TESSERA_APP_BIN ?? ''), 'tessera');
const profile = freshProfile('frontdesk');
const GROUPS = { Insurers: 5, Suppliers: 5, Booking: 2, '': 3 };
const UNGROUPED = ['Microsoft 365', 'github.com', 'Xero'];
// Distinct 32-character keys; the first is compared with oathtool.
const keyOf = (i) => `JBSWY3DPEHPK3PXP${'ABCDEFGHIJKLMNOP'.slice(0, 14)}${String.fromCharCode(65 + i)}A`;
const accounts = [];
let app;
let browser;
let xvfb;

/** A private Xvfb of the front desk's size; resolves to its display name. */
function startXvfb(size) {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xvfb-'));
    const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${size}x24`, '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    let out = '';
    child.stdio[3].on('data', (d) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => (child.kill(), rmSync(dir, { recursive: true, force: true })) });
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
}

/** The clipboard's text on the test's own display. */
function readClipboard() {
  try {
    return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { timeout: 5000, env: { ...process.env, DISPLAY: xvfb.display } }).toString();
  } catch {
    return '';
  }
}

function writeClipboard(text) {
  execFileSync('xclip', ['-selection', 'clipboard'], { input: text, env: { ...process.env, DISPLAY: xvfb.display }, stdio: ['pipe', 'ignore', 'ignore'] });
}

/** TOTP codes for `key` at the given Unix seconds, from oathtool. */
function oathtoolAt(key, seconds) {
  return execFileSync('oathtool', ['--totp', '-b', `--now=@${seconds}`, key]).toString().trim();
}

const rows = () =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="account-row"]')].map((row) => {
      const r = row.getBoundingClientRect();
      return {
        issuer: row.querySelector('[data-testid="account-issuer"]')?.textContent?.trim(),
        code: row.querySelector('[data-testid="account-code"]')?.getAttribute('data-code') ?? null,
        top: r.top,
        bottom: r.bottom,
        left: r.left,
        inView: r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth,
      };
    }),
  );

before(async () => {
  let i = 0;
  for (const [group, n] of Object.entries(GROUPS)) {
    for (let j = 0; j < n; j++, i++) {
      // The accounts in no group are services with a bundled icon (and Xero, without one).
      const issuer = group ? `${group} ${j + 1}` : UNGROUPED[j];
      accounts.push({ issuer, key: keyOf(i), group });
      const args = ['add', '--uri', `otpauth://totp/${encodeURIComponent(issuer)}:desk?secret=${keyOf(i)}&issuer=${encodeURIComponent(issuer)}`];
      execFileSync(cli, args, { env: { ...process.env, ...profile.env }, stdio: ['ignore', 'ignore', 'inherit'] });
      if (group) {
        execFileSync(cli, ['rename', issuer, '--tags', group], { env: { ...process.env, ...profile.env }, stdio: ['ignore', 'ignore', 'inherit'] });
      }
    }
  }
  xvfb = await startXvfb('1366x768');
  app = await launchApp({ ...profile.env, DISPLAY: xvfb.display });
  browser = app.browser;
  await browser.setWindowRect(0, 0, 1366, 768);
  await eventually(async () => (await rows()).length === 15 && (await rows()).every((r) => r.code), 'the list did not show 15 codes');
});

after(async () => {
  await app?.stop();
  xvfb?.stop();
});

async function setDensity(density) {
  await (await browser.$('[data-testid="settings-button"]')).click();
  await (await browser.$(`[data-testid="density-${density}"]`)).click();
  await (await browser.$('[data-testid="settings-save"]')).click();
  await browser.keys(['Escape']);
  await eventually(async () => !(await browser.$('[data-testid="settings-dialog"]').isExisting()), 'settings stayed open');
}

test('at 1366×768 the default density shows at least 10 accounts', async () => {
  const inner = await browser.execute(() => [window.innerWidth, window.innerHeight]);
  assert.ok(inner[1] >= 700 && inner[0] >= 1300, `window is ${inner}`);
  const seen = (await rows()).filter((r) => r.inView).length;
  await screenshot(browser, 'frontdesk-comfortable');
  assert.ok(seen >= 10, `${seen} accounts in view`);
});

test('compact density shows all 15 accounts at once', async () => {
  await setDensity('compact');
  const all = await eventually(async () => {
    const r = await rows();
    return r.length === 15 && r.every((row) => row.inView) && r;
  }, 'not every account is in view in compact mode');
  await screenshot(browser, 'frontdesk-compact');
  // Two columns on a wide window.
  assert.ok(new Set(all.map((r) => Math.round(r.left))).size >= 2, 'one column only');
  // The next code's place is reserved in every time-based row.
  const reserved = await browser.execute(() => document.querySelectorAll('[data-testid="account-row"] .next').length);
  assert.equal(reserved, 15);
  // The seconds in the ring are readable at arm's length: bold, about 17 px.
  const seconds = await browser.execute(() => {
    const text = document.querySelector('[data-testid="countdown"] text');
    const style = text && getComputedStyle(text);
    return { height: text?.getBoundingClientRect().height ?? 0, weight: Number(style?.fontWeight ?? 0) };
  });
  assert.ok(seconds.height >= 16 && seconds.weight >= 700, `ring seconds: ${JSON.stringify(seconds)}`);
});

test('service icons: bundled brand icons by issuer, lettered tiles otherwise (no network)', async () => {
  const icons = await browser.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="account-row"]')].map((row) => {
        const tile = row.querySelector('[data-testid="service-icon"]');
        const path = tile?.querySelector('svg path');
        const box = (path ?? tile)?.getBoundingClientRect();
        return [
          row.querySelector('[data-testid="account-issuer"]')?.textContent?.trim(),
          { icon: tile?.getAttribute('data-icon'), text: tile?.textContent?.trim(), w: box?.width ?? 0, h: box?.height ?? 0 },
        ];
      }),
    ),
  );
  assert.equal(icons['Microsoft 365']?.icon, 'microsoft');
  assert.equal(icons['github.com']?.icon, 'github');
  assert.equal(icons['Xero']?.icon, 'letters:X');
  assert.equal(icons['Xero']?.text, 'X');
  assert.equal(icons['Insurers 1']?.icon, 'letters:I1');
  // The brand's path is drawn (a box of real size), not an empty element.
  for (const name of ['Microsoft 365', 'github.com']) assert.ok(icons[name].w >= 8 && icons[name].h >= 8, `${name}: ${JSON.stringify(icons[name])}`);
  // Nothing was fetched: every resource the page loaded is the app's own.
  const foreign = await browser.execute(() =>
    performance.getEntriesByType('resource').map((e) => e.name).filter((u) => !/^(tauri|asset|ipc|http:\/\/(tauri|ipc)\.localhost)/.test(u)),
  );
  assert.deepEqual(foreign, []);
});

test('group chips filter the list', async () => {
  const names = await browser.execute(() => [...document.querySelectorAll('[data-testid="group-chip"]')].map((c) => c.textContent.trim()));
  assert.deepEqual(names, ['Booking', 'Insurers', 'Suppliers']);
  const insurers = await browser.$('[data-testid="group-chip"]=Insurers');
  await insurers.click();
  await eventually(async () => (await rows()).length === 5, 'the Insurers chip did not filter');
  assert.ok((await rows()).every((r) => r.issuer.startsWith('Insurers')));
  await insurers.click();
  await eventually(async () => (await rows()).length === 15, 'clicking the chip again did not show all');
});

test('type, Enter copies the code and clears the search; Shift+Enter copies the next code', async () => {
  const target = accounts[0];
  const search = await browser.$('[data-testid="search"]');
  await search.click();
  await browser.keys([...'insurers 1']);
  await eventually(async () => (await rows()).length === 1, 'search did not narrow to one');
  const before = Math.floor(Date.now() / 1000);
  await browser.keys(['Enter']);
  const copied = await eventually(() => readClipboard().trim(), 'nothing copied');
  const after = Math.floor(Date.now() / 1000);
  // The current code, or the next when the copy fell in the last 3 seconds.
  const allowed = new Set([before, after, before + 30, after + 30].map((t) => oathtoolAt(target.key, t)));
  assert.ok(allowed.has(copied), `copied ${copied}, oathtool says ${[...allowed]}`);
  await eventually(async () => (await search.getValue()) === '', 'search not cleared after copy');

  writeClipboard('nothing');
  await search.click();
  await browser.keys([...'insurers 1']);
  await eventually(async () => (await rows()).length === 1, 'search did not narrow to one');
  const t0 = Math.floor(Date.now() / 1000);
  await browser.keys(['Shift', 'Enter', 'Shift']);
  const next = await eventually(() => {
    const c = readClipboard().trim();
    return c !== 'nothing' && c;
  }, 'Shift+Enter copied nothing');
  const t1 = Math.floor(Date.now() / 1000);
  const expected = new Set([t0 + 30, t1 + 30].map((t) => oathtoolAt(target.key, t)));
  assert.ok(expected.has(next), `Shift+Enter copied ${next}; oathtool's next is ${[...expected]}`);
  const toast = await browser.execute(() => document.body.innerText);
  assert.match(toast, /Next code copied/);
});

test('Ctrl+N puts the cursor in the Service field; a key missing a character is refused, an odd length warns', async () => {
  await browser.execute(() => document.activeElement?.blur());
  await browser.keys(['Control', 'n', 'Control']);
  await eventually(
    () => browser.execute(() => (document.activeElement?.getAttribute('data-testid') === 'add-issuer' ? true : `${document.activeElement?.tagName} ${document.activeElement?.getAttribute('data-testid')} ${!!document.querySelector('[data-testid="add-dialog"]')}`)).then((r) => r === true || (console.log(r), false)),
    'Ctrl+N did not focus the Service field',
    5000,
  );
  await browser.keys([...'Xero']);
  const key = await browser.$('[data-testid="add-key"]');
  // A 32-character key with its last character dropped.
  await key.setValue('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX');
  const problem = await eventually(async () => {
    const p = await browser.$('[data-testid="add-key-problem"]');
    return (await p.isExisting()) && (await p.getText());
  }, 'no problem shown for 31 characters');
  assert.match(problem, /last character does not fit/i);
  assert.equal(await (await browser.$('[data-testid="add-save"]')).isEnabled(), false);
  // 31 characters that decode cleanly: accepted, with the warning by the code.
  await key.setValue('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PA');
  const warning = await eventually(async () => {
    const w = await browser.$('[data-testid="add-key-length"]');
    return (await w.isExisting()) && (await w.getText());
  }, 'no length warning for 31 characters');
  assert.match(warning, /31 characters; keys are usually 32/);
  await screenshot(browser, 'frontdesk-key-warning');
  await browser.keys(['Escape']);
  await eventually(async () => !(await browser.$('[data-testid="add-dialog"]').isExisting()), 'add dialog stayed open');
});

test('a bare key pasted on the window opens the add form with the key filled in', async () => {
  writeClipboard('jbsw y3dp ehpk 3pxp');
  await browser.execute(() => document.activeElement?.blur());
  await browser.keys(['Control', 'v', 'Control']);
  const value = await eventually(async () => {
    const k = await browser.$('[data-testid="add-key"]');
    return (await k.isExisting()) && (await k.getValue());
  }, 'pasting a key did not open the add form');
  assert.equal(value, 'jbsw y3dp ehpk 3pxp');
  await browser.keys(['Escape']);
});

// The tray's grouping of every account is a unit test of the service
// (MenuGroups); the tray itself has no host under Xvfb.
