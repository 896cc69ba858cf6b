/**
 * Child process for the crash-safety test: imports files and refits in a loop until it is killed.
 * Each import file adds `ROWS` results for models named after the import's tag, so the parent can tell whether
 * an import landed whole. It calls the same core functions the import/apply and forecasts/list handlers call (one
 * transaction per import), without loading the whole service, so that each of the test's 50 starts is quick.
 * Run with tsx: `node --import tsx test/integration/crashChild.ts WORKSPACE SEED [big]`; with `big` it first imports
 * one file of BIG_ROWS results (a big import: the results indexes are dropped and built again inside its transaction).
 */
import { untracked } from '../../src-main/common/progress';
import { importRequest } from '../../src-main/common/schemas';
import { applyImport } from '../../src-main/core/importers/tables';
import { forecastTable } from '../../src-main/core/saturation/fits';
import { openWorkspaceFile } from '../../src-main/core/workspace';
import { bigCsv, csvFor } from './crashShared';

function run(): void {
  const [file, seed, mode] = process.argv.slice(2);
  if (!file || !seed) throw new Error('usage: crashChild WORKSPACE SEED [big]');
  const ws = openWorkspaceFile(file);
  process.stdout.write('ready\n');
  if (mode === 'big') {
    const tag = `s${seed}big`;
    const req = importRequest.parse({ fileName: `${tag}.csv`, content: bigCsv(tag) });
    ws.db.transaction(() => applyImport(ws.db, req, { user: 'crash-test', ...untracked }))();
    process.stdout.write(`imported ${tag}\n`);
  }
  for (let round = 0; ; round++) {
    const tag = `s${seed}r${round}`;
    const req = importRequest.parse({ fileName: `${tag}.csv`, content: csvFor(tag) });
    ws.db.transaction(() => applyImport(ws.db, req, { user: 'crash-test', ...untracked }))();
    process.stdout.write(`imported ${tag}\n`);
    forecastTable(ws.db, { axis: 'date', resamples: 30, includeSubtasks: true });
  }
}

try {
  run();
} catch (e) {
  process.stderr.write(String(e));
  process.exit(1);
}
