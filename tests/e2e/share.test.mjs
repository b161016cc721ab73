// Two front desks, each its own app in its own desktop session (own D-Bus
// bus and gnome-keyring, own data dir and profile), each with its own copy
// of the practice folder, which two real Syncthing daemons on loopback keep
// in sync (tests/e2e/syncthing.mjs) — as between two PCs. Desk A starts the
// practice in Settings, desk B asks to join and shows its code, A approves
// it with that code, B receives A's account (code = oathtool's) without a
// restart, and an account added in B's window appears in A's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freshProfile, launchApp, oathtoolCodes, privateSession, screenshot, tesseraCli } from './harness.mjs';
import { syncthingPair } from './syncthing.mjs';

const CLINIC = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SUPPLIER = 'KRUGS4ZANFZSAYJAORSXG5BAMNXWIZLT';
const root = mkdtempSync(path.join(os.tmpdir(), 'practice-'));
let sync;
let folderA;
let folderB;
const profileA = freshProfile('share-a');
const profileB = freshProfile('share-b');
let deskA;
let deskB;
let sessionB;
let joinCode;

const $ = (browser, id) => browser.$(`[data-testid="${id}"]`);

async function openShare(browser) {
  if (!(await (await $(browser, 'settings-dialog')).isExisting())) await (await $(browser, 'settings-button')).click();
  const section = await $(browser, 'share-section');
  await section.waitForDisplayed({ timeout: 60000 });
  await section.scrollIntoView();
  return section;
}

async function closeSettings(browser) {
  await browser.keys(['Escape']);
  await eventually(async () => !(await (await $(browser, 'settings-dialog')).isExisting()), 'settings stayed open');
}

/** The code shown in `browser`'s list for the account of `issuer`, once there. */
function codeOf(browser, issuer) {
  return eventually(
    () =>
      browser.execute((name) => {
        const row = [...document.querySelectorAll('[data-testid="account-row"]')].find(
          (r) => r.querySelector('[data-testid="account-issuer"]')?.textContent?.trim() === name,
        );
        return row?.querySelector('[data-testid="account-code"]')?.getAttribute('data-code') ?? null;
      }, issuer),
    `${issuer} did not appear with a code`,
    120000,
  );
}

/** The bytes a base32 key stands for (RFC 4648, no padding). */
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** Every file in a desk's copy of the practice folder, recursively (Syncthing's own left out). */
function folderFiles(dir) {
  return readdirSync(dir).filter((name) => !name.startsWith('.st')).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? folderFiles(p) : [p];
  });
}

before(async () => {
  sync = await syncthingPair(root);
  folderA = sync.a.folder;
  folderB = sync.b.folder;
  tesseraCli(['add', '--issuer', 'Clinic Booking', '--account', 'admin@clinic.example', '--secret', CLINIC], profileA.env);
  sessionB = await privateSession('b');
  deskA = await launchApp({ ...profileA.env, TESSERA_DESK_NAME: 'Front desk' });
  deskB = await launchApp({ ...sessionB.env, ...profileB.env, TESSERA_DESK_NAME: 'Back office' });
  await codeOf(deskA.browser, 'Clinic Booking');
  await (await $(deskB.browser, 'empty-state')).waitForDisplayed({ timeout: 60000 });
});

