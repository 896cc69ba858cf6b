// `npm start`: build the desktop app and launch it in Electron. Where Electron's binary cannot be had (it is
// downloaded on first use and some machines have no route to its host), say so, point to the browser version, which
// serves the same app and API, and exit 1: the app did not start, and a script or CI step must see that.
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 (the variable Electron's own installer honours) skips the download attempt.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
/** The browser version, with the workspace named (the desktop app remembers its own; the server opens one file). */
const BROWSER = 'npx headroom serve --db headroom.db   (creates the workspace file if it is new; open the address it prints)';
const FALLBACK = `Headroom could not start: the Electron binary is not available on this machine (Electron downloads it on first use, and the download failed or was skipped).
Use the browser version, which serves the same app and API from this machine:
  ${BROWSER}`;

function electronBinary() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
    // Electron downloads its binary on first use; give it a bounded try.
    const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
    if (r.status !== 0 || !existsSync(pathFile)) return null;
  }
  const exe = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

/**
 * better-sqlite3 in node_modules is built for Node (tests and the CLI use it). The desktop app gets its own copy
 * built against Electron's headers in out/native, handed over through HEADROOM_SQLITE_BINDING.
 */
function electronSqliteBinding(electronVersion) {
  const dir = path.join(root, 'out', 'native', `electron-${electronVersion}`);
  const binding = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  mkdirSync(path.dirname(dir), { recursive: true });
  const src = path.dirname(require.resolve('better-sqlite3/package.json'));
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const r = run(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: dir });
  return r.status === 0 && existsSync(binding) ? binding : null;
}

const exe = electronBinary();
if (!exe) {
  console.error(FALLBACK);
  process.exit(1);
}
const build = run(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const binding = electronSqliteBinding(electronVersion);
if (!binding) {
  console.error(`Headroom could not start: better-sqlite3 could not be built for Electron (see the messages above). Use the browser version instead:\n  ${BROWSER}`);
  process.exit(1);
}
const r = run(exe, [root], { env: { ...process.env, HEADROOM_SQLITE_BINDING: binding } });
// Killed by a signal (no status): not a clean exit.
process.exit(r.status ?? 1);
