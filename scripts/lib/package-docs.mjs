// Run by `tauri build` before it bundles (build.beforeBundleCommand, from the
// repository root), as Debian's dh_installchangelogs/dh_installman and
// dh_strip would:
// - compresses the files Linux packages ship gzipped (gzip -9, no name or
//   time stamp in the header, so the output is the same on every build) into
//   src-tauri/gen/packaging/;
// - on Linux, for release bundles, strips the symbol table from the binary
//   about to be packed (the release profile keeps symbols for readable panic
//   backtraces in builds run from the tree; a package carries none, as Debian
//   policy asks, and is a third smaller).
// Node rather than gzip(1), so the same command works where Windows and
// macOS bundles are built.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'src-tauri', 'gen', 'packaging');
mkdirSync(out, { recursive: true });
for (const name of ['changelog', 'tessera-app.1']) {
  const text = readFileSync(path.join(root, 'packaging', 'linux', name));
  writeFileSync(path.join(out, `${name}.gz`), gzipSync(text, { level: 9 }));
}

const debug = process.env.TAURI_ENV_DEBUG === 'true';
if (process.platform === 'linux' && !debug) {
  const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  const triple = process.env.TAURI_ENV_TARGET_TRIPLE;
  const candidates = [path.join(target, 'release', 'tessera-app')];
  if (triple) candidates.unshift(path.join(target, triple, 'release', 'tessera-app'));
  const binary = candidates.find((p) => existsSync(p));
  if (!binary) throw new Error(`no release binary to strip in ${candidates.join(', ')}`);
  execFileSync('strip', ['--strip-all', binary], { stdio: 'inherit' });
}
