// Signed updates, end to end, on the installed package (run as root by
// scripts/lib/package_test.sh with TESSERA_TEST_DEB = a debug .deb of the
// current version; debug builds let TESSERA_TEST_UPDATE_URL and
// TESSERA_TEST_UPDATE_PUBKEY replace the release endpoint and key).
//
// The test makes two minisign key pairs with `tauri signer generate` (in a
// temporary folder, deleted afterwards: no private key is ever kept), builds a
// newer (0.2.0) and an older (0.0.9) package from the one given (same payload,
// the version in DEBIAN/control changed), signs them with `tauri signer sign
// --app-version`, and serves latest.json and the packages from a loopback
// HTTP server. In the installed app (Settings → Updates):
// - the administrator's policy {"updates": false} shows "managed" and asks
//   the server nothing;
// - an older version is not offered;
// - a tampered signature, a signature by another key, and a manifest that
//   announces another version than the one signed are refused at install:
//   the system's package stays at the running version, and so does the app;
// - the genuine newer package is offered, verified and installed by the real
//   dpkg (`dpkg-query` reports 0.2.0 afterwards).
// The only stand-in is pkexec (the administrator's password prompt): as root,
// a pkexec on PATH that runs its arguments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freshProfile, launchApp, screenshot } from '../harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tauri = path.resolve(here, '..', '..', '..', 'ui', 'node_modules', '.bin', 'tauri');
const deb = process.env.TESSERA_TEST_DEB;
const work = mkdtempSync(path.join(os.tmpdir(), 'tessera-updates-'));
const PASSWORD = 'throwaway test key';
const requests = [];
let manifest = null;
let server;
let base;
let running;

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...opts }).trim();
const installedVersion = () => run('dpkg-query', ['-W', '-f=${Version}', 'tessera']);

