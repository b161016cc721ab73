// Importing from another app in the real app: an encrypted Aegis vault
// through the import dialog (format found, password asked, a wrong one
// refused, preview with codes, one account unticked), then the codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freshProfile, launchApp, oathtoolCodes, screenshot } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../crates/tessera-core/tests/fixtures/import');
const VAULT = path.join(fixtures, 'aegis_encrypted.json');
const PASSWORD = 'correct horse battery staple';
// Deno (Mason): TOTP SHA1, 6 digits, 30 s (see otpauth.txt beside the vault).
const DENO = readFileSync(path.join(fixtures, 'otpauth.txt'), 'utf8')
  .split('\n')
  .find((l) => l.includes('Deno:Mason'))
  .match(/secret=([A-Z2-7]+)/)[1];
let app;
const profile = freshProfile('import');

before(async () => {
  app = await launchApp(profile.env);
});
after(async () => {
  await app?.stop();
});

test('an encrypted Aegis vault is imported through the dialog, one account left out', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('empty-import')).waitForDisplayed({ timeout: 60000 });
  await (await $('empty-import')).click();
  await (await $('import-dialog')).waitForDisplayed({ timeout: 10000 });
  await (await $('import-file')).setValue(VAULT);
  const format = await $('import-format');
  await format.waitForDisplayed({ timeout: 60000 });
  assert.match(await format.getText(), /encrypted export of Aegis Authenticator/);
  await (await $('import-password')).setValue('not the password');
  await (await $('import-read')).click();
  const error = await $('import-error');
  await error.waitForDisplayed({ timeout: 60000 });
  assert.match(await error.getText(), /wrong password/i);
  await (await $('import-password')).setValue(PASSWORD);
  await (await $('import-read')).click();
  await (await $('import-preview')).waitForDisplayed({ timeout: 30000 });
  const boxes = await browser.$$('[data-testid="import-account"]');
  assert.equal(boxes.length, 7);
  const page = await browser.getPageSource();
  assert.ok(!page.includes(DENO), 'a key reached the page');
  // The preview's codes can be compared with the old app: Deno's equals oathtool's.
  const rows = await browser.$$('[data-testid="import-preview"] li');
  let denoCode = null;
  for (const row of rows) {
    if ((await row.getText()).includes('Deno (Mason)')) {
      denoCode = (await (await row.$('[data-testid="import-code"]')).getText()).replace(/\s/g, '');
    }
  }
  assert.ok(oathtoolCodes(DENO).includes(denoCode), `preview code ${denoCode}`);
  await screenshot(browser, 'import-preview');
  // Leave the last one out.
  await boxes[6].click();
  assert.match(await (await $('import-add')).getText(), /Import 6 accounts/);
  await (await $('import-add')).click();
  await (await $('import-dialog')).waitForDisplayed({ reverse: true, timeout: 60000 });
  await eventually(async () => (await browser.$$('[data-testid="account-row"]')).length === 6, 'six accounts listed', 15000);
  const deno = await eventually(async () => {
    for (const row of await browser.$$('[data-testid="account-row"]')) {
      if ((await row.getText()).includes('Deno')) {
        const code = await row.$('[data-testid="account-code"]');
        return (await code.isExisting()) && code.getAttribute('data-code');
      }
    }
    return null;
  }, 'Deno has no code', 15000);
  assert.ok(oathtoolCodes(DENO).includes(deno));
  await screenshot(browser, 'imported');
});
