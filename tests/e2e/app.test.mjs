// The first screen of the real app: it opens, calls Rust, and the key check
// shows the same code as oathtool for a key typed with spaces and lower case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, oathtoolCodes, screenshot } from './harness.mjs';

let app;
before(async () => {
  app = await launchApp();
});
after(async () => {
  await app?.stop();
});

test('window opens with the empty state and the version from Rust', async () => {
  const { browser } = app;
  assert.equal(await browser.getTitle(), 'Tessera');
  const empty = await browser.$('[data-testid="empty-state"]');
  await empty.waitForDisplayed({ timeout: 10000 });
  const version = await browser.$('[data-testid="app-version"]');
  await version.waitForDisplayed({ timeout: 10000 });
  assert.match(await version.getText(), /^Version \d+\.\d+\.\d+/);
  await screenshot(browser, 'start');
});

test('a typed key gives the code oathtool gives', async () => {
  const { browser } = app;
  const input = await browser.$('[data-testid="key-input"]');
  await input.setValue('jbsw y3dp ehpk 3pxp');
  const code = await browser.$('[data-testid="key-code"]');
  await code.waitForDisplayed({ timeout: 10000 });
  const shown = await code.getAttribute('data-code');
  const expected = oathtoolCodes('JBSWY3DPEHPK3PXP');
  assert.ok(expected.includes(shown), `app shows ${shown}, oathtool around now: ${expected.join(', ')}`);
  assert.equal(await browser.$('[data-testid="key-grouped"]').getText(), 'JBSW Y3DP EHPK 3PXP');
  assert.ok(await browser.$('[data-testid="key-weak"]').isDisplayed(), '80-bit key is flagged as short');
  await screenshot(browser, 'key-valid');
});

test('a mistyped key names the character and suggests the letter', async () => {
  const { browser } = app;
  const input = await browser.$('[data-testid="key-input"]');
  await input.setValue('JBSW Y3DP EHPK 3PX0');
  const problem = await browser.$('[data-testid="key-problem"]');
  await problem.waitForDisplayed({ timeout: 10000 });
  const text = await problem.getText();
  assert.match(text, /Character 19/);
  assert.match(text, /letter O/);
  assert.equal(await browser.$('[data-testid="key-code"]').isExisting(), false);
  await screenshot(browser, 'key-invalid');
});
