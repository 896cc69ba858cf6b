/**
 * Forecast accuracy: `npm run bench -- forecast` (or `npx tsx bench/forecast.ts`).
 *
 * Part 1, on real public data: Epoch AI's folder (../shared/data/epoch_benchmark_stitching) imported into a fresh
 * workspace with the app's own importer (`headroom import FOLDER`, no options). Rolling origins every 6 months,
 * 2022-07-01 … 2025-01-01: at each origin only the models released before it count (a workspace cut at that date),
 * and the frontier (best score so far) 6 and 12 months later is compared with what happened. Printed per method on
 * the same cases: mean absolute error as a share of the benchmark's range and its bias, how often the 80 % interval
 * held the truth, and the crossing-date error (years) for the cases that crossed by the end of the data.
 *   - frontier (default): exactly what the app shows (core/fit/frontierForecast.ts via core/fit/frontierBacktest),
 *     intervals calibrated out of sample (only on cases resolved by each origin);
 *   - curve, all results: the previous default (logistic with the benchmark's floor and ceiling through every
 *     model's best result, 100-resample bootstrap band and crossing interval);
 *   - curve, frontier points: the same curve through the record-setting points only (no interval);
 *   - flat: the frontier stays where it is; linear: a line through the last 2 years' records, clipped.
 * Part 2 (skipped with FORECAST_SCALE=0): the time of a whole workspace's date-axis forecasts, calibration included,
 * on the generated 100k-result workspace (test/helpers/generatedWorkspace.ts), cold (no fit cache), as the
 * dashboard's background precompute runs them (100 resamples for the curve band), and the calibration alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main as cli } from '../src-main/cli/main';
import { openWorkspace } from '../src-main/core/db/open';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';
import { createDispatcher } from '../src-main/core/dispatch';
import { createHandlers } from '../src-main/core/service';
import { toDecimalYear } from '../src-main/core/fit/axes';
import { bootstrapFit } from '../src-main/core/fit/bootstrap';
import { createFitScratch, evaluateFit, fitCurve, inverseFit } from '../src-main/core/fit/fitCurve';
import { frontierBacktest, MAX_YEARS, trackRecord, type BacktestCase, type CrossingCase, type FrontierSeries } from '../src-main/core/fit/frontierForecast';
import { forecastTable } from '../src-main/core/saturation/fits';
import { workspaceFrontierSeries, workspaceTrack } from '../src-main/core/saturation/frontierTrack';
import { seriesContext } from '../src-main/core/saturation/series';
import { generateWorkspaceCsv, SCALE_SHAPES } from '../test/helpers/generatedWorkspace';
import { sharedData } from '../test/helpers/sharedData';
import { headline } from './headline';

const ORIGINS = ['2022-07-01', '2023-01-01', '2023-07-01', '2024-01-01', '2024-07-01', '2025-01-01'].map(toDecimalYear);
const LEVEL = 0.8;
const U_STAR = 0.9;

const f3 = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(3));
const pc = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${Math.round(v * 100)} %`);

/** The previous default on the same cases: a logistic through every known result (or the records only). */
function curveCases(series: readonly FrontierSeries[], cases: readonly BacktestCase[], crossings: readonly CrossingCase[], frontierOnly: boolean, withIntervals: boolean) {
  const scratch = createFitScratch();
  const byId = new Map(series.map((s) => [s.id, s]));
  const fits = new Map<string, { fit: ReturnType<typeof fitCurve>; pts: { x: number; y: number }[] }>();
  const fitAt = (id: string, t: number) => {
    const key = `${id}|${t}`;
    let f = fits.get(key);
    if (!f) {
      const known = byId.get(id)!.points.filter((p) => p.x <= t);
      let pts = known.map((p) => ({ x: p.x, y: p.u }));
      if (frontierOnly) {
        let m = -Infinity;
        pts = pts.filter((p) => (p.y > m ? ((m = p.y), true) : false));
      }
      f = { fit: fitCurve(pts, { form: 'logistic', floor: 0, ceiling: 1, scoreRange: [0, 1] }, scratch), pts };
      fits.set(key, f);
    }
    return f;
  };
  const boots = new Map<string, ReturnType<typeof bootstrapFit> | null>();
  const bootAt = (id: string, t: number) => {
    const key = `${id}|${t}`;
    if (!boots.has(key)) {
      const { fit, pts } = fitAt(id, t);
      boots.set(
        key,
        fit.status === 'ok' && withIntervals
          ? bootstrapFit(pts, fit, { resamples: 100, seed: 1, level: LEVEL, grid: [t + 0.5, t + 1, t + 2], crossings: { saturation: U_STAR }, fitOptions: { form: 'logistic', floor: 0, ceiling: 1, scoreRange: [0, 1] } })
          : null,
      );
    }
    return boots.get(key)!;
  };
  const out: BacktestCase[] = cases.map((c) => {
    const { fit } = fitAt(c.series, c.origin);
    if (fit.status !== 'ok') return { ...c, predicted: c.flat, low: null, high: null };
    const b = bootAt(c.series, c.origin);
    const i = [0.5, 1, 2].indexOf(c.horizon);
    return { ...c, predicted: evaluateFit(fit, c.origin + c.horizon), low: b ? (b.band.lo[i] ?? null) : null, high: b ? (b.band.hi[i] ?? null) : null };
  });
  const cross: CrossingCase[] = crossings.map((c) => {
    const { fit } = fitAt(c.series, c.origin);
    if (fit.status !== 'ok') return { ...c, predicted: null, low: null, high: null };
    const x = inverseFit(fit, U_STAR);
    const iv = bootAt(c.series, c.origin)?.derived.saturation;
    const predicted = Number.isFinite(x) && x <= c.origin + MAX_YEARS ? Math.max(x, c.origin) : null;
    return { ...c, predicted, low: iv ? iv.lo : null, high: iv && Number.isFinite(iv.hi) ? iv.hi : null };
  });
  return trackRecord(out, cross, LEVEL, [0.5, 1, 2]);
}

