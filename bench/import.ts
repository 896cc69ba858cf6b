/**
 * Import speed: Headroom's import of a 1,000,000-row long-format results CSV (through the real API: request
 * validation, CSV reading with line tracking, cell parsing, name resolution, the natural-key write path with its
 * history trigger and indexes, one transaction) next to the sqlite3 command line's `.import` of the same file into
 * a plain table without indexes, in the same run on the same machine. Prints rows/s for both and the ratio.
 *
 *   npx tsx bench/import.ts            # 1,000,000 rows
 *   ROWS=100000 npx tsx bench/import.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDispatcher } from '../src-main/core/dispatch';
import { createHandlers } from '../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';

const SQLITE3 = '/usr/bin/sqlite3';

/** A deterministic long-format results file: ~1,000 models × 200 benchmarks (10 subtasks each) with settings. */
export function generateCsv(rows: number): string {
  const families = ['llama', 'qwen', 'mistral', 'gemma', 'phi', 'falcon', 'olmo', 'yi', 'deepseek', 'claude'];
  const sizes = ['1b', '3b', '7b', '8b', '13b', '34b', '70b', '180b', '405b', '1.8b'];
  const models = Array.from({ length: 1000 }, (_, i) => `${families[i % 10]}-${Math.floor(i / 100) + 1}.${Math.floor(i / 10) % 10}-${sizes[Math.floor(i / 10) % 10]}${i % 3 === 0 ? '-instruct' : ''}`);
  const benchmarks = Array.from({ length: 200 }, (_, i) => `Bench-${String(i).padStart(3, '0')}`);
  const lines = ['model,benchmark,subtask,score,stderr,n,shots,cot,source,source_kind,date'];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < rows; i++) {
    const m = i % 1000;
    const b = Math.floor(i / 1000) % 200;
    const slot = Math.floor(i / 200_000) % 5;
    const subtask = slot === 0 ? '' : `task-${(m + slot) % 10}`;
    const score = (0.2 + 0.75 * rand()).toFixed(4);
    const stderr = (0.005 + 0.02 * rand()).toFixed(4);
    const shots = b % 3 === 0 ? '0' : '5';
    const cot = b % 2 === 0 ? 'true' : 'false';
    const month = String(1 + (i % 12)).padStart(2, '0');
    lines.push(`${models[m]},${benchmarks[b]},${subtask},${score},${stderr},${500 + (b % 7) * 100},${shots},${cot},bench-suite-${b % 4},third-party,2024-${month}-15`);
  }
  return `${lines.join('\n')}\n`;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-import-'));
  try {
    const csvPath = path.join(dir, 'results.csv');
    let t = process.hrtime.bigint();
    writeFileSync(csvPath, generateCsv(rows));
    const size = statSync(csvPath).size;
    console.log(`generated ${rows.toLocaleString('en-US')} rows (${(size / 1e6).toFixed(1)} MB) in ${seconds(t).toFixed(2)} s`);

    // sqlite3 .import into a plain table (the file's header makes the columns).
    const plain = path.join(dir, 'plain.db');
    t = process.hrtime.bigint();
    const r = spawnSync(SQLITE3, [plain, '.mode csv', `.import ${csvPath} results`], { encoding: 'utf8' });
    const sqliteSeconds = seconds(t);
    if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
    const check = spawnSync(SQLITE3, [plain, 'SELECT count(*) FROM results'], { encoding: 'utf8' }).stdout.trim();

    // Headroom: read the file and import it through the API into a fresh workspace, as `headroom import` does.
    const ws = openWorkspaceFile(path.join(dir, 'ws.db'));
    const call = createDispatcher(createHandlers(() => ws));
    t = process.hrtime.bigint();
    const content = readFileSync(csvPath, 'utf8');
    const env = await call('import/apply', { fileName: 'results.csv', content, sampleSize: 0 }, { user: 'bench' });
    const ourSeconds = seconds(t);
    if (!env.ok) throw new Error(`import failed: ${env.error.message}`);
    const summary = env.value as { add: number; update: number; reject: number };
    const stored = (ws.db.prepare('SELECT count(*) AS c FROM results').get() as { c: number }).c;
    closeWorkspace(ws);

    const ours = rows / ourSeconds;
    const theirs = rows / sqliteSeconds;
    console.log(`sqlite3 .import (plain table, no checks): ${sqliteSeconds.toFixed(2)} s, ${Math.round(theirs).toLocaleString('en-US')} rows/s (${check} rows)`);
    console.log(
      `headroom import (validated, resolved, indexed, history): ${ourSeconds.toFixed(2)} s, ${Math.round(ours).toLocaleString('en-US')} rows/s ` +
        `(added ${summary.add}, updated ${summary.update}, rejected ${summary.reject}; ${stored} stored)`,
    );
    console.log(`ratio headroom / sqlite3 (rows/s): ${(ours / theirs).toFixed(2)}  (${ours >= theirs ? 'at least as fast' : `${(theirs / ours).toFixed(1)}× slower`})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) void main();
