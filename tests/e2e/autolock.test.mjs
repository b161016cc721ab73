// The app locks by itself: after the idle delay, and when the desktop's
// screen saver comes on (a real D-Bus signal on the session bus). Each case
// has its own app, so that only its cause can lock it: the idle case a 6 s
// delay, the screen-saver case none at all ("never"), and every wait is on
// what the window shows, however long the machine takes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { freshProfile, launchApp, screenshot } from './harness.mjs';

let app;
after(async () => {
  await app?.stop();
});

const $ = (id) => app.browser.$(`[data-testid="${id}"]`);

test('idle for the configured delay locks the app', async () => {
  app = await launchApp(freshProfile('autolock', { autoLockSeconds: 6 }).env);
  await (await $('empty-state')).waitForDisplayed({ timeout: 60000 });
  await (await $('lock-screen')).waitForDisplayed({ timeout: 60000 });
  await screenshot(app.browser, 'idle-locked');
  await (await $('unlock-button')).click();
  await (await $('empty-state')).waitForDisplayed({ timeout: 30000 });
  await app.stop();
  app = null;
});

test('the screen saver coming on locks the app', async () => {
  // Auto-lock off: nothing but the signal can lock this one.
  app = await launchApp(freshProfile('screensaver', { autoLockSeconds: 0 }).env);
  await (await $('empty-state')).waitForDisplayed({ timeout: 60000 });
  execFileSync('dbus-send', [
    '--session',
    '--type=signal',
    '/org/freedesktop/ScreenSaver',
    'org.freedesktop.ScreenSaver.ActiveChanged',
    'boolean:true',
  ]);
  await (await $('lock-screen')).waitForDisplayed({ timeout: 60000 });
  assert.equal(await (await $('empty-state')).isExisting(), false);
});
