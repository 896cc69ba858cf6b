/** `headroom public`: write the public starter workspace (real benchmark results from data/public) to a new file. */
import { parseArgs } from 'node:util';
import { neverCancelled } from '../../common/progress';
import { writePublicWorkspaceFile } from '../../core/public/build';
import { UsageError, type CliIo } from '../io';

export const DEFAULT_PUBLIC_DB = 'public.headroom';

export async function runPublicCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string', default: DEFAULT_PUBLIC_DB } } });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; usage: headroom public [--db FILE]`);
  const started = Date.now();
  let last = -1;
  const summary = writePublicWorkspaceFile(values.db, {
    progress: {
      report: (_phase, done, total) => {
        // One line per tenth of the files: the build takes a few seconds.
        const tenth = total ? Math.floor((done / total) * 10) : 0;
        if (tenth !== last) {
          last = tenth;
          io.stderr(`\rImporting the public files: ${done} of ${total}`);
        }
      },
    },
    cancel: neverCancelled,
  }, process.env.USER ?? null);
  io.stderr('\n');
  const c = summary.counts;
  const rejected = summary.files.reduce((n, f) => n + f.reject, 0);
  const merged = summary.files.flatMap((f) => f.merged);
  io.stdout(
    `Wrote ${summary.path}: public benchmark results as of ${summary.asOf} — ${c.models} models, ${c.benchmarks} benchmarks, ` +
      `${c.results} results from ${summary.files.length} files (${((Date.now() - started) / 1000).toFixed(1)} s).\n`,
  );
  if (rejected) io.stdout(`  ${rejected} values of the files were not imported; \`npx headroom import data/public/FOLDER/FILE --dry-run --db x.db\` lists each with its reason.\n`);
  if (merged.length) io.stdout(`  ${merged.length} names merged as near-certain matches: ${merged.slice(0, 6).join('; ')}${merged.length > 6 ? '; ...' : ''}\n`);
  io.stdout(`Open it with: npx headroom serve --db ${values.db}\n`);
  return 0;
}
