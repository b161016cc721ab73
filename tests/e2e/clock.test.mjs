// The clock check in the app, against a real NTP server: chronyd (Debian's
// chrony) on a loopback port with its own configuration, run under
// libfaketime 90 s behind, so this computer's clock is 90 s fast by it. The
// app asks it at start (TESSERA_TIME_SERVERS names it): the list shows the
// warning, Settings → Clock the offset and that codes are wrong, and
// "Correct codes for this clock" makes the codes oathtool's at the server's
// time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freshProfile, launchApp, screenshot, tesseraCli } from './harness.mjs';

const KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const BEHIND_S = 90;
const profile = freshProfile('clock');
let chronyd;
let port;
let app;

function findChronyd() {
  const cache = process.env.TESSERA_CACHE ?? path.join(os.homedir(), '.cache/tessera');
  const found = [
    ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'chronyd')),
    '/usr/sbin/chronyd',
    path.join(cache, 'chrony/usr/sbin/chronyd'),
  ].find((p) => existsSync(p));
  if (!found) throw new Error('chronyd is not installed (scripts/setup.sh --tests installs it)');
  return found;
}

function freeUdpPort() {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
}

/** Whether an NTP server answers on 127.0.0.1:`p` (one client request, server mode back). */
function answers(p) {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const request = Buffer.alloc(48);
    request[0] = 0x23; // version 4, client
    request[40] = 0xe0;
    const done = (ok) => {
      clearTimeout(timer);
      s.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    s.on('message', (m) => done(m.length === 48 && (m[0] & 7) === 4));
    s.on('error', () => done(false));
    s.send(request, p, '127.0.0.1');
  });
}

before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-chrony-'));
  port = await freeUdpPort();
  const user = execFileSync('id', ['-un']).toString().trim();
  const conf = path.join(dir, 'chrony.conf');
  writeFileSync(
    conf,
    `port ${port}\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\ncmdport 0\nbindcmdaddress /\n` +
      `pidfile ${dir}/chronyd.pid\ndriftfile ${dir}/drift\nuser ${user}\n`,
  );
  // -x: never touches the system clock; libfaketime moves only its own.
  chronyd = spawn('faketime', ['-f', `-${BEHIND_S}s`, findChronyd(), '-x', '-d', '-f', conf], { stdio: 'ignore', detached: true });
  await eventually(() => answers(port), 'chronyd did not answer on its port', 60000);
  // The server's verdict as the command gives it, for the record.
  let said = '';
  try {
    said = tesseraCli(['clock', '--server', `127.0.0.1:${port}`, '--json'], profile.env);
  } catch (err) {
    said = `${err.stdout ?? ''}`; // exit 1: skewed, as expected
  }
  console.log(`[clock] tessera clock: ${said.trim()}`);
  tesseraCli(['add', '--issuer', 'Clinic Booking', '--account', 'frontdesk@clinic.example', '--secret', KEY], profile.env);
  app = await launchApp({ ...profile.env, TESSERA_TIME_SERVERS: `127.0.0.1:${port}` });
});

after(async () => {
  await app?.stop();
  try {
    process.kill(-chronyd.pid, 'SIGKILL');
  } catch {}
});

const $ = (id) => app.browser.$(`[data-testid="${id}"]`);

/** oathtool's codes for the time `shiftS` seconds from now (the step before, at and after). */
function codesAt(shiftS) {
  const at = Math.floor(Date.now() / 1000) + shiftS;
  return execFileSync('oathtool', ['--totp', '-b', `--now=@${at - 30}`, '--window=2', KEY]).toString().trim().split('\n');
}

test('a clock 90 s fast by the time server: warned in the list and in Settings → Clock', async () => {
  const banner = await $('clock-banner');
  await banner.waitForDisplayed({ timeout: 60000 });
  const text = await banner.getText();
  assert.match(text, /Your clock is (8[89]|9[0-2]) s fast/, text);
  await screenshot(app.browser, 'clock-banner');
  await (await $('settings-button')).click();
  const section = await $('clock-section');
  await section.waitForDisplayed({ timeout: 30000 });
  await section.scrollIntoView();
  const result = await (await $('clock-result')).getText();
  assert.match(result, /Your clock is (8[89]|9[0-2]) s fast\./, result);
  assert.match(result, /enough to give wrong codes/, result);
  console.log(`[clock] banner "${text}"; Settings → Clock "${result.replace(/\s+/g, ' ')}"`);
});

test("the time correction makes the codes oathtool's at the server's time", async () => {
  await (await app.browser.$('button=Correct codes for this clock')).click();
  await eventually(async () => /Codes are corrected by (8[89]|9[0-2]) s/.test(await (await $('clock-result')).getText()), 'the correction is not shown');
  await screenshot(app.browser, 'clock-corrected');
  await app.browser.keys(['Escape']);
  await eventually(async () => !(await (await $('clock-banner')).isExisting()), 'the warning stayed after the correction');
  const code = await eventually(async () => {
    const c = await $('account-code');
    const shown = (await c.isExisting()) && (await c.getAttribute('data-code'));
    return shown && codesAt(-BEHIND_S).includes(shown) && !codesAt(0).includes(shown) && shown;
  }, "the code is not oathtool's at the server's time");
  console.log(`[clock] corrected code ${code}, oathtool at -${BEHIND_S} s: ${codesAt(-BEHIND_S).join(' ')}`);
});
