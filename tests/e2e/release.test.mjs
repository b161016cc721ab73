// Hidden in the tray, Tessera lets its webviews go: once every window has
// been hidden for the release delay (a minute; two seconds here) the windows
// are destroyed and WebKit's web process ends, while the app keeps running
// with its state in Rust. A second launch builds the main window again, with
// the right codes; the quick copy window opens over a released main window,
// and Ctrl+Q there still quits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { visibleWindows as visible, eventually, freshProfile, launchApp, oathtoolCodes, screenshot, startWindowManager, tesseraCli } from './harness.mjs';

const KEY = 'JBSWY3DPEHPK3PXP';
const profile = freshProfile('release', { startInTray: true });
const env = { ...profile.env, TESSERA_RELEASE_HIDDEN_AFTER: '2' };
let wm;
let app;

/** Every process as { pid, ppid, comm }. */
function processes() {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(entry), ppid, comm });
    } catch {}
  }
  return out;
}

/** The pid of this test's app (its binary, with this test's profile), or null. */
function appPid() {
  for (const { pid } of processes()) {
    try {
      const exe = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      if (exe !== process.env.TESSERA_APP_BIN) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (environ.includes(`TESSERA_PROFILE=${profile.profile}`)) return pid;
    } catch {}
  }
  return null;
}

/** How many WebKit web processes run below the app. */
function webProcesses() {
  const root = appPid();
  if (root === null) return -1;
  const all = processes();
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  // The kernel keeps 15 characters of a name: "WebKitWebProces".
  return all.filter((p) => below.has(p.pid) && p.comm.startsWith('WebKitWebProc')).length;
}

/** A second launch, as from the desktop's menu. */
async function launchAgain(args) {
  const second = spawn(process.env.TESSERA_APP_BIN, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  await new Promise((resolve) => second.on('exit', resolve));
}

/** Switches the session to a window that shows `selector`; returns its handle. */
async function switchToWindowWith(browser, selector) {
  return eventually(async () => {
    for (const handle of await browser.getWindowHandles()) {
      await browser.switchToWindow(handle);
      if (await browser.execute((s) => document.querySelector(s) !== null, selector)) return handle;
    }
    return null;
  }, `no window shows ${selector}`, 60000);
}

before(async () => {
  wm = await startWindowManager();
  tesseraCli(['add', '--uri', `otpauth://totp/Clinic:desk?secret=${KEY}&issuer=Clinic`], profile.env);
});

after(async () => {
  await app?.stop().catch(() => {});
  wm?.kill();
});

test('hidden in the tray, the webviews are released and built again on a second launch; Ctrl+Q still quits', async () => {
  // Started in the tray: hidden from the start.
  app = await launchApp(env);
  const { browser } = app;
  await eventually(() => webProcesses() === 0, 'the hidden window kept its web process', 60000);
  assert.ok(appPid() !== null, 'releasing the windows quit Tessera');
  assert.equal(visible('Tessera').length, 0);

  // Shown again: a new main window, its web process, the right code.
  await eventually(async () => {
    if (visible('Tessera').length === 1) return true;
    await launchAgain([]);
    return false;
  }, 'a second launch did not build the main window again', 60000);
  await switchToWindowWith(browser, '[data-testid="account-code"]');
  const shown = await eventually(async () => {
    const code = await browser.$('[data-testid="account-code"]');
    return (await code.isExisting()) && code.getAttribute('data-code');
  }, 'the rebuilt window shows no code');
  assert.ok(oathtoolCodes(KEY).includes(shown), `the rebuilt window shows ${shown}, not oathtool's code`);
  assert.ok(webProcesses() >= 1, 'the rebuilt window has no web process');
  await screenshot(browser, 'release-rebuilt');

  // Closed to the tray again, released again.
  const [id] = visible('Tessera');
  execFileSync('xdotool', ['windowactivate', '--sync', id]);
  execFileSync('xdotool', ['key', 'alt+F4']);
  await eventually(() => visible('Tessera').length === 0, 'closing did not hide the window to the tray');
  await eventually(() => webProcesses() === 0, 'the window closed to the tray kept its web process', 60000);
  assert.ok(appPid() !== null, 'the second release quit Tessera');

  // The quick copy window opens on its own, and Ctrl+Q in it quits.
  await eventually(async () => {
    if (visible('Tessera: quick copy').length === 1) return true;
    await launchAgain(['--mini']);
    return false;
  }, 'the quick copy window did not open over a released main window', 60000);
  await switchToWindowWith(browser, '[data-testid="mini-search"]');
  assert.equal(visible('Tessera').length, 0, 'opening the quick copy window showed the main window');
  await (await browser.$('[data-testid="mini-search"]')).waitForDisplayed({ timeout: 20000 });
  await browser.keys(['Control', 'q']).catch(() => {});
  await eventually(() => appPid() === null, 'Ctrl+Q did not quit Tessera after a release', 30000);
  await app.end();
  app = null;
});
