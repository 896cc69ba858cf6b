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
import { capabilityIndex } from '../capability/workspace';

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

/**
 * The points of one series, sorted by x. Results whose model lacks the axis quantity are left out.
 * @param subtaskId null for the whole-benchmark (aggregate) results.
 * @param exclude result ids to leave out (results confirmed as bad); each one left out is passed to onExcluded.
 * On the 'capability' axis x is the model's θ from the joint capability fit (capabilityIndex).
 */
export function loadSeries(
  db: Db,
  benchmarkId: number,
  subtaskId: number | null,
  axis: Axis,
  higherIsBetter: boolean,
  exclude?: { ids: ReadonlySet<number>; onExcluded: (r: { modelId: number; model: string; y: number }) => void },
): SeriesPoint[] {
  const rows = stmt(
    db,
    `SELECT r.id, r.model_id, m.name AS model, o.name AS organization, m.release_date, m.training_compute_flop, m.parameters,
            r.test_time_compute, r.shots, r.cot, r.pass_k, r.effort, r.score, r.stderr, r.n, r.source, r.source_kind
       FROM results r JOIN models m ON m.id = r.model_id LEFT JOIN organizations o ON o.id = m.organization_id
      WHERE r.benchmark_id = ? AND ifnull(r.subtask_id, 0) = ?`,
  ).all(benchmarkId, subtaskId ?? 0) as Row[];
  const best = new Map<string, SeriesPoint>();
  const theta = axis === 'capability' ? capabilityIndex(db) : null;
  for (const r of rows) {
    if (exclude?.ids.has(r.id)) {
      exclude.onExcluded({ modelId: r.model_id, model: r.model, y: r.score });
      continue;
    }
    const x = axisValue(axis, theta ? { ...r, capability: theta.get(r.model_id)?.theta ?? null } : r);
    if (x === null || !Number.isFinite(x) || !Number.isFinite(r.score)) continue;
    const key = axis === 'ttc' ? `${r.model_id}/${r.test_time_compute}` : String(r.model_id);
    const prev = best.get(key);
    if (prev && (higherIsBetter ? prev.y >= r.score : prev.y <= r.score)) continue;
    best.set(key, {
      modelId: r.model_id,
      model: r.model,
      organization: r.organization,
      x,
      y: r.score,
      stderr: r.stderr,
      n: r.n,
      source: r.source,
      sourceKind: r.source_kind,
      setting: describeSetting({
        shots: r.shots,
        cot: r.cot === null ? null : r.cot === 1,
        passK: r.pass_k,
        testTimeCompute: r.test_time_compute,
        effort: r.effort,
      }),
      releaseDate: r.release_date,
    });
  }
  return [...best.values()].sort((a, b) => a.x - b.x || a.model.localeCompare(b.model));
}
