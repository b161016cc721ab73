// Shared set-up for end-to-end tests: starts tauri-driver, opens a WebDriver
// session on the real app binary, and offers reference tools (oathtool).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.resolve(here, '..', 'artifacts');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on port ${port}`);
}

// Every tauri-driver started runs in a process group of its own (with
// WebKitWebDriver and the app under it): stopping a session ends the whole
// group, and so does this test process's exit, so no app outlives its test
// (one left running keeps the test runner's output pipe open for ever).
const groups = new Set();
process.on('exit', () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
});

/** Ends a process group: SIGTERM, then SIGKILL if it is still there after 10 s. */
async function endGroup(child) {
  const gone = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10000);
  await gone;
  clearTimeout(timer);
  // The group's other members (the app under WebKitWebDriver) go too.
  signal('SIGKILL');
  groups.delete(child.pid);
}

/** Starts tauri-driver and a session on the app. Returns { browser, stop, end }. */
export async function launchApp(env = {}) {
  const application = process.env.TESSERA_APP_BIN;
  if (!application) throw new Error('TESSERA_APP_BIN is not set (scripts/test.sh sets it)');
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // Hidden windows are kept (not released after a minute in the tray)
    // unless a test asks: its WebDriver session works on those windows.
    env: { TESSERA_RELEASE_HIDDEN_AFTER: '0', ...process.env, ...env },
    detached: true,
  });
  groups.add(driver.pid);
  let browser;
  try {
    await waitForPort(port, 15000);
    browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: { 'tauri:options': { application } },
    });
  } catch (err) {
    await endGroup(driver);
    throw err;
  }
  return {
    browser,
    /** Ends tauri-driver alone, after the app quit by itself (no session left to close). */
    async end() {
      await endGroup(driver);
    },
    async stop() {
      try {
        await browser.deleteSession();
      } finally {
        await endGroup(driver);
      }
    },
  };
}

/**
 * Another computer's desktop session on this one: a private D-Bus session
 * bus with its own gnome-keyring (own keyring files, unlocked), for a second
 * app instance that shares nothing with the first but a folder (a second
 * front desk). Returns { env, stop }: pass `env` to launchApp.
 */
