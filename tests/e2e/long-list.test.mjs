// A long account list in the real app: only the rows near the view are in the
// page (WebKit keeps every row's boxes in memory), yet every account can be
// reached by scrolling, by the keyboard and by search, and screen readers are
// told each row's place in the whole list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { eventually, freshProfile, launchApp, oathtoolCodes, screenshot } from './harness.mjs';

const COUNT = 90;
const LAST_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const profile = freshProfile('long-list');
const cli = path.join(path.dirname(process.env.TESSERA_APP_BIN ?? ''), 'tessera');
const label = (i) => `Practice ${String(i).padStart(3, '0')}`;
let app;
let browser;

before(async () => {
  for (let i = 1; i <= COUNT; i++) {
    // Distinct keys; the last one is known, to compare with oathtool.
    const key = i === COUNT ? LAST_KEY : `JBSWY3DPEHPK3PXPABCD${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}QQ`;
    execFileSync(cli, ['add', '--uri', `otpauth://totp/${encodeURIComponent(label(i))}:desk${i}?secret=${key}&issuer=${encodeURIComponent(label(i))}`], {
      env: { ...process.env, ...profile.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  app = await launchApp(profile.env);
  browser = app.browser;
});
after(async () => {
  await app?.stop();
});

const rendered = () =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="account-row"]')].map((row) => ({
      issuer: row.querySelector('[data-testid="account-issuer"]')?.textContent?.trim(),
      pos: Number(row.getAttribute('aria-posinset')),
      size: Number(row.getAttribute('aria-setsize')),
      code: row.querySelector('[data-testid="account-code"]')?.getAttribute('data-code') ?? null,
      visible: (() => {
        const r = row.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      })(),
      selected: row.getAttribute('aria-current') === 'true',
    })),
  );

test('only the rows near the view are in the page, each with its place in the whole list', async () => {
  const rows = await eventually(async () => {
    const r = await rendered();
    return r.length > 0 && r.every((row) => row.code) && r;
  }, 'no codes in the list', 20000);
  assert.ok(rows.length < COUNT / 2, `${rows.length} of ${COUNT} rows are in the page`);
  assert.equal(rows[0].issuer, label(1));
  assert.deepEqual(
    rows.map((r) => [r.pos, r.size]),
    rows.map((_, i) => [i + 1, COUNT]),
  );
  // The page is as tall as the whole list, so the scroll bar tells the truth.
  const tall = await browser.execute(() => document.documentElement.scrollHeight / window.innerHeight);
  assert.ok(tall > COUNT / 15, `page is ${tall} windows tall`);
  await screenshot(browser, 'long-list-top');
});

test('scrolling to the end shows the last account with its code', async () => {
  await browser.execute(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const rows = await eventually(async () => {
    const r = await rendered();
    return r.some((row) => row.issuer === label(COUNT) && row.visible && row.code) && r;
  }, 'the last account did not appear');
  assert.ok(!rows.some((r) => r.issuer === label(1)), 'the first row is still in the page');
  const last = rows.find((r) => r.issuer === label(COUNT));
  assert.equal(last.pos, COUNT);
  assert.ok(oathtoolCodes(LAST_KEY).includes(last.code), 'last code differs from oathtool');
  await screenshot(browser, 'long-list-end');
});

test('the keyboard (↑/↓, Home/End) reaches a row that was not in the page', async () => {
  await browser.execute(() => window.scrollTo(0, 0));
  await eventually(async () => (await rendered()).some((r) => r.issuer === label(1) && r.visible), 'back at the top');
  // Nothing selected: ↑ selects the last account, far below the view.
  await browser.execute(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await browser.keys(['ArrowUp']);
  await eventually(async () => (await rendered()).some((r) => r.issuer === label(COUNT) && r.selected && r.visible), 'the last row was not brought into view');
  // Focus moves with the choice, so a screen reader reads the row.
  await eventually(
    () => browser.execute(() => document.activeElement?.closest('[data-testid="account-row"]')?.getAttribute('aria-posinset')),
    'focus did not follow the chosen row',
  ).then((pos) => assert.equal(Number(pos), COUNT));
  await browser.keys(['ArrowUp']);
  await browser.keys(['ArrowUp']);
  await eventually(async () => (await rendered()).some((r) => r.issuer === label(COUNT - 2) && r.selected && r.visible), '↑ did not move up');
  await browser.keys(['Home']);
  await eventually(async () => (await rendered()).some((r) => r.issuer === label(1) && r.selected && r.visible), 'Home did not reach the first row');
  await browser.keys(['End']);
  await eventually(async () => (await rendered()).some((r) => r.issuer === label(COUNT) && r.selected && r.visible), 'End did not reach the last row');
  await screenshot(browser, 'long-list-keyboard');
});

test('search finds an account that is not in the page', async () => {
  await browser.execute(() => window.scrollTo(0, 0));
  const search = await browser.$('[data-testid="search"]');
  await search.setValue('Practice 077');
  const rows = await eventually(async () => {
    const r = await rendered();
    return r.length === 1 && r[0].code && r;
  }, 'search did not find the account');
  assert.equal(rows[0].issuer, label(77));
  assert.deepEqual([rows[0].pos, rows[0].size], [1, 1]);
  // ↓ in the search field keeps focus there and says which account is chosen.
  await search.setValue('Practice 01');
  // Matches 001 and 010–019.
  await eventually(async () => (await rendered()).length === 11, 'search for 01 did not narrow');
  await browser.keys(['ArrowDown']);
  const spoken = await eventually(
    () => browser.execute(() => document.querySelector('[data-testid="live"]')?.textContent?.trim()),
    'nothing was said',
  );
  assert.equal(spoken, 'Practice 010 (desk10), 2 of 11. Enter copies its code.');
  assert.equal(await browser.execute(() => document.activeElement?.getAttribute('data-testid')), 'search');
  await browser.keys(['Escape']);
  await eventually(async () => (await rendered()).length > 11, 'Escape did not bring the list back');
});
