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
      level: { type: 'string', default: '0.8' },
      at: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  const level = parseLevel(values.level);
  const at = (values.at ?? []).map((d) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d)
      throw new UsageError(`--at must be a date written YYYY-MM-DD (got "${d}")`);
    return d;
  });
  if (at.length && values.axis !== 'date') throw new UsageError('--at needs the date axis (the predicted best score by a date)');
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
      level,
      ...(at.length ? { at } : {}),
      ...(benchmarkIds ? { benchmarkIds } : {}),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const header = ['benchmark', 'status', 'crossing', 'interval', 'since', 'points', 'method', 'fit', ...at.map((d) => `best by ${d}`)];
    const num = (v: number | null) => (v === null ? '—' : String(Number(v.toPrecision(3))));
    const table = rows.map((r) => [
      r.subtask ? `${r.benchmark} / ${r.subtask}` : r.benchmark,
      r.forecast.status,
      fmtX(r, r.forecast.crossingX, r.crossingDate),
      r.forecast.interval
        ? `${fmtX(r, r.forecast.interval[0], r.intervalDates?.[0] ?? null)} – ${r.forecast.interval[1] === null ? `not within ${r.forecast.method === 'frontier' ? '20 years' : 'range'}` : fmtX(r, r.forecast.interval[1], r.intervalDates?.[1] ?? null)}`
        : '—',
      fmtX(r, r.forecast.saturatedSince, r.saturatedSinceDate),
      String(r.points),
      r.forecast.method === 'frontier' ? 'frontier' : 'curve',
      r.fitStatus,
      ...(r.frontierAt ?? []).map((f) => (f.value === null ? '—' : f.low === f.high ? num(f.value) : `${num(f.value)} (${num(f.low)}–${num(f.high)})`)),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    io.stdout(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`);
    io.stdout(
      values.axis === 'date'
        ? `\nthreshold ${threshold} of the way from floor to ceiling; the frontier (best score so far) forecast; ${Math.round(level * 100)}% predictive intervals calibrated on this workspace's rolling-origin backtest (headroom backtest)\n`
        : `\nthreshold ${threshold} of the way from floor to ceiling; axis ${values.axis}; intervals are ${resamples}-resample bootstrap 90% intervals of the fitted curve's crossing\n`,
    );
    return 0;
  } finally {
    cli.close();
  }
}

function parseLevel(text: string): number {
  const level = Number(text);
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be a number strictly between 0 and 1, e.g. 0.8 (got "${text}")`);
  return level;
}

/** `headroom backtest`: the rolling-origin track record of the date-axis forecast, pooled and per benchmark. */
export async function runBacktestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      threshold: { type: 'string', default: '0.9' },
      level: { type: 'string', default: '0.8' },
      json: { type: 'boolean', default: false },
    },
  });
  const threshold = Number(values.threshold);
  if (!(threshold > 0 && threshold < 1)) throw new UsageError(`--threshold must be a number strictly between 0 and 1 (got "${values.threshold}")`);
  const level = parseLevel(values.level);
  if (!existsSync(values.db)) throw new UsageError(`no such workspace: ${values.db}`);
  const cli = openForCli(values.db);
  try {
    const bt = await cli.call('forecasts/backtest', { threshold, level });
    if (values.json) {
      io.stdout(`${JSON.stringify(bt, null, 2)}\n`);
      return 0;
    }
    const f = (v: number | null) => (v === null ? '—' : v.toFixed(3));
    const pc = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
    const lines: string[][] = [['benchmark', 'horizon', 'cases', 'MAE', 'flat MAE', 'linear MAE', `${Math.round(level * 100)}% held`, 'crossing |err| y']];
    const add = (name: string, t: (typeof bt)['pooled']) => {
      for (const h of t.byHorizon) {
        if (!h.count) continue;
        lines.push([name, `${h.horizon} y`, String(h.count), f(h.mae), f(h.flatMae), f(h.linearMae), pc(h.coverage), h === t.byHorizon[0] ? `${f(t.crossing.mae)} (${t.crossing.dated}/${t.crossing.crossed})` : '']);
      }
    };
    add('all benchmarks', bt.pooled);
    for (const b of bt.benchmarks) add(b.benchmark + (b.track.worseThanFlat ? ' (worse than flat)' : ''), b.track);
    const widths = lines[0]!.map((_c, i) => Math.max(...lines.map((l) => l[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    io.stdout(`${line(lines[0]!)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${lines.slice(1).map(line).join('\n')}\n`);
    io.stdout(
      `\nrolling origins every 6 months (${bt.origins.length}, data to ${bt.dataEnd.toFixed(2)}); errors are shares of each benchmark's range; crossing error in years (dated/crossed)\n`,
    );
    return 0;
  } finally {
    cli.close();
  }
}
