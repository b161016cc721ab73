// With no Secret Service on the bus the app shows what is wrong and how to
// fix it, with Retry: never a blank window and never a plaintext fallback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freshProfile, launchApp, screenshot } from './harness.mjs';

let app;
const profile = freshProfile('nokeychain');

before(async () => {
  // A session bus address nobody listens on.
  app = await launchApp({ ...profile.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
});
after(async () => {
  await app?.stop();
});

test('a missing keychain gets its own screen with Retry', async () => {
  const { browser } = app;
  const screen = await browser.$('[data-testid="keychain-screen"]');
  await screen.waitForDisplayed({ timeout: 60000 });
  assert.match(await screen.getText(), /No system keychain found/);
  assert.match(await screen.getText(), /GNOME Keyring|KeePassXC/);
  await screenshot(browser, 'keychain-missing');
  await (await browser.$('[data-testid="keychain-retry"]')).click();
  await screen.waitForDisplayed({ timeout: 60000 });
  // Nothing but the (empty) index was written.
  const dir = path.join(profile.dataDir, 'profiles', profile.profile);
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/secret|key"/i.test(text), `${f} holds something secret-looking`);
    }
  }
});

test('the window may call only Tessera commands: plugin commands are refused', async () => {
  const { browser } = app;
  const outcome = await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__
      .invoke('plugin:window-state|save_window_state', { flags: 0 })
      .then(() => done('allowed'))
      .catch((e) => done(`refused: ${e}`));
  });
  assert.match(outcome, /^refused: .*not allowed/i);
});
