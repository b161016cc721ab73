// Scanning with a camera in the real app. There is no camera on the test
// machines, so this build (feature `fake-camera`) lists one whose frames are
// the image files in TESSERA_FAKE_CAMERA_DIR, looped at 15 a second. From
// there on the path is the real one: the scanning thread decodes full-size
// frames, preview frames cross the IPC channel, the canvas paints them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addScannedClinic, eventually, freshProfile, launchApp, screenshot } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const QR = path.join(here, 'fixtures', 'clinic-setup-qr.png');
const KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const frames = mkdtempSync(path.join(os.tmpdir(), 'tessera-camera-'));
let app;

before(async () => {
  // A grey room with no code in it, twice.
  for (const name of ['1-room.png', '2-room.png']) {
    execFileSync('convert', ['-size', '640x480', 'xc:rgb(90,90,90)', path.join(frames, name)]);
  }
  const profile = freshProfile('camera');
  app = await launchApp({ ...profile.env, TESSERA_FAKE_CAMERA_DIR: frames });
});
after(async () => {
  await app?.stop();
});

test('the camera preview runs until stopped, then a code held up is read and added', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('empty-add')).waitForDisplayed({ timeout: 60000 });
  await (await $('empty-add')).click();
  await (await $('add-tab-scan')).click();
  await (await $('scan-camera')).click();

  // The preview is live: the canvas shows the room's grey.
  await (await $('camera-name')).waitForDisplayed({ timeout: 10000 });
  await eventually(async () => (await (await $('camera-preview')).getAttribute('data-live')) === 'true', 'no preview frame arrived');
  const grey = await browser.execute(() => {
    const canvas = document.querySelector('[data-testid="camera-preview"]');
    const px = canvas.getContext('2d').getImageData(10, 10, 1, 1).data;
    return [canvas.width, canvas.height, px[0], px[1], px[2]];
  });
  assert.deepEqual(grey.slice(0, 2), [320, 240], 'preview is shrunk to 320 wide, same proportions');
  for (const v of grey.slice(2)) assert.ok(Math.abs(v - 90) <= 2, `preview pixel ${grey}`);
  assert.match(await (await $('camera-status')).getText(), /Hold the QR code up/);
  await screenshot(browser, 'camera-looking');

  // Stop: the camera panel goes and the button to start it is back.
  await (await $('camera-stop')).click();
  await (await $('camera-scan')).waitForExist({ reverse: true, timeout: 5000 });
  await (await $('scan-camera')).waitForDisplayed({ timeout: 5000 });

  // Now the code comes into view after two frames of the room.
  copyFileSync(QR, path.join(frames, '3-code.png'));
  await (await $('scan-camera')).click();
  await addScannedClinic(browser, KEY, 'camera-found');
});