export async function privateSession(name) {
  const home = mkdtempSync(path.join(os.tmpdir(), `desk-${name}-`));
  const dirs = {};
  for (const [key, sub] of [['XDG_DATA_HOME', 'data'], ['XDG_CONFIG_HOME', 'config'], ['XDG_CACHE_HOME', 'cache'], ['XDG_RUNTIME_DIR', 'run']]) {
    dirs[key] = path.join(home, sub);
    mkdirSync(dirs[key], { recursive: true, mode: 0o700 });
  }
  const env = { ...process.env, ...dirs };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  groups.add(bus.pid);
  const address = await new Promise((resolve, reject) => {
    let out = '';
    bus.stdout.on('data', (d) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: { ...env, DBUS_SESSION_BUS_ADDRESS: address },
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  groups.add(keyring.pid);
  keyring.stdin.end(process.env.TESSERA_KEYRING_PASSWORD ?? 'tessera-test');
  const owned = () => {
    try {
      return execFileSync('dbus-send', [
        `--bus=${address}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets',
      ]).toString().includes('boolean true');
    } catch {
      return false;
    }
  };
  await eventually(owned, `the second desk's keyring did not start`, 60000);
  return {
    env: { ...dirs, DBUS_SESSION_BUS_ADDRESS: address, NO_AT_BRIDGE: '1' },
    async stop() {
      await endGroup(keyring);
      await endGroup(bus);
    },
  };
}

/**
 * A fresh data directory and profile for one test file, so tests never share
 * accounts (keychain items are namespaced by profile). `settings` are written
 * as the app's settings.json first.
 */
export function freshProfile(name, settings = null) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-e2e-'));
  if (settings) writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  const profile = `${name}-${process.pid}`;
  return { dataDir, profile, env: { TESSERA_DATA_DIR: dataDir, TESSERA_PROFILE: profile } };
}

/** The X clipboard's text (empty when it holds none). */
export function readClipboard() {
  try {
    return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { timeout: 5000 }).toString();
  } catch {
    return '';
  }
}

/** Ids of the visible X windows whose title is exactly `title`. */
export function visibleWindows(title) {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Waits until `check()` is truthy (polling), or fails with `message`. */
export async function eventually(check, message, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await sleep(200);
  }
  throw new Error(`${message} (last: ${JSON.stringify(last)})`);
}

/** Saves a screenshot of the window under tests/artifacts/. */
export async function screenshot(browser, name) {
  mkdirSync(artifacts, { recursive: true });
  // Let WebKit paint the last change first, then ask for one more paint:
  // without GPU compositing a snapshot waits for the next paint, and an idle
  // page may not paint again on its own.
  await sleep(400);
  await browser.execute(() => {
    document.body.style.opacity = '0.999';
    setTimeout(() => (document.body.style.opacity = ''), 300);
  });
  await browser.saveScreenshot(path.join(artifacts, `${name}.png`));
}

/** TOTP codes from oathtool for the given base32 key around now (previous, current). */
export function oathtoolCodes(base32Key, { digits = 6, period = 30 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const out = execFileSync('oathtool', [
    '--totp', '-b', `--digits=${digits}`, `--time-step-size=${period}s`,
    `--now=@${now - period}`, '--window=2', base32Key,
  ]);
  return out.toString().trim().split('\n');
}

/** Saves the whole X screen (native dialogs included) under tests/artifacts/. */
export function screenshotScreen(name) {
  mkdirSync(artifacts, { recursive: true });
  execFileSync('import', ['-window', 'root', path.join(artifacts, `${name}.png`)]);
}

/**
 * In the add dialog after a scan of the Clinic Booking fixture: checks the
 * preview (name, code equal to oathtool's, no key in the page), saves a
 * screenshot, adds it, and checks the list's code. Returns nothing.
 */
export async function addScannedClinic(browser, key, screenshotName) {
  const code = await browser.$('[data-testid="scan-preview"] [data-testid="preview-code"]');
  await code.waitForDisplayed({ timeout: 60000 });
  const name = await browser.$('[data-testid="scan-preview"] [data-testid="preview-account"]').getText();
  if (name !== 'Clinic Booking (scan@clinic.example)') throw new Error(`preview shows ${name}`);
  if (!oathtoolCodes(key).includes(await code.getAttribute('data-code'))) throw new Error('preview code differs from oathtool');
  if ((await browser.getPageSource()).includes(key.slice(0, 8))) throw new Error('the key reached the page');
  await screenshot(browser, screenshotName);
  await (await browser.$('[data-testid="add-save"]')).click();
  const shown = await eventually(async () => {
    const c = await browser.$('[data-testid="account-code"]');
    return (await c.isExisting()) && c.getAttribute('data-code');
  }, 'scanned account has no code in the list');
  if (!oathtoolCodes(key).includes(shown)) throw new Error('list code differs from oathtool');
}

/** The `tessera` command built next to the app. */
export function tesseraCli(args, env = {}, input = undefined) {
  const bin = path.join(path.dirname(process.env.TESSERA_APP_BIN ?? ''), 'tessera');
  return execFileSync(bin, args, { env: { ...process.env, ...env }, input, timeout: 60000 }).toString().trim();
}

function a11yBusUp() {
  try {
    const out = execFileSync('dbus-send', [
      '--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner', 'string:org.a11y.Bus',
    ]).toString();
    return out.includes('boolean true');
  } catch {
    return false;
  }
}

/**
 * Starts the accessibility bus (at-spi-bus-launcher, as a desktop session
 * does) on this D-Bus session, unless it is there already; the app started
 * afterwards publishes its tree there, where Orca and atspi.py read it.
 * Returns a function that stops what was started.
 */
export async function startA11yBus() {
  if (a11yBusUp()) return () => {};
  const launcher = ['/usr/libexec/at-spi-bus-launcher', '/usr/lib/at-spi2-core/at-spi-bus-launcher'].find((p) => {
    try {
      execFileSync('test', ['-x', p]);
      return true;
    } catch {
      return false;
    }
  });
  if (!launcher) throw new Error('at-spi-bus-launcher is not installed (scripts/setup.sh --tests installs at-spi2-core)');
  const child = spawn(launcher, ['--launch-immediately'], { stdio: 'ignore' });
  await eventually(() => a11yBusUp(), 'the accessibility bus did not come up');
  return () => child.kill();
}

/** Runs tests/e2e/atspi.py (what assistive technology receives). `dump` returns the nodes. */
export function atspi(...args) {
  const out = execFileSync('/usr/bin/python3', [path.join(here, 'atspi.py'), ...args], { timeout: 60000 }).toString();
  return args[0] === 'dump' ? JSON.parse(out) : out;
}

/**
 * Runs axe-core (tests/e2e's dev dependency) on the page as it is now and
 * returns its violations: [{ id, impact, help, nodes: [html…] }].
 */
export async function axe(browser) {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await browser.execute(() => typeof window.axe !== 'undefined'))) {
    await browser.execute(`${source}\n;return true;`);
  }
  return browser.executeAsync((done) => {
    window.axe
      .run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        rules: { 'label-content-name-mismatch': { enabled: true } },
        resultTypes: ['violations'],
      })
      .then((r) =>
        done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.html.slice(0, 160)) }))),
      )
      .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
  });
}

