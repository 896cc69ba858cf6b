/**
 * The capability model over a workspace snapshot: which results enter the fit, how each becomes an empirical logit,
 * and what the fit predicts for every result (including those left out). Also `capabilityIndex(db)`, the θ axis the
 * saturation fits can use.
 */
import type { CapabilityItemRow, CapabilityModelRow, CapabilityReport } from '../../common/flags';
import type { Db } from '../db/open';
import { Snapshot, type Derived } from '../flags/derive';
import { confirmedBadResultIds, loadFlagInputs, type FlagInputs } from '../flags/inputs';
import { stmt } from '../db/statements';
import { empiricalLogit, fitCapabilityModel, sigmoid, type CapabilityFitResult } from './model';

/** What the capability model says about one result. */
export interface Prediction {
  /** Expected normalized headroom σ(a(θ − d)). */
  hExpected: number;
  /** Expected score in the benchmark's unit. */
  expected: number;
  /** Observed empirical logit minus the predicted logit. */
  residual: number;
  /** Standard deviation the residual is measured against: √(v + σ_m² + a²·se(θ)²), logit units. */
  sd: number;
  /** residual / sd. */
  z: number;
  /** Whether the result entered the fit. */
  fitted: boolean;
  /** Predicted logit a(θ − d). */
  eta: number;
  /** Spread of the prediction itself, √(σ_m² + a²·se(θ)²), logit units (model misfit plus θ uncertainty). */
  spread: number;
  /** Fitted results of this model and of this item (how much the prediction rests on). */
  modelN: number;
  itemN: number;
  /** Distinct items (benchmarks or subtasks) among the model's fitted results. */
  modelItems: number;
}

export interface CapabilityView {
  snapshot: Snapshot;
  fit: CapabilityFitResult;
  modelIndex: Map<number, number>;
  itemIndex: Map<string, number>;
  /** Prediction per result id (every result of a fitted model and item). */
  predictions: Map<number, Prediction>;
  observations: number;
  elapsedMs: number;
}

/** Whether a result can enter the fit: on a finite scale, not impossible, not confirmed bad. */
function usable(s: Snapshot, d: Derived): boolean {
  return Number.isFinite(d.h) && d.span !== 0 && !s.isImpossible(d) && !s.confirmedBad.has(d.r.id);
}

/**
 * Fit the capability model to a snapshot. Every result of a proportion or points benchmark enters as
 * y = empirical logit of its normalized score, with variance from its standard error (stated, binomial from n,
 * or the 3% default); results outside the unit's range, above the ceiling or confirmed bad are predicted but not
 * fitted. Returns null when fewer than two models or no items have results.
 */
export function fitCapability(snapshot: Snapshot): CapabilityView | null {
  const t0 = performance.now();
  const modelIndex = new Map<number, number>();
  const itemIndex = new Map<string, number>();
  const rows: Derived[] = [];
  for (const d of snapshot.derived) {
    if (!Number.isFinite(d.h) || d.span === 0) continue;
    if (!modelIndex.has(d.r.modelId)) modelIndex.set(d.r.modelId, modelIndex.size);
    if (!itemIndex.has(d.itemKey)) itemIndex.set(d.itemKey, itemIndex.size);
    rows.push(d);
  }
  if (modelIndex.size < 2 || itemIndex.size === 0) return null;
  const N = rows.length;
  const data = {
    nModels: modelIndex.size,
    nItems: itemIndex.size,
    model: new Int32Array(N),
    item: new Int32Array(N),
    y: new Float64Array(N),
    v: new Float64Array(N),
    weight: new Float64Array(N),
  };
  rows.forEach((d, i) => {
    const seH = d.se / Math.abs(d.span);
    // Effective item count on the normalized scale (a four-choice floor of 25% shrinks the usable range).
    const nEff = d.seBasis === 'binomial' && d.items ? d.items : null;
    const { y, v } = empiricalLogit(d.h, seH, nEff);
    data.model[i] = modelIndex.get(d.r.modelId)!;
    data.item[i] = itemIndex.get(d.itemKey)!;
    data.y[i] = y;
    data.v[i] = v;
    data.weight[i] = usable(snapshot, d) ? 1 : 0;
  });
  const fit = fitCapabilityModel(data);
  const itemsOfModel = new Map<number, Set<number>>();
  for (let i = 0; i < N; i++) {
    if (!(data.weight[i]! > 0)) continue;
    const set = itemsOfModel.get(data.model[i]!) ?? new Set<number>();
    set.add(data.item[i]!);
    itemsOfModel.set(data.model[i]!, set);
  }
  const predictions = new Map<number, Prediction>();
  rows.forEach((d, i) => {
    const m = data.model[i]!;
    const j = data.item[i]!;
    const a = fit.slope[j]!;
    const eta = a * (fit.theta[m]! - fit.difficulty[j]!);
    const hExpected = sigmoid(eta);
    const se = fit.thetaSe[m]!;
    const sd = Math.sqrt(data.v[i]! + fit.modelVar[m]! + a * a * se * se);
    const residual = fit.residual[i]!;
    predictions.set(d.r.id, {
      hExpected,
      expected: d.floor + d.span * hExpected,
      residual,
      sd,
      z: residual / sd,
      fitted: data.weight[i]! > 0,
      eta,
      spread: Math.sqrt(fit.modelVar[m]! + a * a * se * se),
      modelN: fit.modelCount[m]!,
      itemN: fit.itemCount[j]!,
      modelItems: itemsOfModel.get(m)?.size ?? 0,
    });
  });
  let observations = 0;
  for (let i = 0; i < N; i++) if (data.weight[i]! > 0) observations++;
  return { snapshot, fit, modelIndex, itemIndex, predictions, observations, elapsedMs: performance.now() - t0 };
}

