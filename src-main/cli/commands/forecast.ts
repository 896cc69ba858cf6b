/** `headroom forecast`: every benchmark's saturation forecast with its interval and status. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AXES, type Axis, type ForecastRow } from '../../common/analysis';
import { UsageError, type CliIo } from '../io';
import { openForCli } from '../workspaceCall';
import { DEFAULT_DB } from './data';

function fmtX(row: ForecastRow, x: number | null | undefined, date: string | null): string {
  if (x === null || x === undefined) return '—';
  return row.axis === 'date' ? (date ?? '—') : `10^${x.toFixed(2)}`;
}

export async function runForecastCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      benchmark: { type: 'string', multiple: true },
      axis: { type: 'string', default: 'date' },
      threshold: { type: 'string', default: '0.9' },
      subtasks: { type: 'boolean', default: false },
      resamples: { type: 'string', default: '200' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!(AXES as readonly string[]).includes(values.axis)) throw new UsageError(`--axis must be one of ${AXES.join(', ')} (got "${values.axis}")`);
  const threshold = Number(values.threshold);
  if (!(threshold > 0 && threshold < 1)) throw new UsageError(`--threshold must be a number strictly between 0 and 1 (got "${values.threshold}")`);
  const resamples = Number(values.resamples);
  if (!Number.isInteger(resamples) || resamples < 0 || resamples > 2000) throw new UsageError(`--resamples must be a whole number from 0 to 2000`);
  if (!existsSync(values.db)) throw new UsageError(`no such workspace: ${values.db}`);
  const cli = openForCli(values.db);
  try {
    let benchmarkIds: number[] | undefined;
    if (values.benchmark?.length) {
      const all = await cli.call('benchmarks/list', {});
      benchmarkIds = values.benchmark.flatMap((s) => s.split(',')).map((name) => {
        const b = all.find((x) => x.name.toLowerCase() === name.trim().toLowerCase() || x.aliases.some((a) => a.toLowerCase() === name.trim().toLowerCase()));
        if (!b) throw new UsageError(`no benchmark called "${name.trim()}" in ${values.db}`);
        return b.id;
      });
    }
    const rows = await cli.call('forecasts/list', {
      axis: values.axis as Axis,
      threshold,
      resamples,
      includeSubtasks: values.subtasks,
      ...(benchmarkIds ? { benchmarkIds } : {}),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const header = ['benchmark', 'status', 'crossing', 'interval', 'since', 'points', 'fit'];
    const table = rows.map((r) => [
      r.subtask ? `${r.benchmark} / ${r.subtask}` : r.benchmark,
      r.forecast.status,
      fmtX(r, r.forecast.crossingX, r.crossingDate),
      r.forecast.interval ? `${fmtX(r, r.forecast.interval[0], r.intervalDates?.[0] ?? null)} – ${r.forecast.interval[1] === null ? 'never' : fmtX(r, r.forecast.interval[1], r.intervalDates?.[1] ?? null)}` : '—',
      fmtX(r, r.forecast.saturatedSince, r.saturatedSinceDate),
      String(r.points),
      r.fitStatus,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    io.stdout(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`);
    io.stdout(`\nthreshold ${threshold} of the way from floor to ceiling; axis ${values.axis}; intervals are ${resamples}-resample bootstrap 90% intervals\n`);
    return 0;
  } finally {
    cli.close();
  }
}
