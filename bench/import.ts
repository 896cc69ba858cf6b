/**
 * Import speed: Headroom's import of a long-format results CSV (through the real API: request validation, CSV
 * reading with line tracking, cell parsing, name resolution, the natural-key write path with its indexes, one
 * transaction) next to the sqlite3 command line's `.import` of the same file into a plain table without indexes, in
 * the same run on the same machine, for 100,000 and 1,000,000 rows (to show that time grows with the row count and no
 * faster). Preview (the same import rolled back) and apply are timed separately, each in its own Node process on a
 * fresh workspace so that its peak resident memory (RSS) is its own; the process's RSS before the import (Node,
 * the code and the file's text, which every import holds) is printed next to it. Two references for the storage
 * itself follow: the same rows stored alone, already resolved (storeOnly: the ceiling of any importer on this
 * schema), and the leanest row a results table could have (leanStore: not Headroom's schema).
 *
 *   npx tsx bench/import.ts                       # 100,000 and 1,000,000 rows
 *   ROWS=100000 npx tsx bench/import.ts           # one size (or a comma-separated list)
 *   REIMPORT=1 npx tsx bench/import.ts            # also re-import the same file into the applied workspace
 *
 * The machine may be shared: compare figures within one run. CPU seconds (user + system) are printed with the wall
 * seconds because they depend less on what else the machine is doing.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settingKey } from '../src-main/common/domain';
import type { ResolvedResult } from '../src-main/core/db/repositories/results';
import { createDispatcher } from '../src-main/core/dispatch';
import { withImportPragmas } from '../src-main/core/importers/tables';
import { ImportWriter } from '../src-main/core/ingest/importWriter';
import { createHandlers } from '../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';
import { headline } from './headline';

const SQLITE3 = '/usr/bin/sqlite3';

const FAMILIES = ['llama', 'qwen', 'mistral', 'gemma', 'phi', 'falcon', 'olmo', 'yi', 'deepseek', 'claude'];
const SIZES = ['1b', '3b', '7b', '8b', '13b', '34b', '70b', '180b', '405b', '1.8b'];
const MODELS = Array.from({ length: 1000 }, (_, i) => `${FAMILIES[i % 10]}-${Math.floor(i / 100) + 1}.${Math.floor(i / 10) % 10}-${SIZES[Math.floor(i / 10) % 10]}${i % 3 === 0 ? '-instruct' : ''}`);
const BENCHMARKS = Array.from({ length: 200 }, (_, i) => `Bench-${String(i).padStart(3, '0')}`);

/** One row of the bench's file: indexes into MODELS and BENCHMARKS, a subtask number (0: none) and the cells. */
interface BenchRow {
  model: number;
  benchmark: number;
  subtask: number;
  score: string;
  stderr: string;
  n: number;
  shots: number;
  cot: boolean;
  source: string;
  month: number;
}

/** The rows of a deterministic long-format results file: ~1,000 models × 200 benchmarks (10 subtasks each) with settings. */
function generateRows(rows: number, visit: (r: BenchRow) => void): void {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < rows; i++) {
    const m = i % 1000;
    const b = Math.floor(i / 1000) % 200;
    const slot = Math.floor(i / 200_000) % 5;
    visit({
      model: m,
      benchmark: b,
      subtask: slot === 0 ? 0 : 1 + ((m + slot) % 10),
      score: (0.2 + 0.75 * rand()).toFixed(4),
      stderr: (0.005 + 0.02 * rand()).toFixed(4),
      n: 500 + (b % 7) * 100,
      shots: b % 3 === 0 ? 0 : 5,
      cot: b % 2 === 0,
      source: `bench-suite-${b % 4}`,
      month: 1 + (i % 12),
    });
  }
}

/** The bench's long-format results file (see generateRows). */
export function generateCsv(rows: number): string {
  const lines = ['model,benchmark,subtask,score,stderr,n,shots,cot,source,source_kind,date'];
  generateRows(rows, (r) => {
    const subtask = r.subtask === 0 ? '' : `task-${r.subtask - 1}`;
    const month = String(r.month).padStart(2, '0');
    lines.push(`${MODELS[r.model]},${BENCHMARKS[r.benchmark]},${subtask},${r.score},${r.stderr},${r.n},${r.shots},${r.cot},${r.source},third-party,2024-${month}-15`);
  });
  return `${lines.join('\n')}\n`;
}

