// Adding from a picture of the website's QR code: open the image file in the
// add dialog, check what it found (code equal to oathtool's), then add it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freshProfile, launchApp, oathtoolCodes, screenshot } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const QR = path.join(here, 'fixtures', 'clinic-setup-qr.png');
const KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let app;
const profile = freshProfile('scan');

before(async () => {
  app = await launchApp(profile.env);
});
after(async () => {
  await app?.stop();
});

test('an image file with a setup QR code is previewed, then added', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('empty-add')).waitForDisplayed({ timeout: 15000 });
  await (await $('empty-add')).click();
  await (await $('add-tab-scan')).click();
  await (await $('scan-file')).setValue(QR);
  const code = await browser.$('[data-testid="scan-preview"] [data-testid="preview-code"]');
  await code.waitForDisplayed({ timeout: 15000 });
  assert.equal(
    await browser.$('[data-testid="scan-preview"] [data-testid="preview-account"]').getText(),
    'Clinic Booking (scan@clinic.example)',
  );
  assert.ok(oathtoolCodes(KEY).includes(await code.getAttribute('data-code')));
  assert.ok(!(await browser.getPageSource()).includes('JBSW'), 'the key reached the page');
  await screenshot(browser, 'scan-preview');
  await (await $('add-save')).click();
  const shown = await eventually(async () => {
    const c = await browser.$('[data-testid="account-code"]');
    return (await c.isExisting()) && c.getAttribute('data-code');
  }, 'scanned account has no code in the list');
  assert.ok(oathtoolCodes(KEY).includes(shown));
});
