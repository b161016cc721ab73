// Measures the running app for bench/app.sh (see there). Prints a table.
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchApp } from '../tests/e2e/harness.mjs';

const [accounts, idleSeconds, debBytes] = process.argv.slice(2).map(Number);

/** PIDs of the app and every process below it (WebKit's web and network processes). */
function tree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {}
  }
  const out = [];
  const walk = (pid) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(rootPid);
  return out;
}

function memoryKiB(pid, field) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** When a process started, in epoch milliseconds (10 ms resolution): its
 * start in clock ticks since boot, against the uptime read at the same moment. */
function startedAtMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const uptimeMs = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  return Date.now() - (uptimeMs - startTicks * 10);
}

/** Unique memory: pages only this process holds. */
function ussKiB(pid) {
  return memoryKiB(pid, 'Private_Clean') + memoryKiB(pid, 'Private_Dirty');
}

function appPid() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
      if (exe === process.env.TESSERA_APP_BIN) return Number(entry);
    } catch {}
  }
  return null;
}

const started = performance.now();
const app = await launchApp();
let painted = null;
try {
  const { browser } = app;
  while (performance.now() - started < 60000) {
    const n = await browser.execute(
      () => document.querySelectorAll('[data-testid="account-code"]').length,
    );
    if (n > 0) {
      painted = performance.now() - started;
      break;
    }
    await sleep(20);
  }
  const rows = await browser.execute(() => document.querySelectorAll('[data-testid="account-row"]').length);
  const paintedAt = Number(await browser.execute(() => document.documentElement.dataset.firstCodesAt ?? 0));
  const pageAt = Math.round(await browser.execute(() => performance.timeOrigin));
  const launchedAt = startedAtMs(appPid());
  await sleep(idleSeconds * 1000);
  const pid = appPid();
  const pids = pid ? tree(pid) : [];
  const rss = pids.reduce((sum, p) => sum + memoryKiB(p, 'Rss'), 0);
  const pss = pids.reduce((sum, p) => sum + memoryKiB(p, 'Pss'), 0);
  const uss = pids.reduce((sum, p) => sum + ussKiB(p), 0);
  const mb = (kib) => (kib / 1024).toFixed(1);
  const rowsOut = [
    ['accounts listed', `${rows} of ${accounts}`, ''],
    ['process start → first codes painted', paintedAt ? `${paintedAt - launchedAt} ms` : 'never', '< 1000 ms'],
    ['  of which: process start → page load starts', paintedAt ? `${pageAt - launchedAt} ms` : '', ''],
    ['  of which: page load → first codes painted', paintedAt ? `${paintedAt - pageAt} ms` : '', ''],
    ['  same, from the WebDriver request (upper bound)', painted === null ? 'never' : `${Math.round(painted)} ms`, ''],
    [`memory after ${idleSeconds} s idle (RSS, ${pids.length} processes)`, `${mb(rss)} MB`, '< 150 MB'],
    ['  same, proportional (PSS: shared libraries split)', `${mb(pss)} MB`, ''],
    ['  same, unique to Tessera (USS)', `${mb(uss)} MB`, ''],
    ['.deb size', `${(debBytes / 1048576).toFixed(2)} MiB`, '< 10 MB'],
  ];
  console.log('| measure | value | target |\n|---|---|---|');
  for (const [a, b, c] of rowsOut) console.log(`| ${a} | ${b} | ${c} |`);
} finally {
  await app.stop();
}
