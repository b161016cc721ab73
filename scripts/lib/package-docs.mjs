// Run by `tauri build` before it bundles (build.beforeBundleCommand, from the
// repository root): compresses the files Linux packages ship gzipped, as
// Debian policy wants them (gzip -9, no name or time stamp in the header, so
// the output is the same on every build), into src-tauri/gen/packaging/.
// Node rather than gzip(1), so the same command works where Windows and
// macOS bundles are built.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
