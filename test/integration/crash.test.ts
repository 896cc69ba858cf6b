/**
 * Crash safety: kill an import or a refit with SIGKILL at random moments, reopen the workspace and check that the
 * database is intact and that each import is wholly present or wholly absent.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/core/db/open';
import { mulberry32 } from '../../src-main/core/fit/rng';
import { soakOr } from '../helpers/soak';
import { BIG_ROWS, ROWS } from './crashShared';

// Each kill starts a tsx child, whose start-up is most of the kill's time: npm test runs a short version, npm run
// test:soak the long one.
const KILLS = soakOr(8, 50);
const BIG_KILLS = soakOr(3, 8);

/**
 * The moment of kill k of n, in ms after the child is ready: one random moment in each of n equal slices of
 * [0, span), so even a short run kills once near start-up, during imports and during refits, while the soak run's
 * many kills still land anywhere.
 */
function killMoment(rand: () => number, k: number, n: number, span: number): number {
  return Math.floor(((k + rand()) / n) * span);
}

function indexNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Start the child, wait for it to be ready, let it work for `ms`, then SIGKILL it. */
function runAndKill(file: string, seed: number, ms: number, big = false): Promise<{ imported: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crashChild.ts'), file, String(seed), ...(big ? ['big'] : [])], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended on its own (code ${code}): ${err}`));
      resolve({ imported: (out.match(/^imported /gm) ?? []).length });
    });
  });
}

describe('crash safety', () => {
  it(`keeps the workspace intact and every import whole across ${KILLS} SIGKILLs during imports and refits`, async () => {
    const file = path.join(dir, 'crash.headroom');
    openWorkspace(file).close();
    const rand = mulberry32(20261126);
    let completedImports = 0;
    for (let k = 0; k < KILLS; k++) {
      // Kill anywhere from right after start-up to well into the second round: the window must outlast an import of
      // ROWS rows and a refit (import speed: bench/import.ts; fit speed: bench/fit.ts; figures in docs/performance.md).
      const { imported } = await runAndKill(file, k, killMoment(rand, k, KILLS, 1200));
      completedImports += imported;
      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((db.pragma('foreign_key_check') as unknown[]).length).toBe(0);
        const imports = db.prepare("SELECT id, file_name, rows_added FROM imports WHERE file_name LIKE ?").all(`s${k}r%`) as {
          id: number;
          file_name: string;
          rows_added: number;
        }[];
        for (const imp of imports) {
          expect(imp.rows_added).toBe(ROWS);
          expect(db.prepare('SELECT count(*) AS c FROM results WHERE import_id = ?').get(imp.id)).toEqual({ c: ROWS });
        }
        // No results of an import whose imports row is missing: the import and its rows commit together.
        const orphans = db.prepare("SELECT count(*) AS c FROM results r JOIN models m ON m.id = r.model_id WHERE m.name LIKE ? AND r.import_id IS NULL").get(`s${k}r%`);
        expect(orphans).toEqual({ c: 0 });
        // At least as many imports landed as the child reported finished (a kill after commit but before the report is fine).
        expect(imports.length).toBeGreaterThanOrEqual(imported);
      } finally {
        db.close();
      }
    }
    // The kills were spread out enough that some imports completed and some were cut off.
    expect(completedImports).toBeGreaterThan(0);
    console.log(`crash test: ${KILLS} kills, ${completedImports} imports completed before their kill`);
  }, 600_000);

  it('keeps a big import (indexes dropped and rebuilt in its transaction) whole or absent, with every index and trigger, across SIGKILLs', async () => {
    const rand = mulberry32(20261127);
    const outcomes = new Set<string>();
    for (let k = 0; k < BIG_KILLS; k++) {
      // A fresh workspace each time, so the big import meets an empty results table (the natural key is dropped too).
      const file = path.join(dir, `big-${k}.headroom`);
      const db0 = openWorkspace(file);
      const indexesBefore = indexNames(db0);
      db0.close();
      // Kill from right after start-up to after the big import, with its index builds at the end: the window must
      // outlast an import of BIG_ROWS rows (bench/import.ts; docs/performance.md, Import).
      const { imported } = await runAndKill(file, 1000 + k, killMoment(rand, k, BIG_KILLS, 4000), true);
      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((db.pragma('foreign_key_check') as unknown[]).length).toBe(0);
        expect(indexNames(db)).toEqual(indexesBefore);
        const imp = db.prepare('SELECT id, rows_added FROM imports WHERE file_name = ?').get(`s${1000 + k}big.csv`) as { id: number; rows_added: number } | undefined;
        const stored = (db.prepare('SELECT count(*) AS c FROM results r JOIN models m ON m.id = r.model_id WHERE m.name LIKE ?').get(`s${1000 + k}big-%`) as { c: number }).c;
        if (imp) {
          expect(imp.rows_added).toBe(BIG_ROWS);
          expect(stored).toBe(BIG_ROWS);
          // The natural key is back and unique: a lookup by key uses it.
          const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM results WHERE model_id = 1 AND benchmark_id = 1 AND ifnull(subtask_id, 0) = 1 AND setting_key = ? AND source = ?').all('', '') as { detail: string }[];
          expect(plan.map((p) => p.detail).join(' ')).toMatch(/results_natural_key/);
        } else {
          expect(imported).toBe(0);
          expect(stored).toBe(0);
        }
        outcomes.add(imp ? 'landed' : 'absent');
      } finally {
        db.close();
      }
    }
    console.log(`crash test (big import): ${BIG_KILLS} kills, outcomes ${[...outcomes].join(', ')}`);
  }, 600_000);
});
