// `npm start`: build the desktop app and launch it in Electron. Where Electron's binary cannot be had (it is
// downloaded on first use and some machines have no route to its host), say so in one line and point to the
// browser version, which serves the same app and API.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const FALLBACK = 'Headroom: the Electron binary is not available on this machine (it could not be downloaded); run `npx headroom serve` and open the printed address in a browser instead.';

function electronBinary() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
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
  console.log(FALLBACK);
  process.exit(0);
}
const build = run(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const binding = electronSqliteBinding(electronVersion);
if (!binding) {
  console.log('Headroom: could not build better-sqlite3 for Electron; run `npx headroom serve` to use Headroom in a browser instead.');
  process.exit(1);
}
const r = run(exe, [root], { env: { ...process.env, HEADROOM_SQLITE_BINDING: binding } });
process.exit(r.status ?? 0);
