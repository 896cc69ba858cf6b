/**
 * Child process for the crash-safety test: imports files and refits in a loop until it is killed.
 * Each import file adds `ROWS` results for models named after the import's tag, so the parent can tell whether
 * an import landed whole. Run with tsx: `node --import tsx test/integration/crashChild.ts WORKSPACE SEED`.
 */
import { createDispatcher } from '../../src-main/core/dispatch';
import { createHandlers } from '../../src-main/core/service';
import { openWorkspaceFile } from '../../src-main/core/workspace';
import { csvFor } from './crashShared';

async function run(): Promise<void> {
  const [file, seed] = process.argv.slice(2);
  if (!file || !seed) throw new Error('usage: crashChild WORKSPACE SEED');
  const ws = openWorkspaceFile(file);
  const call = createDispatcher(createHandlers(() => ws));
  process.stdout.write('ready\n');
  for (let round = 0; ; round++) {
    const tag = `s${seed}r${round}`;
    const r = await call('import/apply', { fileName: `${tag}.csv`, content: csvFor(tag) });
    if (!r.ok) throw new Error(r.error.message);
    process.stdout.write(`imported ${tag}\n`);
    const f = await call('forecasts/list', { axis: 'date', resamples: 30, includeSubtasks: true });
    if (!f.ok) throw new Error(f.error.message);
  }
}

void run().catch((e: unknown) => {
  process.stderr.write(String(e));
  process.exit(1);
});