/** The capability fit as plain rows for the API (models by θ descending, items by difficulty). */
export function capabilityReport(view: CapabilityView | null): CapabilityReport {
  if (!view) return { models: [], items: [], observations: 0, tau: 0, iterations: 0, converged: false, elapsedMs: 0 };
  const { snapshot, fit } = view;
  const models: CapabilityModelRow[] = [];
  for (const [modelId, m] of view.modelIndex) {
    if (!fit.modelCount[m]) continue;
    models.push({
      modelId,
      model: snapshot.models.get(modelId)?.name ?? String(modelId),
      theta: fit.theta[m]!,
      se: fit.thetaSe[m]!,
      n: fit.modelCount[m]!,
      residualSd: Math.sqrt(fit.modelVar[m]!),
    });
  }
  models.sort((a, b) => b.theta - a.theta);
  const items: CapabilityItemRow[] = [];
  for (const [key, j] of view.itemIndex) {
    if (!fit.itemCount[j]) continue;
    const [bid, sid] = key.split('/').map(Number) as [number, number];
    const b = snapshot.benchmarks.get(bid);
    const st = sid ? snapshot.subtasks.get(sid) : undefined;
    items.push({
      benchmarkId: bid,
      benchmark: b?.name ?? String(bid),
      subtaskId: sid || null,
      subtask: st?.name ?? null,
      difficulty: fit.difficulty[j]!,
      slope: fit.slope[j]!,
      n: fit.itemCount[j]!,
    });
  }
  items.sort((a, b) => a.difficulty - b.difficulty);
  return {
    models,
    items,
    observations: view.observations,
    tau: Math.sqrt(fit.tau2),
    iterations: fit.sweeps,
    converged: fit.converged,
    elapsedMs: view.elapsedMs,
  };
}

/** Fit the capability model over the workspace and report it (the 'capability/fit' method). */
export function capabilityFit(db: Db, inputs: FlagInputs = loadFlagInputs(db)): CapabilityReport {
  return capabilityReport(fitCapability(new Snapshot(inputs)));
}

const indexCache = new WeakMap<Db, { key: string; value: Map<number, { theta: number; se: number }> }>();

/** A cheap signature of everything the fit reads, so a forecast table over many benchmarks fits once. */
function dataSignature(db: Db): string {
  const r = stmt(db, 'SELECT count(*) AS c, max(updated_at) AS u, total(score) AS t, max(id) AS m FROM results').get() as Record<string, unknown>;
  const b = stmt(db, 'SELECT count(*) AS c, total(floor) AS f, total(ceiling) AS g, max(updated_at) AS u FROM benchmarks').get() as Record<string, unknown>;
  const s = stmt(db, 'SELECT count(*) AS c, total(floor) AS f FROM subtasks').get() as Record<string, unknown>;
  return JSON.stringify([r, b, s, [...confirmedBadResultIds(db)].sort((x, y) => x - y)]);
}

/**
 * Each model's capability θ ± se (standard units: mean 0, sd 1 over the workspace's models), for use as a fitting
 * axis. Models without usable results are absent. Cached per connection until results, benchmarks, subtasks or
 * confirmed flags change.
 */
export function capabilityIndex(db: Db): Map<number, { theta: number; se: number }> {
  const key = dataSignature(db);
  const hit = indexCache.get(db);
  if (hit && hit.key === key) return hit.value;
  const out = new Map<number, { theta: number; se: number }>();
  for (const m of capabilityFit(db).models) out.set(m.modelId, { theta: m.theta, se: m.se });
  indexCache.set(db, { key, value: out });
  return out;
}