interface Run {
  wall: number;
  cpu: number;
  rssBefore: number;
  rssPeak: number;
  counts: { add: number; update: number; unchanged: number; reject: number };
  stored: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** One import in this process (the child side): `method` of `csvPath` into the workspace `wsPath`. */
async function child(method: 'import/preview' | 'import/apply', csvPath: string, wsPath: string, times: number): Promise<Run> {
  const ws = openWorkspaceFile(wsPath);
  const call = createDispatcher(createHandlers(() => ws));
  const content = readFileSync(csvPath, 'utf8');
  let env: Awaited<ReturnType<typeof call>> | null = null;
  let wall = 0;
  let cpu = 0;
  // Earlier runs (a re-import is the second run on the same workspace) are not timed.
  let rssBefore = 0;
  for (let i = 0; i < times; i++) {
    rssBefore = process.memoryUsage().rss;
    const t = process.hrtime.bigint();
    const c = cpuSeconds();
    env = await call(method, { fileName: 'results.csv', content, sampleSize: 0 }, { user: 'bench' });
    wall = Number(process.hrtime.bigint() - t) / 1e9;
    cpu = cpuSeconds() - c;
    if (!env.ok) throw new Error(`import failed: ${env.error.message}`);
  }
  const v = env!.ok ? (env!.value as { counts?: Run['counts'] } & Run['counts']) : null;
  const counts = v?.counts ?? { add: v!.add, update: v!.update, unchanged: v!.unchanged, reject: v!.reject };
  const stored = (ws.db.prepare('SELECT count(*) AS c FROM results').get() as { c: number }).c;
  closeWorkspace(ws);
  return { wall, cpu, rssBefore, rssPeak: process.resourceUsage().maxRSS * 1024, counts, stored };
}

/** The bench file's rows as typed columns (numbers parsed), made before anything is timed. */
function rowColumns(rows: number) {
  const n = { model: new Uint16Array(rows), benchmark: new Uint8Array(rows), subtask: new Uint8Array(rows), month: new Uint8Array(rows) };
  const score = new Float64Array(rows);
  const stderr = new Float64Array(rows);
  let i = 0;
  generateRows(rows, (r) => {
    n.model[i] = r.model;
    n.benchmark[i] = r.benchmark;
    n.subtask[i] = r.subtask;
    n.month[i] = r.month;
    score[i] = Number(r.score);
    stderr[i] = Number(r.stderr);
    i++;
  });
  return { n, score, stderr };
}

/**
 * The leanest storage a results table could have, for comparison: a row of ids and numbers only (the setting, the
 * source and the date as small ids, no timestamps, user, notes or place), with the three indexes the app needs
 * (the natural key, by benchmark, by import), in a bare SQLite file with the workspace's journal settings, 100 rows
 * to a statement, one transaction. Not Headroom's schema: what SQLite alone would cost were every result stored so.
 */
function leanStore(dbPath: string, rows: number): Run {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec(`CREATE TABLE results (id INTEGER PRIMARY KEY, model_id INTEGER NOT NULL, benchmark_id INTEGER NOT NULL, subtask_id INTEGER,
    setting_id INTEGER NOT NULL, source_id INTEGER NOT NULL, score REAL NOT NULL, stderr REAL, n INTEGER, evaluated_on INTEGER,
    import_id INTEGER, source_line INTEGER) STRICT`);
  const { n, score, stderr } = rowColumns(rows);
  const rssBefore = process.memoryUsage().rss;
  const t = process.hrtime.bigint();
  const c = cpuSeconds();
  const insert = db.prepare(
    `INSERT INTO results (model_id, benchmark_id, subtask_id, setting_id, source_id, score, stderr, n, evaluated_on, import_id, source_line) VALUES ${Array.from({ length: 100 }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)').join(', ')}`,
  );
  db.transaction(() => {
    const p: unknown[] = [];
    for (let k = 0; k < rows; k++) {
      const b = n.benchmark[k]!;
      p.push(n.model[k]! + 1, b + 1, n.subtask[k] === 0 ? null : b * 10 + n.subtask[k]!, b % 6, b % 4, score[k]!, stderr[k]!, 500 + (b % 7) * 100, n.month[k]!, k + 2);
      if (p.length === 1000) {
        insert.run(p);
        p.length = 0;
      }
    }
    for (let k = 0; k < p.length; k += 10) db.prepare('INSERT INTO results (model_id, benchmark_id, subtask_id, setting_id, source_id, score, stderr, n, evaluated_on, import_id, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)').run(p.slice(k, k + 10));
    db.exec('CREATE UNIQUE INDEX results_natural_key ON results(model_id, benchmark_id, ifnull(subtask_id, 0), setting_id, source_id)');
    db.exec('CREATE INDEX results_by_benchmark ON results(benchmark_id, subtask_id)');
    db.exec('CREATE INDEX results_by_import ON results(import_id)');
  }).immediate();
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = cpuSeconds() - c;
  const stored = (db.prepare('SELECT count(*) AS c FROM results').get() as { c: number }).c;
  db.close();
  return { wall, cpu, rssBefore, rssPeak: process.resourceUsage().maxRSS * 1024, counts: { add: stored, update: 0, unchanged: 0, reject: 0 }, stored };
}

/**
 * Storing alone, the ceiling of any importer on Headroom's storage: the bench file's rows, already parsed and resolved
 * to ids (no file, no parsing, name resolution or validation), written into a fresh workspace's results through the
 * ImportWriter as a big import writes them (foreign keys off, CHECKs left to the writer, indexes rebuilt at the
 * end) in one transaction with its commit. Only the write and commit are timed.
 */
function storeOnly(wsPath: string, rows: number): Run {
  const ws = openWorkspaceFile(wsPath);
  const db = ws.db;
  const { n, score, stderr } = rowColumns(rows);
  const modelIds = MODELS.map((name) => Number(db.prepare('INSERT INTO models (name) VALUES (?)').run(name).lastInsertRowid));
  const benchIds = BENCHMARKS.map((name) => Number(db.prepare('INSERT INTO benchmarks (name) VALUES (?)').run(name).lastInsertRowid));
  const subtaskIds = benchIds.map((b) => Array.from({ length: 10 }, (_, k) => Number(db.prepare('INSERT INTO subtasks (benchmark_id, name) VALUES (?, ?)').run(b, `task-${k}`).lastInsertRowid)));
  const importId = Number(db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('results.csv', 'bench', 'csv')").run().lastInsertRowid);
  const dates = Array.from({ length: 12 }, (_, k) => `2024-${String(k + 1).padStart(2, '0')}-15`);
  const settings = BENCHMARKS.map((_, b) => settingKey({ shots: b % 3 === 0 ? 0 : 5, cot: b % 2 === 0, passK: null, testTimeCompute: null, effort: null }));
  const rssBefore = process.memoryUsage().rss;
  const t = process.hrtime.bigint();
  const c = cpuSeconds();
  // As importResults sets them for a big import.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  withImportPragmas(db, '', () =>
    db.transaction(() => {
      db.pragma('ignore_check_constraints = ON');
      const writer = new ImportWriter<null>(db, importId, true, () => {}, rows);
      for (let k = 0; k < rows; k++) {
        const b = n.benchmark[k]!;
        const r: ResolvedResult = {
          modelId: modelIds[n.model[k]!]!,
          benchmarkId: benchIds[b]!,
          subtaskId: n.subtask[k] === 0 ? null : subtaskIds[b]![n.subtask[k]! - 1]!,
          shots: b % 3 === 0 ? 0 : 5,
          cot: b % 2 === 0,
          passK: null,
          testTimeCompute: null,
          effort: null,
          settingKey: settings[b]!,
          score: score[k]!,
          stderr: stderr[k]!,
          n: 500 + (b % 7) * 100,
          source: `bench-suite-${b % 4}`,
          sourceKind: 'third-party',
          evaluatedOn: dates[n.month[k]! - 1]!,
          notes: null,
          importId,
          sourceLine: k + 2,
          sourcePlace: null,
          loggedBy: 'bench',
        };
        writer.write(r, null);
      }
      writer.flush();
      db.pragma('ignore_check_constraints = OFF');
    }).immediate(),
  0);
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = cpuSeconds() - c;
  const stored = (db.prepare('SELECT count(*) AS c FROM results').get() as { c: number }).c;
  closeWorkspace(ws);
  return { wall, cpu, rssBefore, rssPeak: process.resourceUsage().maxRSS * 1024, counts: { add: stored, update: 0, unchanged: 0, reject: 0 }, stored };
}

function spawnChild(method: string, csvPath: string, wsPath: string, times = 1): Run {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', method, csvPath, wsPath, String(times)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`child ${method} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

/** sqlite3 .import into a plain table (the file's header makes the columns), timed with its own CPU use. */
function sqliteImport(csvPath: string, dbPath: string): { wall: number; cpu: number; rows: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', SQLITE3, dbPath, '.mode csv', `.import ${csvPath} results`], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  const [user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const rows = spawnSync(SQLITE3, [dbPath, 'SELECT count(*) FROM results'], { encoding: 'utf8' }).stdout.trim();
  return { wall, cpu: (user ?? 0) + (sys ?? 0), rows };
}

const fmtRate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en-US').padStart(9)} rows/s`;
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;

export function main(): void {
  const sizes = (process.env.ROWS ?? '100000,1000000').split(',').map(Number);
  const reimport = process.env.REIMPORT === '1';
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-import-'));
  try {
    for (const rows of sizes) {
      const csvPath = path.join(dir, `results-${rows}.csv`);
      const t = process.hrtime.bigint();
      writeFileSync(csvPath, generateCsv(rows));
      const size = statSync(csvPath).size;
      console.log(`\n${rows.toLocaleString('en-US')} rows (${(size / 1e6).toFixed(1)} MB), generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(2)} s`);

      const lite = sqliteImport(csvPath, path.join(dir, `plain-${rows}.db`));
      const preview = spawnChild('import/preview', csvPath, path.join(dir, `p-${rows}.db`));
      const apply = spawnChild('import/apply', csvPath, path.join(dir, `a-${rows}.db`));
      const store = spawnChild('store', String(rows), path.join(dir, `s-${rows}.db`));
      const lean = spawnChild('lean', String(rows), path.join(dir, `l-${rows}.db`));
      const line = (name: string, wall: number, cpu: number, extra = '') =>
        console.log(`  ${name.padEnd(44)} ${wall.toFixed(2).padStart(6)} s ${fmtRate(rows, wall)}   cpu ${cpu.toFixed(2).padStart(6)} s ${fmtRate(rows, cpu)}${extra}`);
      line(`sqlite3 .import (plain table, ${lite.rows} rows)`, lite.wall, lite.cpu);
      const mem = (r: Run) => `   peak RSS ${mb(r.rssPeak)} (before import ${mb(r.rssBefore)})`;
      line(`headroom preview (${preview.counts.add} add, rolled back)`, preview.wall, preview.cpu, mem(preview));
      line(`headroom apply (${apply.counts.add} add, ${apply.stored} stored)`, apply.wall, apply.cpu, mem(apply));
      line(`storing alone (${store.stored} rows already resolved)`, store.wall, store.cpu);
      line(`leanest row conceivable, SQLite alone (${lean.stored})`, lean.wall, lean.cpu);
      if (reimport) {
        const again = spawnChild('import/apply', csvPath, path.join(dir, `r-${rows}.db`), 2);
        line(`headroom re-import (${again.counts.unchanged} unchanged)`, again.wall, again.cpu, mem(again));
      }
      for (const [name, r] of [['preview', preview], ['apply', apply]] as const) {
        const wallRatio = lite.wall / r.wall;
        console.log(`  ratio headroom ${name} / sqlite3 (rows/s): wall ${wallRatio.toFixed(2)}, cpu ${(lite.cpu / r.cpu).toFixed(2)}` +
          `  (${wallRatio >= 1 ? 'at least as fast' : `${(1 / wallRatio).toFixed(1)}× slower`})`);
      }
      console.log(
        `  ceiling on this storage: storing the rows alone reaches wall ${(lite.wall / store.wall).toFixed(2)}, cpu ${(lite.cpu / store.cpu).toFixed(2)} ` +
          `of sqlite3's rows/s before anything is read, parsed, resolved or validated; ` +
          `a results row of ids and numbers only would reach wall ${(lite.wall / lean.wall).toFixed(2)}, cpu ${(lite.cpu / lean.cpu).toFixed(2)}`,
      );
      const rate = (s: number) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`;
      headline({
        bench: 'import',
        measure: `CSV import/apply, ${rows.toLocaleString('en-US')} rows (wall / CPU; peak RSS ${mb(apply.rssPeak)})`,
        value: `${rate(apply.wall)} / ${rate(apply.cpu)}`,
        reference: `sqlite3 .import ${rate(lite.wall)} / ${rate(lite.cpu)}`,
        ratio: `${(lite.wall / apply.wall).toFixed(2)} / ${(lite.cpu / apply.cpu).toFixed(2)} of its rows/s (goal ≥ 1; storing alone reaches ${(lite.wall / store.wall).toFixed(2)})`,
      });
      rmSync(csvPath, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) {
    const [method, csvPath, wsPath, times] = process.argv.slice(i + 1);
    if (method === 'store') console.log(JSON.stringify(storeOnly(wsPath!, Number(csvPath))));
    else if (method === 'lean') console.log(JSON.stringify(leanStore(wsPath!, Number(csvPath))));
    else void child(method as 'import/preview' | 'import/apply', csvPath!, wsPath!, Number(times ?? 1)).then((r) => console.log(JSON.stringify(r)));
  } else main();
}
