import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/**
 * The folder holding Headroom's package.json (and db/migrations). Found by walking up from this file, so it
 * works from TypeScript source (tsx, vitest), from the electron-vite bundle in out/main, and inside an asar.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'headroom') {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // not our package.json; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Headroom's package.json above ${__dirname}`);
    dir = parent;
  }
}

export function migrationsDir(): string {
  return path.join(appRoot(), 'db', 'migrations');
}
