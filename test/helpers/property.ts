/**
 * Shared pieces of the property-based bad-input tests: a seeded template workspace that each property copies (so
 * every run starts from the same data), the check that an envelope is well formed, and fast-check settings.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ERROR_CODES, type Envelope } from '../../src-main/common/errors';
import { openWorkspace, type Db } from '../../src-main/core/db/open';
import type { Workspace } from '../../src-main/core/workspace';
import { apiFor } from './api';
import { checkIntegrity, tempWorkspace } from './workspace';

/**
 * fast-check settings: seeded, so a run repeats exactly; HEADROOM_FC_SEED replays another seed. fast-check names
 * the seed and the counterexample path in its failure message; `withSeedHint` adds how to replay it.
 */
export const FC_SEED = Number(process.env.HEADROOM_FC_SEED ?? 20_260_311);

export async function withSeedHint<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`${msg}\n\nProperty failed with seed ${FC_SEED}; replay with HEADROOM_FC_SEED=${FC_SEED} (fast-check's path above narrows it to the run).`, {
      cause: e,
    });
  }
}

/** A small workspace with data every method can work on; made once, copied for each property. */
export async function makeTemplate(seed: (api: ReturnType<typeof apiFor>) => Promise<void>): Promise<{ file: string; dispose(): void }> {
  const ws = tempWorkspace();
  await seed(apiFor(ws));
  ws.db.pragma('wal_checkpoint(TRUNCATE)');
  ws.db.close();
  return { file: ws.path, dispose: () => ws.dispose() };
}

/**
 * A workspace copied from the template, behind a stable Workspace object whose db can be swapped: `reset()` throws
 * away whatever a successful write did, so the next run starts from the template again.
 */
export function clonedWorkspace(templateFile: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-prop-'));
  const file = path.join(dir, 'ws.db');
  const open = (): Db => {
    copyFileSync(templateFile, file);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    return openWorkspace(file);
  };
  const ws: Workspace = { db: open(), path: file };
  const api = apiFor(ws);
  return {
    ws,
    api,
    /** Check the database is intact, then start again from the template. */
    reset() {
      expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
      ws.db.close();
      ws.db = open();
    },
    dispose() {
      if (ws.db.open) ws.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An envelope as every transport must return it: plain JSON; a failure has a known code other than 'internal' (an
 * 'internal' error is a bug), a message that says something, and for 'invalid-argument' the list of fields at fault.
 */
export function expectWellFormed(env: Envelope<unknown>, what: string): void {
  expect(() => JSON.stringify(env), `${what}: the envelope is plain JSON`).not.toThrow();
  expect(typeof env.ok, what).toBe('boolean');
  if (env.ok) return;
  const { code, message, details } = env.error;
  expect(ERROR_CODES, `${what}: known error code`).toContain(code);
  expect(code, `${what}: ${message}`).not.toBe('internal');
  expect(typeof message, what).toBe('string');
  expect(message.trim().length, `${what}: a message that says something`).toBeGreaterThan(0);
  if (code === 'invalid-argument') {
    const issues = details?.issues;
    expect(Array.isArray(issues), `${what}: invalid-argument lists its issues (${message})`).toBe(true);
    expect(issues!.length, `${what}: at least one issue`).toBeGreaterThan(0);
    for (const i of issues!) {
      expect(typeof i.path, `${what}: issue path`).toBe('string');
      expect(typeof i.message === 'string' && i.message.trim().length > 0, `${what}: issue message for "${i.path}"`).toBe(true);
    }
  }
}

/** Nothing leaked onto Object.prototype from a "__proto__" or "constructor" key in an argument. */
export function expectPrototypeClean(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted, 'Object.prototype was polluted').toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}
