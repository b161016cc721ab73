// With several profiles and none named at launch, the app asks which to open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freshProfile, launchApp, screenshot } from './harness.mjs';

let app;
const { dataDir } = freshProfile('picker');

before(async () => {
  for (const name of ['front-desk', 'billing']) mkdirSync(path.join(dataDir, 'profiles', name), { recursive: true });
  app = await launchApp({ TESSERA_DATA_DIR: dataDir, TESSERA_PROFILE: '' });
});
after(async () => {
  await app?.stop();
});

test('several profiles: pick one at start, then its (empty) list opens', async () => {
  const { browser } = app;
  const picker = await browser.$('[data-testid="profile-picker"]');
  await picker.waitForDisplayed({ timeout: 60000 });
  const choices = await browser.$$('[data-testid="profile-choice"]');
  const names = [];
  for (const c of choices) names.push(await c.getText());
  assert.deepEqual(names, ['billing', 'default', 'front-desk']);
  await screenshot(browser, 'profile-picker');
  await choices[2].click();
  await (await browser.$('[data-testid="empty-state"]')).waitForDisplayed({ timeout: 60000 });
  assert.equal(await (await browser.$('[data-testid="profile-name"]')).getText(), 'front-desk');
});
