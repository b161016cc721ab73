// Scanning straight off the screen: the website's QR code is shown in another
// window (ImageMagick's display, partly under Tessera's own window), "Scan the
// screen" hides Tessera, captures the monitor, and the account it adds gives
// oathtool's codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freshProfile, launchApp, oathtoolCodes, screenshot, screenshotScreen } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const QR = path.join(here, 'fixtures', 'clinic-setup-qr.png');
const KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let app;
let viewer;
const profile = freshProfile('scan-screen');

before(async () => {
  app = await launchApp(profile.env);
  // Half of the code sits under where Tessera's window is (900 px wide at 0,0).
  viewer = spawn('display', ['-geometry', '+760+200', QR], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1500));
});
after(async () => {
  viewer?.kill();
  await app?.stop();
});

test('"Scan the screen" finds the code shown in another window and adds it', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('empty-add')).waitForDisplayed({ timeout: 15000 });
  screenshotScreen('scan-screen-before');
  await (await $('empty-add')).click();
  await (await $('add-tab-scan')).click();
  await (await $('scan-screen')).click();
  const code = await browser.$('[data-testid="scan-preview"] [data-testid="preview-code"]');
  await code.waitForDisplayed({ timeout: 20000 });
  assert.equal(
    await browser.$('[data-testid="scan-preview"] [data-testid="preview-account"]').getText(),
    'Clinic Booking (scan@clinic.example)',
  );
  assert.ok(oathtoolCodes(KEY).includes(await code.getAttribute('data-code')));
  assert.ok(!(await browser.getPageSource()).includes('JBSW'), 'the key reached the page');
  await screenshot(browser, 'scan-screen-preview');
  await (await $('add-save')).click();
  const shown = await eventually(async () => {
    const c = await browser.$('[data-testid="account-code"]');
    return (await c.isExisting()) && c.getAttribute('data-code');
  }, 'scanned account has no code in the list');
  assert.ok(oathtoolCodes(KEY).includes(shown));
});
