// The main window's place survives quitting while it is hidden: maximised,
// closed to the tray ("keep running in the tray"), then Ctrl+Q in the quick
// copy window quits Tessera; the next start opens it maximised again. (The
// window-state file was not written when Tessera quit from the tray.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { visibleWindows as visible, eventually, freshProfile, launchApp, screenshot, startWindowManager, tesseraCli } from './harness.mjs';

const profile = freshProfile('winstate', { startInTray: true });
// Its own config directory: the window-state file is this test's alone.
const config = mkdtempSync(path.join(os.tmpdir(), 'tessera-winstate-'));
const env = { ...profile.env, XDG_CONFIG_HOME: config };
const stateFile = path.join(config, 'app.tessera.desktop', '.window-state.json');
let wm;
let first;

function maximised(id) {
  const state = execFileSync('xprop', ['-id', id, '_NET_WM_STATE'], { encoding: 'utf8' });
  return state.includes('_NET_WM_STATE_MAXIMIZED_VERT') && state.includes('_NET_WM_STATE_MAXIMIZED_HORZ');
}

function appRunning() {
  try {
    execFileSync('pgrep', ['-f', process.env.TESSERA_APP_BIN]);
    return true;
  } catch {
    return false;
  }
}

/** A second launch, as from the desktop's menu: the running Tessera shows itself (or its mini window). */
async function launchAgain(args) {
  const second = spawn(process.env.TESSERA_APP_BIN, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  await new Promise((resolve) => second.on('exit', resolve));
}

/** Starts Tessera (hidden: it keeps running in the tray) and shows its main window. */
async function startAndShow() {
  const app = await launchApp(env);
  await eventually(async () => {
    if (visible('Tessera').length === 1) return true;
    await launchAgain([]);
    return false;
  }, 'the main window did not show on a second launch', 60000);
  return app;
}

/** Opens the quick copy window (a second launch with --mini) and presses Ctrl+Q in it; waits until Tessera is gone. */
async function quitFromMini(browser, main) {
  await eventually(async () => {
    if (visible('Tessera: quick copy').length === 1) return true;
    await launchAgain(['--mini']);
    return false;
  }, 'the quick copy window did not show', 60000);
  let mini = null;
  await eventually(async () => {
    mini = (await browser.getWindowHandles()).find((h) => h !== main) ?? null;
    return mini !== null;
  }, 'no quick copy window handle');
  await browser.switchToWindow(mini);
  await (await browser.$('[data-testid="mini-search"]')).waitForDisplayed({ timeout: 20000 });
  // The app quits while the key is being sent: its session ends with it.
  await browser.keys(['Control', 'q']).catch(() => {});
  await eventually(() => !appRunning(), 'Ctrl+Q did not quit Tessera', 30000);
  await first.end();
}

/** Whether the window-state file says the main window is maximised. */
function savedMaximised() {
  assert.ok(existsSync(stateFile), `no window state was saved (${stateFile})`);
  return JSON.parse(readFileSync(stateFile, 'utf8')).main?.maximized;
}

before(async () => {
  wm = await startWindowManager();
  tesseraCli(['add', '--uri', 'otpauth://totp/Clinic:desk?secret=JBSWY3DPEHPK3PXP&issuer=Clinic'], profile.env);
});

after(async () => {
  await first?.end();
  wm?.kill();
});

test('maximised, then quit while hidden in the tray (after closing it, and after a start in the tray): it comes back maximised', async () => {
  first = await startAndShow();
  const { browser } = first;
  const main = await browser.getWindowHandle();
  await browser.maximizeWindow();
  const [id] = visible('Tessera');
  await eventually(() => maximised(id), 'the window manager did not maximise the window');
  await screenshot(browser, 'winstate-maximised');

  // Closed as a user closes it (the window manager's Alt+F4): to the tray.
  execFileSync('xdotool', ['windowactivate', '--sync', id]);
  execFileSync('xdotool', ['key', 'alt+F4']);
  await eventually(() => visible('Tessera').length === 0, 'closing did not hide the window to the tray');
  assert.ok(appRunning(), 'closing quit Tessera instead of keeping it in the tray');

  await quitFromMini(first.browser, main);
  first = null;
  assert.equal(savedMaximised(), true, 'quitting while hidden saved the window as not maximised');

  // Started hidden (in the tray) and quit without ever showing the window.
  first = await launchApp(env);
  const hiddenMain = await first.browser.getWindowHandle();
  await quitFromMini(first.browser, hiddenMain);
  first = null;
  assert.equal(savedMaximised(), true, 'a start in the tray and a quit saved the window as not maximised');

  const second = await startAndShow();
  try {
    const [again] = visible('Tessera');
    await eventually(() => maximised(again), 'the main window did not open maximised again');
    await screenshot(second.browser, 'winstate-restored');
  } finally {
    await second.stop();
  }
});
