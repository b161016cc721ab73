// Automatic encrypted backups in the real app: set up with the CLI (a
// backup password) and the profile's folder, the app writes one at start and
// another after an account is added; Settings shows the time; when the
// folder cannot be written (made immutable) a banner says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freshProfile, launchApp, screenshot } from './harness.mjs';

const KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const cli = path.join(path.dirname(process.env.TESSERA_APP_BIN ?? ''), 'tessera');
const profile = freshProfile('backups');
const folder = mkdtempSync(path.join(os.tmpdir(), 'tessera-backups-'));
let app;
let immutable = false;

function tessera(args, input = '') {
  return execFileSync(cli, args, { env: { ...process.env, ...profile.env }, input }).toString();
}
const backups = () => readdirSync(folder).filter((f) => f.endsWith('.tessera-backup'));

before(async () => {
  tessera(['add', '--issuer', 'Clinic', '--account', 'desk', '--secret', KEY]);
  tessera(['backup', 'set-password', '--password-stdin'], 'practice backup words\n');
  const dir = path.join(profile.dataDir, 'profiles', profile.profile);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ backupDir: folder, autoBackup: true }));
  app = await launchApp(profile.env);
});
after(async () => {
  if (immutable) execFileSync('chattr', ['-i', folder]);
  await app?.stop();
});

test('a backup is written at start and after a change, and its time is shown', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await eventually(() => backups().length === 1, 'no backup at start', 30000);
  await (await $('add-button')).waitForDisplayed({ timeout: 60000 });
  await (await $('add-button')).click();
  await (await $('add-issuer')).setValue('Insurer');
  await (await $('add-name')).setValue('portal');
  await (await $('add-key')).setValue('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  await (await $('add-preview-code')).waitForDisplayed({ timeout: 10000 });
  await (await $('add-save')).click();
  // After the debounce (10 s) and the next poll.
  await eventually(() => backups().length === 2, 'no backup after the change', 60000);
  // The backup is ciphertext and opens with the password: the CLI restores it.
  const newest = backups().sort().at(-1);
  const dry = JSON.parse(
    tessera(['restore', path.join(folder, newest), '--password-stdin', '--dry-run', '--json'], 'practice backup words\n'),
  );
  assert.equal(dry.accounts.length, 2);
  await (await $('settings-button')).click();
  const last = await $('backup-last');
  await last.waitForDisplayed({ timeout: 10000 });
  assert.match(await last.getText(), /^Last backup: /);
  await screenshot(browser, 'settings-backups');
  await browser.keys('Escape');
});

test('a folder that cannot be written gives a banner, not silence', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  // Root ignores permission bits; an immutable folder refuses even root.
  execFileSync('chattr', ['+i', folder]);
  immutable = true;
  await (await $('add-button')).click();
  await (await $('add-issuer')).setValue('Supplier');
  await (await $('add-name')).setValue('orders');
  await (await $('add-key')).setValue('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJR');
  await (await $('add-preview-code')).waitForDisplayed({ timeout: 10000 });
  await (await $('add-save')).click();
  const banner = await $('backup-banner');
  await banner.waitForDisplayed({ timeout: 60000 });
  assert.match(await banner.getText(), /The last backup failed: cannot write to the backup folder .*: permission denied/);
  await screenshot(browser, 'backup-banner');
});
