// axe-core on every screen of the real app, in light and in dark: no
// violation of serious or critical impact (the lock screen, the list, the
// search with no match, the add dialog's three tabs and its advanced
// options, settings, print, edit, the delete confirmation, backup codes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axe, eventually, freshProfile, launchApp, screenshot, tesseraCli } from './harness.mjs';

const profile = freshProfile('axe');
let app;
let browser;
const $ = (id) => browser.$(`[data-testid="${id}"]`);

before(async () => {
  tesseraCli(['add', '--issuer', 'Clinic Booking', '--account', 'frontdesk@clinic.example', '--secret', 'JBSWY3DPEHPK3PXP'], profile.env);
  tesseraCli(['add', '--issuer', 'Steam', '--account', 'gamer', '--type', 'steam', '--secret', 'GEZDGNBVGY3TQOJQ'], profile.env);
  tesseraCli(['add', '--issuer', 'Bank', '--account', 'payroll', '--type', 'hotp', '--secret', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'], profile.env);
  tesseraCli(['backup-codes', 'set', 'Clinic'], profile.env, '1234-5678\n1111-2222\n3333-4444\n');
  tesseraCli(['set-pin', '--pin-stdin'], profile.env, '482916\n482916\n');
  app = await launchApp(profile.env);
  browser = app.browser;
});
after(async () => {
  await app?.stop();
});

/** axe in both themes; fails on any serious or critical violation. */
async function check(screen) {
  const found = [];
  for (const theme of ['light', 'dark']) {
    await browser.execute((t) => (document.documentElement.dataset.theme = t), theme);
    for (const v of await axe(browser)) {
      const line = `${theme} ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).join(' | ')}`;
      if (v.impact === 'serious' || v.impact === 'critical') found.push(line);
      else console.log(`[axe ${screen}] (not failing) ${line}`);
    }
  }
  await browser.execute(() => (document.documentElement.dataset.theme = 'light'));
  assert.deepEqual(found, [], `${screen}: serious or critical axe violations`);
}

async function dialog(open, testid, screen) {
  await open();
  await (await $(testid)).waitForDisplayed({ timeout: 30000 });
  await check(screen);
}

async function close(testid) {
  await browser.keys(['Escape']);
  await (await $(testid)).waitForDisplayed({ reverse: true, timeout: 30000 });
}

test('axe runs in this WebKit and reports what is wrong (a nameless button, low contrast)', async () => {
  await (await $('pin-input')).waitForDisplayed({ timeout: 60000 });
  await browser.execute(() => {
    const b = document.createElement('button');
    b.id = 'axe-probe';
    b.innerHTML = '<svg width="10" height="10"></svg>';
    const p = document.createElement('p');
    p.id = 'axe-probe-text';
    p.textContent = 'faint';
    p.style.cssText = 'color:#bbbbbb;background:#ffffff';
    document.body.append(b, p);
  });
  const ids = (await axe(browser)).map((v) => v.id);
  await browser.execute(() => ['axe-probe', 'axe-probe-text'].forEach((id) => document.getElementById(id)?.remove()));
  assert.ok(ids.includes('button-name'), `axe found ${ids}`);
  assert.ok(ids.includes('color-contrast'), `axe found ${ids}`);
});

test('lock screen', async () => {
  await (await $('pin-input')).waitForDisplayed({ timeout: 60000 });
  await check('lock screen');
  await (await $('pin-input')).setValue('000000');
  await browser.keys(['Enter']);
  await (await $('lock-error')).waitForDisplayed({ timeout: 30000 });
  await check('lock screen, wrong PIN');
  await (await $('pin-input')).setValue('482916');
  await browser.keys(['Enter']);
  await eventually(async () => (await browser.$$('[data-testid="account-code"]')).length === 2, 'no codes after unlock');
});

test('account list, and no match', async () => {
  await check('account list');
  await (await $('search')).setValue('zzz');
  await (await $('no-match')).waitForDisplayed({ timeout: 30000 });
  await check('no match');
  await browser.keys(['Escape']);
  await (await $('account-list')).waitForDisplayed({ timeout: 30000 });
});

test('add dialog: each tab and the advanced options', async () => {
  await dialog(() => (async () => (await $('add-button')).click())(), 'add-dialog', 'add: key');
  await (await $('add-advanced')).click();
  await (await $('add-key')).setValue('jbsw y3dp ehpk 3px0');
  await (await $('add-key-problem')).waitForDisplayed({ timeout: 30000 });
  await check('add: advanced, key typo');
  await screenshot(browser, 'axe-add-advanced');
  await (await $('add-tab-link')).click();
  await check('add: link');
  await (await $('add-tab-scan')).click();
  await check('add: scan');
  await close('add-dialog');
});

test('settings and print', async () => {
  await dialog(async () => (await $('settings-button')).click(), 'settings-dialog', 'settings');
  await close('settings-dialog');
  await dialog(async () => (await $('print-button')).click(), 'print-dialog', 'print');
  await close('print-dialog');
});

test('edit, delete confirmation and backup codes', async () => {
  const edit = await browser.$('[data-testid="edit-account"][aria-label="Edit Clinic Booking (frontdesk@clinic.example)"]');
  await dialog(() => edit.click(), 'edit-dialog', 'edit');
  await (await $('open-backup-codes')).click();
  await (await $('backup-dialog')).waitForDisplayed({ timeout: 30000 });
  await check('backup codes');
  await close('backup-dialog');
  await dialog(() => edit.click(), 'edit-dialog', 'edit again');
  await (await $('delete-account')).click();
  await (await $('confirm-delete')).waitForDisplayed({ timeout: 30000 });
  await check('delete confirmation');
  await close('confirm-delete');
});
