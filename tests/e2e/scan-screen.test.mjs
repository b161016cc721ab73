// Scanning straight off the screen: the website's QR code is shown in another
// window (ImageMagick's display, partly under Tessera's own window), "Scan the
// screen" hides Tessera, captures the monitor, and the account it adds gives
// oathtool's codes.
import { test, before, after } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addScannedClinic, eventually, freshProfile, launchApp, screenshotScreen } from './harness.mjs';

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
  await eventually(() => {
    try {
      return execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'clinic-setup-qr']).toString().trim();
    } catch {
      return '';
    }
  }, 'the image viewer window did not appear', 30000);
  // Not a fixed pause: wait until the viewer has really painted the code
  // (its visible part, right of Tessera's window, holds black and white).
  await eventually(() => {
    try {
      const range = execFileSync('sh', [
        '-c',
        'import -window root -crop 150x150+905+230 +repage png:- | convert - -colorspace gray -format "%[fx:minima] %[fx:maxima]" info:',
      ])
        .toString()
        .trim()
        .split(' ')
        .map(Number);
      return range[0] < 0.2 && range[1] > 0.8;
    } catch {
      return false;
    }
  }, 'the code is not painted on the screen', 30000);
});
after(async () => {
  viewer?.kill();
  await app?.stop();
});

test('"Scan the screen" finds the code shown in another window and adds it', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('empty-add')).waitForDisplayed({ timeout: 60000 });
  screenshotScreen('scan-screen-before');
  await (await $('empty-add')).click();
  await (await $('add-tab-scan')).click();
  await (await $('scan-screen')).click();
  await addScannedClinic(browser, KEY, 'scan-screen-preview');
});
