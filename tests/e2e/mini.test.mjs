// The mini window in the real app: Ctrl+Shift+M opens it on top, typing
// narrows it, Enter copies the code (= oathtool's) and hides it, a second
// launch with --mini shows it again with a fresh search, the main window's
// codes keep coming meanwhile, the global shortcut (a real X key grab,
// pressed with xdotool) brings it up, and locking closes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { eventually, freshProfile, launchApp, oathtoolCodes, readClipboard, screenshot, startWindowManager, tesseraCli } from './harness.mjs';

const profile = freshProfile('mini');
const ACCOUNTS = [
  ['GitHub', 'frontdesk', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ'],
  ['Clinic Booking', 'reception', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJR'],
  ['Xero', 'accounts', 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LL'],
];
const TITLE = 'Tessera: quick copy';
let app;
let browser;
let main;

/** Ids of the visible (mapped) X windows titled `TITLE`. */
function visibleMini() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', TITLE], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** The mini window's WebDriver handle, once it exists. */
async function miniHandle() {
  let handle = null;
  await eventually(async () => {
    handle = (await browser.getWindowHandles()).find((h) => h !== main) ?? null;
    return handle !== null;
  }, 'no mini window handle', 20000);
  return handle;
}

let wm;

before(async () => {
  // "Always on top" (_NET_WM_STATE_ABOVE) needs a window manager.
  wm = await startWindowManager();
  for (const [issuer, name, key] of ACCOUNTS) {
    tesseraCli(['add', '--uri', `otpauth://totp/${encodeURIComponent(issuer)}:${name}?secret=${key}&issuer=${encodeURIComponent(issuer)}`], profile.env);
  }
  app = await launchApp(profile.env);
  browser = app.browser;
  main = await browser.getWindowHandle();
  await eventually(async () => (await browser.$$('[data-testid="account-code"]')).length === 3, 'the list did not show 3 codes');
});

after(async () => {
  await app?.stop();
  wm?.kill();
});

test('Ctrl+Shift+M opens the mini window on top; typing narrows it; Enter copies and hides it', async () => {
  await (await browser.$('[data-testid="search"]')).click();
  await browser.keys(['Control', 'Shift', 'm']);
  await eventually(() => visibleMini().length === 1, 'the mini window did not appear');
  await browser.switchToWindow(await miniHandle());
  const search = await browser.$('[data-testid="mini-search"]');
  await search.waitForDisplayed({ timeout: 20000 });
  await eventually(async () => (await browser.$$('[data-testid="mini-code"]')).length === 3, 'the mini window did not list 3 codes');
  // The search has the focus: typing goes straight in.
  await eventually(() => browser.execute(() => document.activeElement?.getAttribute('data-testid') === 'mini-search'), 'the search is not focused');
  await browser.keys([...'clin']);
  await eventually(async () => (await browser.$$('[data-testid="mini-result"]')).length === 1, 'the search did not narrow to one account');
  const code = await (await browser.$('[data-testid="mini-code"]')).getAttribute('data-code');
  assert.ok(oathtoolCodes(ACCOUNTS[1][2]).includes(code), `mini code ${code} is not oathtool's`);
  const icons = await browser.execute(() => [...document.querySelectorAll('[data-testid="service-icon"]')].map((i) => i.getAttribute('data-icon')));
  assert.deepEqual(icons, ['letters:CB']);
  await screenshot(browser, 'mini-window');
  // The window's always-on-top hint reached the window manager.
  const id = visibleMini()[0];
  const state = execFileSync('xprop', ['-id', id, '_NET_WM_STATE'], { encoding: 'utf8' });
  assert.match(state, /_NET_WM_STATE_ABOVE/);

  await browser.keys(['Enter']);
  const copied = await eventually(() => {
    const text = readClipboard().trim();
    return oathtoolCodes(ACCOUNTS[1][2]).includes(text) && text;
  }, 'the code was not copied');
  assert.match(copied, /^\d{6}$/);
  await eventually(() => visibleMini().length === 0, 'the mini window did not hide after the copy');
});

test('a second launch with --mini shows it again, its search cleared; the main window kept its codes', async () => {
  const second = spawn(process.env.TESSERA_APP_BIN, ['--mini'], { env: { ...process.env, ...profile.env }, stdio: 'ignore' });
  const exited = new Promise((resolve) => second.on('exit', resolve));
  await eventually(() => visibleMini().length === 1, 'the second launch did not show the mini window');
  // The second instance hands over and ends.
  await exited;
  const value = await (await browser.$('[data-testid="mini-search"]')).getValue();
  assert.equal(value, '');
  await eventually(async () => (await browser.$$('[data-testid="mini-result"]')).length === 3, 'the search was not cleared');
  await browser.keys(['Escape']);
  await eventually(() => visibleMini().length === 0, 'Escape did not hide the mini window');

  await browser.switchToWindow(main);
  const codes = await browser.execute(() => [...document.querySelectorAll('[data-testid="account-code"]')].map((c) => c.getAttribute('data-code')));
  assert.equal(codes.length, 3);
  for (const [i, [, , key]] of ACCOUNTS.entries()) assert.ok(oathtoolCodes(key).includes(codes[i]), `main window code ${i} is stale`);
});

/** Presses `keys` on the test display until the mini window shows (a minute is only a guard). */
async function pressUntilMiniShows(keys) {
  await eventually(() => {
    if (visibleMini().length === 1) return true;
    execFileSync('xdotool', ['key', keys]);
    return false;
  }, `${keys} did not bring up the mini window`, 60000);
}

async function openSettings() {
  await browser.switchToWindow(main);
  await (await browser.$('[data-testid="settings-button"]')).click();
  await (await browser.$('[data-testid="settings-dialog"]')).waitForDisplayed({ timeout: 10000 });
}

async function closeSettings() {
  await browser.keys(['Escape']);
  await eventually(async () => !(await browser.$('[data-testid="settings-dialog"]').isExisting()), 'settings stayed open');
}

test('the global shortcut Ctrl+Alt+T brings it up from any application; a changed shortcut is taken at once', async () => {
  await openSettings();
  const state = await browser.$('[data-testid="shortcut-state"]');
  await eventually(async () => (await state.getAttribute('data-active')) === 'true', 'Settings does not say the shortcut is in use');
  assert.match(await state.getText(), /Ctrl\+Alt\+T opens the quick copy window/);
  await (await browser.$('[data-testid="shortcut-section"]')).scrollIntoView();
  await screenshot(browser, 'settings-shortcut');
  await closeSettings();

  // xdotool types into whatever has the focus: here, no Tessera window.
  await pressUntilMiniShows('ctrl+alt+t');
  await browser.switchToWindow(await miniHandle());
  await eventually(() => browser.execute(() => document.activeElement?.getAttribute('data-testid') === 'mini-search'), 'the search is not focused');
  await browser.keys(['Escape']);
  await eventually(() => visibleMini().length === 0, 'Escape did not hide the mini window');

  await openSettings();
  const field = await browser.$('[data-testid="set-shortcut"]');
  await field.scrollIntoView();
  await field.clearValue();
  await field.setValue('ctrl + alt + y');
  await (await browser.$('[data-testid="settings-save"]')).click();
  await eventually(async () => /Ctrl\+Alt\+Y opens/.test(await state.getText()), 'the new shortcut was not taken');
  // Nonsense is refused with the reason, and the shortcut held stays.
  await field.clearValue();
  await field.setValue('Shift+Y');
  await (await browser.$('[data-testid="settings-save"]')).click();
  await eventually(async () => {
    const text = await browser.execute(() => document.querySelector('[data-testid="settings-dialog"]')?.textContent ?? '');
    return /needs Ctrl, Alt or Super/.test(text);
  }, 'a shortcut without Ctrl/Alt/Super was not refused');
  await closeSettings();
  await pressUntilMiniShows('ctrl+alt+y');
  await browser.switchToWindow(await miniHandle());
  await browser.keys(['Escape']);
  await eventually(() => visibleMini().length === 0, 'Escape did not hide the mini window');
});

test('locking closes the mini window', async () => {
  await browser.switchToWindow(main);
  await browser.execute(() => document.querySelector('[data-testid="search"]')?.focus());
  await browser.keys(['Control', 'Shift', 'm']);
  await eventually(() => visibleMini().length === 1, 'the mini window did not appear');
  await browser.switchToWindow(main);
  await browser.keys(['Control', 'l']);
  await eventually(async () => (await browser.getWindowHandles()).length === 1, 'the mini window stayed open after locking');
  assert.deepEqual(visibleMini(), []);
});
