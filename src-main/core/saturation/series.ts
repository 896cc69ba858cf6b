/**
 * Series for fitting: a benchmark's (or subtask's) results as points on one axis. Each model contributes one point,
 * its best result in the series (across settings and sources), because the question a saturation curve answers is
 * "how good was the best available model at x", and the bootstrap resamples models, not reports.
 * On the test-time-compute axis each (model, budget) pair is a point instead.
 */
import { describeSetting, type SourceKind } from '../../common/domain';
import type { Axis, SeriesPoint } from '../../common/analysis';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { toDecimalYear } from '../fit/axes';
import { createFitScratch, type FitScratch } from '../fit/fitCurve';
import { capabilityIndex } from '../capability/workspace';
import { confirmedBadResultIds } from '../flags/inputs';
import type { WorkspaceTrack } from './frontierTrack';

interface Row {
  id: number;
  model_id: number;
  model: string;
  organization: string | null;
  release_date: string | null;
  training_compute_flop: number | null;
  parameters: number | null;
  test_time_compute: number | null;
  shots: number | null;
  cot: number | null;
  pass_k: number | null;
  effort: string | null;
  score: number;
  stderr: number | null;
  n: number | null;
  source: string;
  source_kind: SourceKind | null;
}

/** The axis value of a result row, or null when the model lacks that quantity. */
export function axisValue(
  axis: Axis,
  r: Pick<Row, 'release_date' | 'training_compute_flop' | 'parameters' | 'test_time_compute'> & { capability?: number | null },
): number | null {
  switch (axis) {
    case 'date':
      return r.release_date ? toDecimalYear(r.release_date) : null;
    case 'compute':
      return r.training_compute_flop && r.training_compute_flop > 0 ? Math.log10(r.training_compute_flop) : null;
    case 'parameters':
      return r.parameters && r.parameters > 0 ? Math.log10(r.parameters) : null;
    case 'ttc':
      return r.test_time_compute && r.test_time_compute > 0 ? Math.log10(r.test_time_compute) : null;
    case 'capability':
      return r.capability ?? null;
  }
}

/** What a series needs to know about a model: its name, organization and every axis value. */
export interface ModelAxes {
  name: string;
  organization: string | null;
  releaseDate: string | null;
  /** Decimal year of the release date (null when unknown). */
  date: number | null;
  trainingComputeFlop: number | null;
  parameters: number | null;
}

/**
 * What every series of one batch (a dashboard, a forecast table) shares: each model's axis values (read once
 * instead of once per result row: joining models into 100,000 result rows cost more than the fits) and the ids
 * of results confirmed as bad. Build one per batch; it is a snapshot, so do not keep it across writes.
 */
export interface SeriesContext {
  models: Map<number, ModelAxes>;
  confirmedBad: ReadonlySet<number>;
  /**
   * Take partial evaluations (results.partial: a --limit run, a cancelled run) as points. False by default: a score
   * on 2 of 56 items says little about the model and would pass for its best.
   */
  includePartial: boolean;
  /** The fitter's work arrays for this batch's fits (a context is used by one thread). */
  scratch: FitScratch;
  /** The workspace's frontier backtests by "threshold/level", computed on first use (saturation/frontierTrack.ts). */
  frontierTracks: Map<string, WorkspaceTrack>;
}

/** A result left out of a series: confirmed as bad (partial null), or a partial evaluation (why it is partial). */
export interface LeftOutResult {
  modelId: number;
  model: string;
  y: number;
  partial: string | null;
}

export function seriesContext(db: Db): SeriesContext {
  const rows = stmt(
    db,
    `SELECT m.id, m.name, o.name AS organization, m.release_date, m.training_compute_flop, m.parameters
       FROM models m LEFT JOIN organizations o ON o.id = m.organization_id`,
  ).all() as { id: number; name: string; organization: string | null; release_date: string | null; training_compute_flop: number | null; parameters: number | null }[];
  const models = new Map<number, ModelAxes>();
  for (const r of rows) {
    const date = r.release_date ? toDecimalYear(r.release_date) : null;
    models.set(r.id, {
      name: r.name,
      organization: r.organization,
      releaseDate: r.release_date,
      date: date !== null && Number.isFinite(date) ? date : null,
      trainingComputeFlop: r.training_compute_flop,
      parameters: r.parameters,
    });
  }
  return { models, confirmedBad: confirmedBadResultIds(db), includePartial: false, scratch: createFitScratch(), frontierTracks: new Map() };
}

/** Column order of the raw result rows read by {@link loadSeries} (arrays: creating row objects was half its cost). */
const enum C {
  Id,
  ModelId,
  Score,
  Stderr,
  N,
  TestTimeCompute,
  Shots,
  Cot,
  PassK,
  Effort,
  Source,
  SourceKind,
  Partial,
  Run,
}
type RawRow = [
  number, number, number, number | null, number | null, number | null, number | null, number | null, number | null, string | null, string, SourceKind | null,
  string | null, string | null,
];

