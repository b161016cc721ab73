// Two real Syncthing daemons on loopback for the end-to-end tests (Debian's
// syncthing, the same set-up as crates/tessera-cli/tests/share_syncthing.rs):
// each with its own home, listening on 127.0.0.1 only, with global and local
// discovery, relays, NAT traversal, usage reporting and upgrades off; each
// knows the other by an explicit address, and they share one folder, each
// desk its own copy of it. Driven by their REST API.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, freePort } from './harness.mjs';

const FOLDER = 'tessera-practice';

class Daemon {
  constructor(root, name, gui, listen) {
    this.name = name;
    this.home = path.join(root, `st-${name}`);
    this.folder = path.join(root, `folder-${name}`);
    this.gui = gui;
    this.listen = listen;
    this.apiKey = `tessera-e2e-${name}-${process.pid}`;
    mkdirSync(this.folder, { recursive: true });
    execFileSync('syncthing', ['generate', '--no-default-folder', '--skip-port-probing', '--home', this.home], { stdio: 'ignore' });
    this.id = execFileSync('syncthing', ['serve', '--device-id', '--home', this.home]).toString().trim();
    // Loopback only and nothing phoning out, before the first start.
    const config = path.join(this.home, 'config.xml');
    let xml = readFileSync(config, 'utf8');
    for (const [tag, value] of Object.entries({
      listenAddress: `tcp://127.0.0.1:${listen}`,
      globalAnnounceEnabled: 'false',
      localAnnounceEnabled: 'false',
      relaysEnabled: 'false',
      natEnabled: 'false',
      urAccepted: '-1',
      crashReportingEnabled: 'false',
      autoUpgradeIntervalH: '0',
      startBrowser: 'false',
      reconnectionIntervalS: '2',
    })) {
      const re = new RegExp(`<${tag}>[^<]*</${tag}>`);
      if (!re.test(xml)) throw new Error(`no <${tag}> in ${config}`);
      xml = xml.replace(re, `<${tag}>${value}</${tag}>`);
    }
    writeFileSync(config, xml);
  }

  async start() {
    // A process group of its own: Syncthing serves from a child of its monitor.
    this.child = spawn(
      'syncthing',
      ['serve', '--no-browser', '--no-restart', '--no-upgrade', '--no-default-folder', '--home', this.home,
        `--gui-address=http://127.0.0.1:${this.gui}`, `--gui-apikey=${this.apiKey}`],
      { stdio: 'ignore', detached: true, env: { ...process.env, STNOUPGRADE: '1', STNORESTART: '1' } },
    );
    await eventually(async () => (await this.tryRest('GET', '/rest/system/ping')) !== null, `syncthing ${this.name} did not answer`, 60000);
  }

  async tryRest(method, route, body) {
    try {
      const res = await fetch(`http://127.0.0.1:${this.gui}${route}`, {
        method,
        headers: { 'X-API-Key': this.apiKey, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(20000),
      });
      if (!res.ok) return null;
      const text = await res.text();
      return text.trim() ? JSON.parse(text) : {};
    } catch {
      return null;
    }
  }

  async rest(method, route, body) {
    const out = await this.tryRest(method, route, body);
    if (out === null) throw new Error(`syncthing ${this.name}: ${method} ${route} failed`);
    return out;
  }

  async share(peer) {
    await this.rest('POST', '/rest/config/devices', { deviceID: peer.id, name: peer.name, addresses: [`tcp://127.0.0.1:${peer.listen}`] });
    // The watcher picks up what the app writes within a second, as on a real
    // desk; the rescan interval is the fallback.
    await this.rest('POST', '/rest/config/folders', {
      id: FOLDER,
      label: 'Practice',
      path: this.folder,
      type: 'sendreceive',
      devices: [{ deviceID: this.id }, { deviceID: peer.id }],
      rescanIntervalS: 10,
      fsWatcherEnabled: true,
      fsWatcherDelayS: 1,
    });
  }

  async connectedTo(peer) {
    const c = await this.tryRest('GET', '/rest/system/connections');
    return c?.connections?.[peer.id]?.connected === true;
  }

  stop() {
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {}
  }
}

/**
 * Starts two connected Syncthing daemons sharing one folder under `root`.
 * Returns { a, b, stop() }: `a.folder` and `b.folder` are the two desks'
 * copies of the practice folder.
 */
export async function syncthingPair(root) {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const a = new Daemon(root, 'a', ports[0], ports[1]);
  const b = new Daemon(root, 'b', ports[2], ports[3]);
  await Promise.all([a.start(), b.start()]);
  await a.share(b);
  await b.share(a);
  await eventually(async () => (await a.connectedTo(b)) && (await b.connectedTo(a)), 'the two Syncthing daemons did not connect', 120000);
  return {
    a,
    b,
    stop() {
      a.stop();
      b.stop();
    },
  };
}
