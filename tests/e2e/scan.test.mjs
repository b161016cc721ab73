// Adding from a picture of the website's QR code: open the image file in the
// add dialog, check what it found (code equal to oathtool's), then add it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addScannedClinic, freshProfile, launchApp } from './harness.mjs';

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
  await (await $('empty-add')).waitForDisplayed({ timeout: 60000 });
  await (await $('empty-add')).click();
  await (await $('add-tab-scan')).click();
  await (await $('scan-file')).setValue(QR);
  await addScannedClinic(browser, KEY, 'scan-preview');
});

test('an image dropped on the window is scanned in the add dialog', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('add-button')).waitForDisplayed({ timeout: 60000 });
  const png = readFileSync(QR).toString('base64');
  // WebDriver cannot drag a file from the desktop; this dispatches the same
  // drop event WebKit delivers, with the file in its DataTransfer.
  await browser.execute((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'qr.png', { type: 'image/png' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  }, png);
  const account = await browser.$('[data-testid="scan-preview"] [data-testid="preview-account"]');
  await account.waitForDisplayed({ timeout: 60000 });
  assert.equal(await account.getText(), 'Clinic Booking (scan@clinic.example)');
  await (await browser.$('button=Cancel')).click();
});