/**
 * Replicates (results that differ only in their run label: seeds, repeated runs) as one row each: the mean score
 * ȳ = Σ yᵢ / k, and as stderr the standard error of that mean, s / √k with s² = Σ (yᵢ − ȳ)² / (k − 1), or the
 * largest stated stderr when it is larger (a run's own sampling error bounds the mean's from below). Rows without
 * replicates pass through unchanged. The mean row keeps the first replicate's id, n and provenance.
 */
export function meanOfReplicates(rows: RawRow[]): RawRow[] {
  if (!rows.some((r) => r[C.Run] !== null)) return rows;
  const groups = new Map<string, RawRow[]>();
  for (const r of rows) {
    const key = `${r[C.ModelId]}\u0000${r[C.TestTimeCompute]}\u0000${r[C.Shots]}\u0000${r[C.Cot]}\u0000${r[C.PassK]}\u0000${r[C.Effort]}\u0000${r[C.Source]}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: RawRow[] = [];
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]!);
      continue;
    }
    const k = g.length;
    const mean = g.reduce((a, r) => a + r[C.Score], 0) / k;
    const sd = Math.sqrt(g.reduce((a, r) => a + (r[C.Score] - mean) ** 2, 0) / (k - 1));
    const stated = Math.max(...g.map((r) => r[C.Stderr] ?? 0));
    const row = [...g[0]!] as RawRow;
    row[C.Score] = mean;
    row[C.Stderr] = Math.max(sd / Math.sqrt(k), stated) || null;
    out.push(row);
  }
  return out;
}

/**
 * The points of one series, sorted by x. Results whose model lacks the axis quantity are left out.
 * @param subtaskId null for the whole-benchmark (aggregate) results.
 * @param onExcluded called for each result left out because it is confirmed as bad (ctx.confirmedBad) or is a partial
 *   evaluation (unless ctx.includePartial).
 * @param ctx the batch's models and confirmed-bad ids (see {@link seriesContext}); read now when not given.
 * On the 'capability' axis x is the model's θ from the joint capability fit (capabilityIndex).
 */
export function loadSeries(
  db: Db,
  benchmarkId: number,
  subtaskId: number | null,
  axis: Axis,
  higherIsBetter: boolean,
  onExcluded?: (r: LeftOutResult) => void,
  ctx: SeriesContext = seriesContext(db),
): SeriesPoint[] {
  const rows = stmt(
    db,
    `SELECT id, model_id, score, stderr, n, test_time_compute, shots, cot, pass_k, effort, source, source_kind, partial, run
       FROM results WHERE benchmark_id = ? AND ifnull(subtask_id, 0) = ?`,
  )
    .raw(true)
    .all(benchmarkId, subtaskId ?? 0) as RawRow[];
  const theta = axis === 'capability' ? capabilityIndex(db) : null;
  // Best row per key first, points built only for the winners (half the rows or fewer).
  const best = new Map<string | number, { row: RawRow; x: number }>();
  const kept: RawRow[] = [];
  for (const r of rows) {
    const model = ctx.models.get(r[C.ModelId]);
    if (!model) continue;
    if (ctx.confirmedBad.has(r[C.Id])) {
      onExcluded?.({ modelId: r[C.ModelId], model: model.name, y: r[C.Score], partial: null });
      continue;
    }
    const partial = r[C.Partial];
    if (partial !== null && !ctx.includePartial) {
      onExcluded?.({ modelId: r[C.ModelId], model: model.name, y: r[C.Score], partial });
      continue;
    }
    kept.push(r);
  }
  // A model's replicates (seeds, repeated runs) count as one result: their mean, not the luckiest run.
  for (const r of meanOfReplicates(kept)) {
    const model = ctx.models.get(r[C.ModelId])!;
    const x =
      axis === 'date'
        ? model.date
        : axis === 'capability'
          ? (theta?.get(r[C.ModelId])?.theta ?? null)
          : axisValue(axis, { release_date: model.releaseDate, training_compute_flop: model.trainingComputeFlop, parameters: model.parameters, test_time_compute: r[C.TestTimeCompute] });
    const score = r[C.Score];
    if (x === null || !Number.isFinite(x) || !Number.isFinite(score)) continue;
    const key = axis === 'ttc' ? `${r[C.ModelId]}/${r[C.TestTimeCompute]}` : r[C.ModelId];
    const prev = best.get(key);
    if (prev && (higherIsBetter ? prev.row[C.Score] >= score : prev.row[C.Score] <= score)) continue;
    best.set(key, { row: r, x });
  }
  const points: SeriesPoint[] = [];
  for (const { row: r, x } of best.values()) {
    const model = ctx.models.get(r[C.ModelId])!;
    points.push({
      modelId: r[C.ModelId],
      model: model.name,
      organization: model.organization,
      x,
      y: r[C.Score],
      stderr: r[C.Stderr],
      n: r[C.N],
      source: r[C.Source],
      sourceKind: r[C.SourceKind],
      setting: describeSetting({
        shots: r[C.Shots],
        cot: r[C.Cot] === null ? null : r[C.Cot] === 1,
        passK: r[C.PassK],
        testTimeCompute: r[C.TestTimeCompute],
        effort: r[C.Effort],
      }),
      releaseDate: model.releaseDate,
    });
  }
  return points.sort((a, b) => a.x - b.x || a.model.localeCompare(b.model));
}