/** A key pair in `dir`: returns { key: private key path, pubkey: as the app wants it }. */
function keyPair(name) {
  const key = path.join(work, name);
  run(tauri, ['signer', 'generate', '--ci', '-p', PASSWORD, '-w', key], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { key, pubkey: readFileSync(`${key}.pub`, 'utf8').trim() };
}

/** The signature (as latest.json carries it) of `file` for `version`, by `pair`. */
function sign(pair, file, version) {
  run(tauri, ['signer', 'sign', '-f', pair.key, '-p', PASSWORD, '--app-version', version, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readFileSync(`${file}.sig`, 'utf8').trim();
}

/** The package `deb` rebuilt as `version` (same files). */
function repackage(version) {
  const tree = path.join(work, `tree-${version}`);
  run('dpkg-deb', ['-R', deb, tree]);
  const control = path.join(tree, 'DEBIAN', 'control');
  writeFileSync(control, readFileSync(control, 'utf8').replace(/^Version: .*$/m, `Version: ${version}`));
  const out = path.join(work, `tessera_${version}_amd64.deb`);
  // Fast compression: the debug binary is large, and these packages are only served.
  run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z1', '-b', tree, out]);
  rmSync(tree, { recursive: true });
  return out;
}

/** A signature with one character of the signature proper changed. */
function tamper(signature) {
  const lines = Buffer.from(signature, 'base64').toString('utf8').split('\n');
  const sig = lines[1];
  const at = 20;
  lines[1] = sig.slice(0, at) + (sig[at] === 'A' ? 'B' : 'A') + sig.slice(at + 1);
  return Buffer.from(lines.join('\n')).toString('base64');
}

function latest(version, file, signature) {
  return {
    version,
    notes: `Tessera ${version}: test release.`,
    pub_date: '2026-12-02T00:00:00Z',
    platforms: { 'linux-x86_64-deb': { url: `${base}/pkg/${path.basename(file)}`, signature } },
  };
}

let keyA, keyB, newer, older, current;

before(async () => {
  assert.ok(deb, 'TESSERA_TEST_DEB must name the debug .deb of the current version (scripts/lib/package_test.sh)');
  assert.equal(process.getuid(), 0, 'this test installs packages with dpkg: run it as root');
  current = run('dpkg-deb', ['-f', deb, 'Version']);
  keyA = keyPair('release.key');
  keyB = keyPair('other.key');
  newer = repackage('0.2.0');
  older = repackage('0.0.9');

  server = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.url === '/latest.json' && manifest) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(manifest));
      return;
    }
    const name = req.url.startsWith('/pkg/') ? path.basename(req.url) : '';
    const file = readdirSync(work).includes(name) ? path.join(work, name) : '';
    if (file) {
      res.writeHead(200, { 'content-type': 'application/vnd.debian.binary-package' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;

  // The administrator's password prompt, as root: run the command.
  const bin = path.join(work, 'bin');
  run('mkdir', ['-p', bin]);
  writeFileSync(path.join(bin, 'pkexec'), '#!/bin/sh\nexec "$@"\n');
  chmodSync(path.join(bin, 'pkexec'), 0o755);

  run('dpkg', ['-i', deb]);
  assert.equal(installedVersion(), current);
  process.env.TESSERA_APP_BIN = '/usr/bin/tessera-app';
  process.env.PATH = `${bin}:${process.env.PATH}`;
});

after(async () => {
  await running?.stop();
  server?.closeAllConnections();
  server?.close();
  try {
    run('dpkg', ['-r', 'tessera']);
  } catch {}
  rmSync(work, { recursive: true, force: true });
});

async function openUpdates(browser) {
  await (await browser.$('[data-testid="settings-button"]')).click();
  const section = await browser.$('[data-testid="updates-section"]');
  await section.waitForDisplayed({ timeout: 60000 });
  await section.scrollIntoView();
  return section;
}

const stateOf = async (browser) => (await browser.$('[data-testid="updates-result"]')).getAttribute('data-state');

async function check(browser) {
  const before = requests.length;
  await (await browser.$('[data-testid="updates-check"]')).click();
  // The button is disabled while the check runs.
  const button = await browser.$('[data-testid="updates-check"]');
  await eventually(
    async () => requests.slice(before).includes('/latest.json') && (await button.isEnabled()),
    'the check did not finish',
    60000,
  );
  return stateOf(browser);
}

/** Installs what is offered; expects a refusal. Returns the error shown. */
async function refusedInstall(browser) {
  const before = requests.length;
  await (await browser.$('[data-testid="updates-install"]')).click();
  const error = await eventually(async () => {
    const e = await browser.$('[data-testid="updates-error"]');
    return (await e.isExisting()) && e.getText();
  }, 'no refusal was shown', 120000);
  assert.ok(requests.slice(before).some((u) => u.startsWith('/pkg/')), 'the package was not even downloaded');
  assert.equal(installedVersion(), current, 'a refused update changed the installed package');
  const version = await (await browser.$('[data-testid="updates-version"]')).getAttribute('data-version');
  assert.equal(version, current, 'the running version changed');
  return error;
}

test('the administrator policy turns updates off: nothing is asked of the server', async () => {
  const policy = path.join(work, 'policy.json');
  writeFileSync(policy, '{ "updates": false }\n');
  const profile = freshProfile('updates-policy');
  manifest = latest('0.2.0', newer, sign(keyA, newer, '0.2.0'));
  const app = await launchApp({
    ...profile.env,
    TESSERA_TEST_POLICY: policy,
    TESSERA_TEST_UPDATE_URL: `${base}/latest.json`,
    TESSERA_TEST_UPDATE_PUBKEY: keyA.pubkey,
  });
  try {
    const { browser } = app;
    await openUpdates(browser);
    await eventually(async () => (await stateOf(browser)) === 'managed', 'the policy was not applied');
    assert.equal(await (await browser.$('[data-testid="updates-check"]')).isExisting(), false);
    await screenshot(browser, 'updates-managed');
    assert.deepEqual(requests, [], 'the server was asked despite the policy');
  } finally {
    await app.stop();
  }
});

test('older, tampered, wrongly keyed and mislabelled updates are refused; the genuine one is installed', async () => {
  const profile = freshProfile('updates');
  running = await launchApp({
    ...profile.env,
    TESSERA_TEST_UPDATE_URL: `${base}/latest.json`,
    TESSERA_TEST_UPDATE_PUBKEY: keyA.pubkey,
  });
  const { browser } = running;
  await openUpdates(browser);
  await eventually(async () => (await stateOf(browser)) === 'ready', 'updates are not ready to check');
  const version = await (await browser.$('[data-testid="updates-version"]')).getAttribute('data-version');
  assert.equal(version, current);

  // An older, genuinely signed version is not offered.
  manifest = latest('0.0.9', older, sign(keyA, older, '0.0.9'));
  assert.equal(await check(browser), 'upToDate');
  assert.equal(await (await browser.$('[data-testid="updates-install"]')).isExisting(), false);

  const genuine = sign(keyA, newer, '0.2.0');

  // A tampered signature.
  manifest = latest('0.2.0', newer, tamper(genuine));
  assert.equal(await check(browser), 'available');
  let error = await refusedInstall(browser);
  assert.match(error, /signature/i);
  await screenshot(browser, 'updates-refused');

  // Signed by another key.
  copyFileSync(newer, path.join(work, 'other_0.2.0_amd64.deb'));
  const other = path.join(work, 'other_0.2.0_amd64.deb');
  manifest = latest('0.2.0', other, sign(keyB, other, '0.2.0'));
  assert.equal(await check(browser), 'available');
  error = await refusedInstall(browser);
  assert.match(error, /signature/i);

  // Announced as 0.3.0, signed as 0.2.0.
  manifest = latest('0.3.0', newer, genuine);
  assert.equal(await check(browser), 'available');
  error = await refusedInstall(browser);
  assert.match(error, /0\.3\.0/);
  assert.match(error, /0\.2\.0/);

  // The genuine newer version.
  manifest = latest('0.2.0', newer, genuine);
  assert.equal(await check(browser), 'available');
  const offered = await browser.$('[data-testid="updates-offered"]');
  assert.equal(await offered.getAttribute('data-version'), '0.2.0');
  await screenshot(browser, 'updates-offered');
  await (await browser.$('[data-testid="updates-install"]')).click();
  const installed = await browser.$('[data-testid="updates-installed"]');
  await installed.waitForDisplayed({ timeout: 120000 });
  assert.equal(await installed.getAttribute('data-version'), '0.2.0');
  assert.equal(installedVersion(), '0.2.0');
  await screenshot(browser, 'updates-installed');
});