async function realData(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-forecast-'));
  const file = path.join(dir, 'epoch.headroom');
  try {
    let t = performance.now();
    const quiet = { stdout: () => undefined, stderr: (s: string) => void process.stderr.write(s), readFile: () => '' };
    const rc = await cli(['import', sharedData('epoch_benchmark_stitching'), '--db', file], quiet);
    if (rc !== 0) throw new Error(`headroom import exited ${rc}`);
    process.stdout.write(`imported Epoch AI's folder in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const db = openWorkspace(file);
    try {
      const ctx = seriesContext(db);
      const series = workspaceFrontierSeries(db, ctx);
      t = performance.now();
      const bt = frontierBacktest(series, { uStar: U_STAR, level: LEVEL, origins: ORIGINS });
      const btMs = performance.now() - t;
      t = performance.now();
      const old = curveCases(series, bt.cases, bt.crossings, false, true);
      const oldMs = performance.now() - t;
      const frOnly = curveCases(series, bt.cases, bt.crossings, true, false);
      const p = bt.pooled;
      const at = (tr: typeof p, h: number) => tr.byHorizon.find((b) => b.horizon === h)!;
      process.stdout.write(
        `${series.length} bounded series; origins ${ORIGINS.map((o) => o.toFixed(2)).join(', ')}; data end ${bt.dataEnd.toFixed(2)}; ` +
          `cases: ${at(p, 0.5).count} at 6 months, ${at(p, 1).count} at 12 months; ${p.crossing.crossed} crossing cases that crossed by the data end\n` +
          `(backtest of the frontier forecast with its out-of-sample calibration: ${btMs.toFixed(0)} ms; previous default with 100-resample bootstraps: ${(oldMs / 1000).toFixed(1)} s)\n\n`,
      );
      const rows: string[][] = [['method', '6 mo: MAE (bias)', '12 mo: MAE (bias)', '80 % interval held (6 / 12 mo)', 'crossing |error| yrs (dated / crossed)', 'crossing in its 80 % interval']];
      const row = (name: string, tr: typeof p, pick: 'm' | 'flat' | 'linear') => {
        const cell = (h: number) => {
          const b = at(tr, h);
          const [m, bias] = pick === 'm' ? [b.mae, b.bias] : pick === 'flat' ? [b.flatMae, b.flatBias] : [b.linearMae, b.linearBias];
          return `${f3(m)} (${bias !== null && bias >= 0 ? '+' : ''}${f3(bias)})`;
        };
        const cov = pick === 'm' ? `${pc(at(tr, 0.5).coverage)} / ${pc(at(tr, 1).coverage)}` : '—';
        const cr =
          pick === 'm'
            ? `${f3(tr.crossing.mae)} (${tr.crossing.dated} / ${tr.crossing.crossed})`
            : pick === 'linear'
              ? `${f3(tr.crossing.linearMae)} (${tr.crossing.linearDated} / ${tr.crossing.crossed})`
              : `never crosses (0 / ${tr.crossing.crossed})`;
        const crCov = pick === 'm' ? `${pc(tr.crossing.coverage)} of ${tr.crossing.determinable}` : '—';
        rows.push([name, cell(0.5), cell(1), cov, cr, crCov]);
      };
      row('frontier record drift (default now)', p, 'm');
      row('curve through all results (default before)', old, 'm');
      row('curve through frontier points', frOnly, 'm');
      row('flat: the frontier stays', p, 'flat');
      row('linear trend of the last 2 years, clipped', p, 'linear');
      const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
      process.stdout.write(`${line(rows[0]!)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.slice(1).map(line).join('\n')}\n`);
      const worse = Object.entries(bt.bySeries).filter(([, tr]) => tr.worseThanFlat).map(([id]) => series.find((s) => s.id === id)?.name ?? id);
      process.stdout.write(`\nbenchmarks where the frontier forecast did worse than flat at every horizon: ${worse.length ? worse.join(', ') : 'none'}\n`);
      headline({ bench: 'forecast', measure: 'frontier MAE at 12 months (share of range)', value: f3(at(p, 1).mae), reference: `flat ${f3(at(p, 1).flatMae)}`, ratio: `${((1 - at(p, 1).mae! / at(p, 1).flatMae!) * 100).toFixed(0)} % below flat` });
      headline({ bench: 'forecast', measure: '80 % interval coverage 6 / 12 months', value: `${pc(at(p, 0.5).coverage)} / ${pc(at(p, 1).coverage)}`, reference: 'target 75–85 %' });
      headline({ bench: 'forecast', measure: 'crossing-date MAE (years)', value: f3(p.crossing.mae), reference: `previous default ${f3(old.crossing.mae)}` });
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scale(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-forecast-scale-'));
  try {
    const ws = openWorkspaceFile(path.join(dir, 'scale.headroom'));
    const dispatch = createDispatcher(createHandlers(() => ws));
    const call = async (method: string, arg: unknown): Promise<unknown> => {
      const env = await dispatch(method, arg, { user: 'bench' });
      if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
      return env.value;
    };
    const g = generateWorkspaceCsv(SCALE_SHAPES['100k']);
    await call('import/apply', { fileName: 'benchmarks.csv', content: g.benchmarks, kind: 'benchmarks' });
    await call('import/apply', { fileName: 'models.csv', content: g.models, kind: 'models' });
    await call('import/apply', { fileName: 'results.csv', content: g.results, kind: 'results' });
    const db = ws.db;
    let t = performance.now();
    const ctx = seriesContext(db);
    workspaceTrack(db, ctx);
    const calMs = performance.now() - t;
    db.prepare('DELETE FROM fit_cache').run();
    t = performance.now();
    const rows = forecastTable(db, { axis: 'date', resamples: 100 });
    const allS = (performance.now() - t) / 1000;
    t = performance.now();
    forecastTable(db, { axis: 'date', resamples: 100 });
    const warmMs = performance.now() - t;
    process.stdout.write(
      `\n100k results (${g.resultCount} rows, ${rows.length} benchmarks): calibration (every series' rolling-origin backtest) ${calMs.toFixed(0)} ms; ` +
        `every date-axis forecast cold, calibration and 100-resample curve bands included, ${allS.toFixed(1)} s; warm (cached) ${warmMs.toFixed(0)} ms\n`,
    );
    headline({ bench: 'forecast', measure: 'calibration at 100k results', value: `${calMs.toFixed(0)} ms` });
    headline({ bench: 'forecast', measure: 'all forecasts at 100k results, cold', value: `${allS.toFixed(1)} s` });
    closeWorkspace(ws);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  await realData();
  if (process.env.FORECAST_SCALE !== '0') await scale();
}

if (require.main === module) void main();
