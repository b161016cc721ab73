// The app locks by itself: after the idle delay, and when the desktop's
// screen saver comes on (a real D-Bus signal on the session bus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { freshProfile, launchApp, screenshot } from './harness.mjs';

let app;
const profile = freshProfile('autolock', { autoLockSeconds: 6 });

before(async () => {
  app = await launchApp(profile.env);
});
after(async () => {
  await app?.stop();
});

const $ = (id) => app.browser.$(`[data-testid="${id}"]`);

test('idle for the configured delay locks the app', async () => {
  await (await $('empty-state')).waitForDisplayed({ timeout: 15000 });
  await (await $('lock-screen')).waitForDisplayed({ timeout: 15000 });
  await screenshot(app.browser, 'idle-locked');
  await (await $('unlock-button')).click();
  await (await $('empty-state')).waitForDisplayed({ timeout: 10000 });
});

test('the screen saver coming on locks the app', async () => {
  await (await $('empty-state')).waitForDisplayed({ timeout: 10000 });
  execFileSync('dbus-send', [
    '--session',
    '--type=signal',
    '/org/freedesktop/ScreenSaver',
    'org.freedesktop.ScreenSaver.ActiveChanged',
    'boolean:true',
  ]);
  // Well before the 6 s idle delay, so only the signal can have locked it.
  await (await $('lock-screen')).waitForDisplayed({ timeout: 2500 });
  assert.equal(await (await $('empty-state')).isExisting(), false);
});