/**
 * Starts Orca (the screen reader itself, Debian's orca package) with its own
 * preferences and a debug log (written line by line: tests/e2e/orca_logged.py),
 * and reads back what it said: Orca logs every utterance as
 * `SPEECH OUTPUT: '…'` whether or not a speech server plays it.
 * Returns { mark(), said(), hears(step, pattern, from), stop() }: `mark()` is a
 * position in what was said so far (`said()`, every utterance); `hears` waits until Orca said something
 * matching `pattern` after that position and returns the utterance.
 */
export async function startOrca() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-orca-'));
  const log = path.join(dir, 'debug.out');
  const prefs = path.join(dir, 'prefs');
  mkdirSync(prefs);
  const child = spawn('/usr/bin/python3', [path.join(here, 'orca_logged.py'), log, '--replace', '-u', prefs], {
    stdio: 'ignore',
    detached: true,
  });
  groups.add(child.pid);
  const said = () => {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      return [];
    }
    return [...text.matchAll(/SPEECH OUTPUT: '(.*)'\{/g)].map((m) => m[1]);
  };
  await eventually(() => said().length > 0, 'Orca did not start speaking (is the orca package installed?)', 60000);
  return {
    mark: () => said().length,
    said,
    async hears(step, pattern, from = 0) {
      try {
        return await eventually(() => said().slice(from).find((s) => pattern.test(s)), `after ${step}, Orca did not say ${pattern}`);
      } catch (err) {
        throw new Error(`${err.message}; it said: ${JSON.stringify(said().slice(from))}`);
      }
    },
    async stop() {
      await endGroup(child);
    },
  };
}

/**
 * Saves under `target` in the GTK save dialog titled `title` (the real one
 * the app opens): waits for it to be shown, pastes the path into its name
 * field (pasted, not typed: typed quickly, keys are lost to the field's
 * completion popup, the more so with a screen reader reading each key),
 * checks over AT-SPI that the field holds exactly the path, then presses
 * Return. Returns nothing.
 */
export async function saveInDialog(title, target) {
  const win = await eventually(() => {
    try {
      return execFileSync('xdotool', ['search', '--onlyvisible', '--name', title]).toString().trim().split('\n')[0];
    } catch {
      return '';
    }
  }, `no "${title}" dialog is shown`);
  screenshotScreen(`save-dialog-${title.replace(/\W+/g, '-').toLowerCase()}`);
  execFileSync('xdotool', ['windowfocus', '--sync', win]);
  execFileSync('xclip', ['-selection', 'clipboard', '-i'], { input: target, stdio: ['pipe', 'ignore', 'ignore'] });
  await eventually(() => {
    execFileSync('xdotool', ['key', '--window', win, 'ctrl+a']);
    execFileSync('xdotool', ['key', '--window', win, 'ctrl+v']);
    return atspi('dump').some((n) => n.focused && n.text === target);
  }, `the name field of "${title}" does not hold ${target}`);
  execFileSync('xdotool', ['key', '--window', win, 'Return']);
}

/**
 * A window manager on the test display, as on a desktop (openbox): it is what
 * honours "always on top" and maximising, and hides and shows windows.
 * Returns the process; kill it when done.
 */
export async function startWindowManager() {
  const wm = spawn('openbox', ['--sm-disable'], { stdio: 'ignore' });
  await eventually(() => {
    try {
      return execFileSync('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { encoding: 'utf8' }).includes('window id');
    } catch {
      return false;
    }
  }, 'openbox did not start');
  return wm;
}
