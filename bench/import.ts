/**
 * Import speed: Headroom's import of a long-format results CSV (through the real API: request validation, CSV
 * reading with line tracking, cell parsing, name resolution, the natural-key write path with its indexes, one
 * transaction) next to the sqlite3 command line's `.import` of the same file into a plain table without indexes, in
 * the same run on the same machine, for 100,000 and 1,000,000 rows (to show that time grows with the row count and no
 * faster). Preview (the same import rolled back) and apply are timed separately, each in its own Node process on a
 * fresh workspace so that its peak resident memory (RSS) is its own; the process's RSS before the import (Node,
 * the code and the file's text, which every import holds) is printed next to it.
 *
 *   npx tsx bench/import.ts                       # 100,000 and 1,000,000 rows
 *   ROWS=100000 npx tsx bench/import.ts           # one size (or a comma-separated list)
 *   REIMPORT=1 npx tsx bench/import.ts            # also re-import the same file into the applied workspace
 *
 * The machine may be shared: compare figures within one run. CPU seconds (user + system) are printed with the wall
 * seconds because they depend less on what else the machine is doing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDispatcher } from '../src-main/core/dispatch';
import { createHandlers } from '../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';
import { headline } from './headline';

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
      const line = (name: string, wall: number, cpu: number, extra = '') =>
        console.log(`  ${name.padEnd(44)} ${wall.toFixed(2).padStart(6)} s ${fmtRate(rows, wall)}   cpu ${cpu.toFixed(2).padStart(6)} s ${fmtRate(rows, cpu)}${extra}`);
      line(`sqlite3 .import (plain table, ${lite.rows} rows)`, lite.wall, lite.cpu);
      const mem = (r: Run) => `   peak RSS ${mb(r.rssPeak)} (before import ${mb(r.rssBefore)})`;
      line(`headroom preview (${preview.counts.add} add, rolled back)`, preview.wall, preview.cpu, mem(preview));
      line(`headroom apply (${apply.counts.add} add, ${apply.stored} stored)`, apply.wall, apply.cpu, mem(apply));
      if (reimport) {
        const again = spawnChild('import/apply', csvPath, path.join(dir, `r-${rows}.db`), 2);
        line(`headroom re-import (${again.counts.unchanged} unchanged)`, again.wall, again.cpu, mem(again));
      }
      for (const [name, r] of [['preview', preview], ['apply', apply]] as const) {
        const wallRatio = lite.wall / r.wall;
        console.log(`  ratio headroom ${name} / sqlite3 (rows/s): wall ${wallRatio.toFixed(2)}, cpu ${(lite.cpu / r.cpu).toFixed(2)}` +
          `  (${wallRatio >= 1 ? 'at least as fast' : `${(1 / wallRatio).toFixed(1)}× slower`})`);
      }
      const rate = (s: number) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`;
      headline({
        bench: 'import',
        measure: `CSV import/apply, ${rows.toLocaleString('en-US')} rows (wall / CPU; peak RSS ${mb(apply.rssPeak)})`,
        value: `${rate(apply.wall)} / ${rate(apply.cpu)}`,
        reference: `sqlite3 .import ${rate(lite.wall)} / ${rate(lite.cpu)}`,
        ratio: `${(lite.wall / apply.wall).toFixed(2)} / ${(lite.cpu / apply.cpu).toFixed(2)} of its rows/s (goal ≥ 1)`,
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
    void child(method as 'import/preview' | 'import/apply', csvPath!, wsPath!, Number(times ?? 1)).then((r) => console.log(JSON.stringify(r)));
  } else main();
}
