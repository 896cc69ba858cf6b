import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rendererConfig from '../../vite.renderer.config.mts';

const ROOT = path.resolve(__dirname, '..', '..');

/** The lowest major version of Node an `engines.node` range admits (">= 22.12.0" → 22), or null if it names none. */
function minimumMajor(range: string): number | null {
  const m = /^\s*>=?\s*(\d+)/.exec(range);
  return m ? Number(m[1]) : null;
}

describe('setting up on Node 20 (the README and ENVIRONMENT.md)', () => {
  it('only Electron and its download and rebuild helpers ask for a newer Node (the EBADENGINE warnings the README explains)', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string }; dev?: boolean }>;
    };
    const newer = Object.entries(lock.packages)
      .filter(([, p]) => (minimumMajor(p.engines?.node ?? '') ?? 0) > 20)
      .map(([name, p]) => ({ name: name.replace(/^.*node_modules\//, ''), dev: p.dev === true }));
    // Every Electron that installs here (42 and later: up to 41 a postinstall download fails the install) declares
    // Node >= 22.12, and electron-builder 26 rebuilds with @electron/rebuild 4, which does too. All of them are used
    // only to run or package the desktop app, never by the CLI, the server or the tests.
    expect(newer.every((p) => p.dev)).toBe(true);
    expect(newer.map((p) => p.name).sort()).toEqual(['@electron-internal/extract-zip', '@electron/get', '@electron/rebuild', 'electron', 'node-abi']);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('EBADENGINE');
  });

  it("builds the renderer (the first `headroom serve` does) without Rolldown's yellow [PLUGIN_TIMINGS] report", () => {
    expect(rendererConfig.build?.rolldownOptions?.checks?.bundlerTimings).toBe(false);
  });
});
