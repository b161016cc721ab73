// Backup codes and the printed sheet in the real app: paste the codes a
// website shows, see them counted and stored masked, mark one used (the CLI
// agrees), then print a sheet with a recovery part through the real GTK save
// dialog (typed into with xdotool) and check the PDF with pdftotext and zbarimg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freshProfile, launchApp, oathtoolCodes, readClipboard, saveInDialog, screenshot, startA11yBus } from './harness.mjs';

const KEY = 'JBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Clinic%20Booking:frontdesk@clinic.example?secret=${KEY}&issuer=Clinic%20Booking`;
const cli = path.join(path.dirname(process.env.TESSERA_APP_BIN ?? ''), 'tessera');
const profile = freshProfile('backup');
let app;
/** The recovery key's lines as the printed sheet shows them (check letters included). */
let printedKey = [];

function tessera(...args) {
  return execFileSync(cli, args, { env: { ...process.env, ...profile.env } }).toString();
}

let stopBus = () => {};

before(async () => {
  // The save dialog's name field is checked over AT-SPI (saveInDialog).
  stopBus = await startA11yBus();
  tessera('add', '--uri', URI);
  app = await launchApp(profile.env);
});
after(async () => {
  await app?.stop();
  stopBus();
});

test('pasted backup codes are counted, stored masked and marked used', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('edit-account')).waitForDisplayed({ timeout: 60000 });
  await (await $('edit-account')).click();
  await (await $('open-backup-codes')).click();
  await (await $('backup-dialog')).waitForDisplayed();
  const paste = await $('backup-paste');
  await paste.setValue('Your codes: 1234-5678');
  await eventually(async () => (await (await $('backup-found')).getText()).includes('line 1'), 'prose not refused');
  // Select all and type over it, as a user would.
  await paste.click();
  await browser.keys(['Control', 'a']);
  await browser.keys(['Control']);
  for (const line of ['1. 1234-5678', '2. 8765-4321', '3. 1111-2222']) {
    await paste.addValue(line);
    await browser.keys(['Enter']);
  }
  await eventually(async () => (await (await $('backup-found')).getText()) === 'Found 3 codes.', 'codes not counted');
  await (await $('backup-save')).click();
  await eventually(
    async () => (await (await $('backup-summary')).getText()) === '3 of 3 codes unused.',
    'codes not saved',
  );
  const source = await browser.getPageSource();
  // At most two characters of a code reach the page.
  assert.ok(source.includes('••••-••21'), 'masked code not shown');
  assert.ok(!source.includes('4321'), 'more than two characters of a code reached the page');
  assert.ok(!source.includes('8765'), 'a whole backup code reached the page');
  await screenshot(browser, 'backup-codes');

  await (await browser.$('button[aria-label="Mark used: code ••••-••21"]')).click();
  await eventually(
    async () => (await (await $('backup-summary')).getText()) === '2 of 3 codes unused.',
    'code not marked used',
  );
  const stored = JSON.parse(tessera('backup-codes', 'list', 'clinic', '--json'));
  assert.deepEqual(
    stored.map((c) => [c.code, c.used]),
    [
      ['1234-5678', false],
      ['8765-4321', true],
      ['1111-2222', false],
    ],
  );
});

test('"Use a code…" copies the next unused code (never into the page), marks it used on confirmation, and Undo takes that back', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await (await $('backup-use')).click();
  const copied = await $('backup-use-copied');
  await copied.waitForDisplayed({ timeout: 30000 });
  assert.match(await copied.getText(), /••••-••78 is copied/);
  await eventually(() => readClipboard() === '1234-5678', 'the next unused code is not on the clipboard');
  assert.ok(!(await browser.getPageSource()).includes('5678'), 'the copied code reached the page');
  await screenshot(browser, 'backup-use-copied');
  await (await $('backup-use-worked')).click();
  await eventually(async () => (await (await $('backup-summary')).getText()) === '1 of 3 codes unused.', 'not marked used');
  await (await $('backup-undo')).click();
  await eventually(async () => (await (await $('backup-summary')).getText()) === '2 of 3 codes unused.', 'Undo did nothing');
  const stored = JSON.parse(tessera('backup-codes', 'list', 'clinic', '--json'));
  assert.deepEqual(stored.map((c) => c.used), [false, true, false]);
});

