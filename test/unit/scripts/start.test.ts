import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..', '..');
// Where Electron's binary is installed, `npm start` would launch the app instead of failing.
const electronInstalled = existsSync(path.join(ROOT, 'node_modules', 'electron', 'path.txt'));

describe('npm start (scripts/start.mjs)', () => {
  it.skipIf(electronInstalled)('exits 1 when Electron cannot start and names a browser command with its workspace file', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      // No download attempt (machines without a route to Electron's host would wait for it to fail).
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Headroom could not start');
    expect(r.stderr).toMatch(/npx headroom serve --db \S+/);
  });
});
