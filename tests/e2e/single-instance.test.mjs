// A second launch focuses the running window and exits instead of opening a
// second copy (a second copy would hold its own unlocked keys).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { freshProfile, launchApp } from './harness.mjs';

let app;
const profile = freshProfile('single');

before(async () => {
  app = await launchApp(profile.env);
  await (await app.browser.$('[data-testid="empty-state"]')).waitForDisplayed({ timeout: 60000 });
});
after(async () => {
  await app?.stop();
});

test('a second launch exits at once and leaves the first running', async () => {
  const second = spawn(process.env.TESSERA_APP_BIN, [], {
    env: { ...process.env, ...profile.env },
    stdio: 'ignore',
  });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      second.kill();
      resolve('still running after 15 s');
    }, 15000);
    second.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(code, 0);
  assert.equal(await app.browser.getTitle(), 'Tessera');
});