test('the backup sheet is saved where the user chose, with its recovery QR code', async () => {
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  // From the backup codes dialog left open by the previous test.
  await (await browser.$('button=Print backup sheet…')).click();
  await (await $('print-dialog')).waitForDisplayed();
  assert.equal((await browser.$$('[data-testid="print-account"]:checked')).length, 1);
  await (await $('print-recovery')).click();
  assert.equal(await (await $('print-save')).isEnabled(), false, 'recovery needs the confirmation');
  await (await $('print-recovery-confirm')).click();
  await (await $('print-paper')).selectByAttribute('value', 'letter');
  await screenshot(browser, 'print-dialog');
  await (await $('print-save')).click();

  // The GTK save dialog: type a full path into its name field.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-sheet-'));
  const target = path.join(dir, 'clinic-sheet.pdf');
  await saveInDialog('Save backup sheet', target);

  const done = await eventually(async () => {
    const el = await $('print-done');
    return (await el.isExisting()) && el.getText();
  }, 'sheet not reported saved', 20000);
  assert.ok(done.includes(target), done);
  assert.ok(existsSync(target));
  assert.deepEqual(readdirSync(dir), ['clinic-sheet.pdf'], 'only the sheet is left in the folder');
  await screenshot(browser, 'print-done');

  const text = execFileSync('pdftotext', [target, '-']).toString();
  printedKey = execFileSync('pdftotext', ['-layout', target, '-'])
    .toString()
    .split('\n')
    .filter((line) => line.trim().startsWith('JBSW Y3DP'))
    .map((line) => line.trim().replace(/\s+/g, ' '));
  assert.ok(text.includes('Clinic Booking'));
  assert.ok(text.includes('1234-5678') && text.includes('1111-2222'));
  assert.ok(text.includes('2 of 3 codes unused'));
  assert.ok(execFileSync('pdfinfo', [target]).toString().includes('612 x 792'), 'Letter paper');
  const png = path.join(dir, 'page');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', target, png]);
  const qr = execFileSync('zbarimg', ['-q', '--raw', `${png}.png`]).toString().trim();
  // The sheet holds the key: leave no copy behind.
  rmSync(dir, { recursive: true, force: true });
  assert.equal(qr, `${URI}&algorithm=SHA1&digits=6&period=30`);
});

test('the key typed back from the printed sheet, check letters and all, gives the right code', async () => {
  assert.equal(printedKey.length, 1, `printed key lines: ${JSON.stringify(printedKey)}`);
  assert.match(printedKey[0], /^JBSW Y3DP EHPK 3PXP ▸ [A-Z2-7]$/);
  const { browser } = app;
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  await browser.keys(['Escape']);
  await (await $('print-dialog')).waitForDisplayed({ reverse: true, timeout: 10000 });
  await (await $('add-button')).click();
  await (await $('add-dialog')).waitForDisplayed({ timeout: 10000 });
  const keyInput = await $('add-key');
  // A misread letter in the line: its check letter catches it.
  await keyInput.setValue(printedKey[0].replace('Y3DP', 'Y3DR'));
  const problem = await $('add-key-problem');
  await problem.waitForDisplayed({ timeout: 10000 });
  assert.match(await problem.getText(), /Line 1 of the key does not match its check letter/);
  await keyInput.setValue(printedKey[0].toLowerCase());
  const sheet = await $('add-key-sheet');
  await sheet.waitForDisplayed({ timeout: 10000 });
  assert.equal(await sheet.getText(), 'Typed from a backup sheet: the check letter matches.');
  assert.equal(await (await $('add-key-grouped')).isExisting(), false);
  const code = await (await $('add-preview-code')).getAttribute('data-code');
  assert.ok(oathtoolCodes(KEY).includes(code), `preview ${code} vs oathtool ${oathtoolCodes(KEY)}`);
  await screenshot(browser, 'add-from-sheet');
});