after(async () => {
  await deskA?.stop();
  await deskB?.stop();
  await sessionB?.stop();
  sync?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('desk A starts a practice in the shared folder from Settings', async () => {
  const { browser } = deskA;
  await openShare(browser);
  await (await $(browser, 'share-folder')).setValue(folderA);
  await (await $(browser, 'share-practice')).setValue('Riverside Clinic');
  await (await $(browser, 'share-start')).click();
  const desk = await $(browser, 'share-this-desk');
  await desk.waitForDisplayed({ timeout: 60000 });
  assert.equal(await desk.getAttribute('data-state'), 'active');
  assert.match(await (await $(browser, 'share-practice-name')).getText(), /Riverside Clinic/);
  await screenshot(browser, 'share-started');
});

test('desk B asks to join and shows the code to type on desk A', async () => {
  const { browser } = deskB;
  await openShare(browser);
  await (await $(browser, 'share-mode-join')).click();
  // Desk B's own copy, once Syncthing has brought the practice there.
  await eventually(() => readdirSync(folderB).some((n) => !n.startsWith('.st')), "Syncthing did not bring the practice to desk B's folder", 120000);
  await (await $(browser, 'share-folder')).setValue(folderB);
  await (await $(browser, 'share-join')).click();
  const code = await $(browser, 'share-join-code');
  await code.waitForDisplayed({ timeout: 60000 });
  joinCode = (await code.getText()).trim();
  assert.match(joinCode, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  assert.equal(await (await $(browser, 'share-this-desk')).getAttribute('data-state'), 'pending');
  await screenshot(browser, 'share-join-code');
});

test('desk A sees B waiting (without a reload) and approves it with a mistyped, then the right code', async () => {
  const { browser } = deskA;
  const pending = await browser.$('[data-testid="share-pending-desk"][data-name="Back office"]');
  await pending.waitForDisplayed({ timeout: 120000 });
  const input = await $(browser, 'share-approve-code');
  // One letter wrong: refused, nothing approved.
  const wrong = (joinCode[0] === 'A' ? 'B' : 'A') + joinCode.slice(1);
  await input.setValue(wrong);
  await (await $(browser, 'share-approve')).click();
  await (await $(browser, 'share-error')).waitForDisplayed({ timeout: 60000 });
  const after = JSON.parse(tesseraCli(['share', 'status', '--json'], profileA.env));
  assert.deepEqual(after.pending.map((d) => d.name), ['Back office'], 'a wrong code approved the desk');
  assert.deepEqual(after.desks.map((d) => d.name), ['Front desk']);
  await input.setValue(joinCode.toLowerCase().replaceAll('-', ' '));
  await (await $(browser, 'share-approve')).click();
  await (await $(browser, 'share-note')).waitForDisplayed({ timeout: 60000 });
  const desk = await browser.$('[data-testid="share-desk"][data-name="Back office"]');
  await desk.waitForDisplayed({ timeout: 60000 });
  assert.equal(await desk.getAttribute('data-state'), 'active');
  await screenshot(browser, 'share-approved');
  await closeSettings(browser);
});

test("desk B receives A's account with oathtool's code, and becomes active, without a restart", async () => {
  const { browser } = deskB;
  await eventually(
    async () => (await (await $(browser, 'share-this-desk')).getAttribute('data-state')) === 'active',
    'desk B did not become active',
    120000,
  );
  await closeSettings(browser);
  const code = await codeOf(browser, 'Clinic Booking');
  assert.ok(oathtoolCodes(CLINIC).includes(code), `B shows ${code}, oathtool ${oathtoolCodes(CLINIC)}`);
  assert.match(await (await $(browser, 'share-line')).getText(), /Shared with Riverside Clinic · synced/);
  await screenshot(browser, 'share-desk-b');
});

test("an account added in desk B's window appears on desk A; no key is readable in the folder", async () => {
  const { browser } = deskB;
  await (await $(browser, 'add-button')).click();
  await (await $(browser, 'add-dialog')).waitForDisplayed({ timeout: 10000 });
  await (await $(browser, 'add-issuer')).setValue('Supplier Portal');
  await (await $(browser, 'add-key')).setValue(SUPPLIER);
  await (await $(browser, 'add-preview-code')).waitForDisplayed({ timeout: 10000 });
  await (await $(browser, 'add-save')).click();
  await (await $(browser, 'add-dialog')).waitForDisplayed({ reverse: true, timeout: 10000 });

  const code = await codeOf(deskA.browser, 'Supplier Portal');
  assert.ok(oathtoolCodes(SUPPLIER).includes(code), `A shows ${code}, oathtool ${oathtoolCodes(SUPPLIER)}`);
  await screenshot(deskA.browser, 'share-desk-a');

  const files = [...folderFiles(folderA), ...folderFiles(folderB)];
  assert.ok(files.length >= 10, `only ${files.length} files in the two folders`);
  for (const file of files) {
    const bytes = readFileSync(file);
    const text = bytes.toString('latin1');
    for (const key of [CLINIC, SUPPLIER]) {
      const raw = base32Bytes(key);
      for (const form of [key, key.toLowerCase(), raw.toString('hex'), raw.toString('base64').replace(/=+$/, '')]) {
        assert.ok(!text.includes(form), `${file} holds a key in plain text (${form.slice(0, 6)}…)`);
      }
      assert.equal(bytes.indexOf(raw), -1, `${file} holds a key's raw bytes`);
    }
  }
});
