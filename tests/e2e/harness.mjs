// Shared set-up for end-to-end tests: starts tauri-driver, opens a WebDriver
// session on the real app binary, and offers reference tools (oathtool).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.resolve(here, '..', 'artifacts');

function freePort() {
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

/** Starts tauri-driver and a session on the app. Returns { browser, stop }. */
export async function launchApp(env = {}) {
  const application = process.env.TESSERA_APP_BIN;
  if (!application) throw new Error('TESSERA_APP_BIN is not set (scripts/test.sh sets it)');
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  await waitForPort(port, 15000);
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    capabilities: { 'tauri:options': { application } },
  });
  return {
    browser,
    async stop() {
      try {
        await browser.deleteSession();
      } finally {
        driver.kill();
      }
    },
  };
}

/** Saves a screenshot of the window under tests/artifacts/. */
export async function screenshot(browser, name) {
  mkdirSync(artifacts, { recursive: true });
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
