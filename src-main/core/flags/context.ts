/**
 * What a rule sees: the snapshot with derived values, the capability fit (fitted once per run), the rows already
 * known to be invalid values, and the draft shape every rule returns.
 */
import type { FlagEvidence, FlagRule, Severity } from '../../common/flags';
import { sigmoid } from '../capability/model';
import { fitCapability, type CapabilityView } from '../capability/workspace';
import { unitScale, type Derived, type Snapshot } from './derive';

/** A flag as a rule raises it, before it is stored. */
export interface FlagDraft {
  rule: FlagRule;
  severity: Severity;
  modelId: number | null;
  benchmarkId: number | null;
  subtaskId: number | null;
  resultIds: number[];
  /** The suspicious results among resultIds (what confirming marks bad). */
  subjectResultIds: number[];
  message: string;
  evidence: FlagEvidence;
  /** Stable name of "the same problem" across recomputations (rule + what it is about, not the values). */
  identity: string;
  /** Extra data the flag is about besides its results' values (release dates, names), part of the fingerprint. */
  extra?: string;
}

/** What the capability model expects for one result, measured on the normalized (headroom) scale. */
export interface Surprise {
  /** Expected normalized headroom and expected score in the benchmark's unit. */
  hExpected: number;
  expected: number;
  /** Observed minus expected normalized headroom. */
  gap: number;
  /** Standardized gap: gap / √(se_h² + Δ²), with Δ the prediction's spread mapped to the headroom scale on the gap's side. */
  z: number;
  /** The denominator of z, in normalized units. */
  sd: number;
  modelN: number;
  itemN: number;
}

export class RuleContext {
  readonly snap: Snapshot;
  /** Results whose value itself is impossible or a unit slip: comparison rules leave them out. */
  readonly invalid = new Set<number>();
  private capabilityCache: CapabilityView | null | undefined;
  private surpriseScaleCache: number | undefined;

  /** `capability: false` leaves the capability model out (checks at the moment of entry must answer at once). */
  constructor(snap: Snapshot, opts: { capability?: boolean } = {}) {
    this.snap = snap;
    if (opts.capability === false) this.capabilityCache = null;
  }

  get capability(): CapabilityView | null {
    if (this.capabilityCache === undefined) this.capabilityCache = fitCapability(this.snap);
    return this.capabilityCache;
  }

  /**
   * Usable in comparisons: a finite normalized value that is neither invalid nor confirmed bad, and covers its whole
   * benchmark (a partial run's score is expected to differ from a full one's).
   */
  comparable(d: Derived): boolean {
    return Number.isFinite(d.h) && !d.r.partial && !this.invalid.has(d.r.id) && !this.snap.isImpossible(d) && !this.snap.confirmedBad.has(d.r.id);
  }

  /**
   * The workspace's own spread of capability z-scores: k = max(1, 1.4826·median|z|) over every comparable result
   * with an expectation (at least MIN_SCALE_RESULTS of them, else 1). Under the model's own assumptions |z| has
   * median 0.6745 and k = 1; a workspace whose results scatter more than its stated errors allow (judged scores,
   * mixed harnesses, averaged metrics) gets k > 1, and the surprise thresholds apply to z/k, so the same share of
   * results is flagged as on a workspace that fits the model.
   */
  get surpriseScale(): number {
    if (this.surpriseScaleCache === undefined) {
      const zs: number[] = [];
      for (const d of this.snap.derived) {
        if (!this.comparable(d)) continue;
        const s = this.surprise(d);
        if (s) zs.push(Math.abs(s.z));
      }
      zs.sort((a, b) => a - b);
      this.surpriseScaleCache = zs.length >= MIN_SCALE_RESULTS ? Math.max(1, 1.4826 * zs[zs.length >> 1]!) : 1;
    }
    return this.surpriseScaleCache;
  }

  /**
   * How far a result lies from the capability model's expectation, on the headroom scale. The observation's
   * sampling error is its standard error over the span (at least the binomial error at the expected value, so a
   * score of 0 of n is not treated as certain); the prediction's spread (model misfit σ_m and θ's standard error,
   * logit units) is mapped to the headroom scale on the side of the gap: Δ = h − σ(η − s) below, σ(η + s) − h above.
   * Null when the expectation rests on too little: fewer than minModelN fitted results of the model, fewer than
   * minItemN of the item, or fewer than minOtherItems other benchmarks/subtasks of the model (else "capability"
   * would only echo other reports of the same benchmark, which conflicting-reports already compares).
   */
  surprise(d: Derived, minModelN = 5, minItemN = 3, minOtherItems = 3): Surprise | null {
    const p = this.capability?.predictions.get(d.r.id);
    if (!p || p.modelN < minModelN || p.itemN < minItemN || !Number.isFinite(d.h)) return null;
    if (p.modelItems - (p.fitted ? 1 : 0) < minOtherItems) return null;
    const hExp = p.hExpected;
    const gap = d.h - hExp;
    const delta = gap < 0 ? hExp - sigmoid(p.eta - p.spread) : sigmoid(p.eta + p.spread) - hExp;
    let seH = d.se / Math.abs(d.span);
    const scale = unitScale(d.bench.unit);
    if (d.seBasis !== 'stated' && scale !== null && d.items) {
      const pe = Math.min(1, Math.max(0, (d.floor + d.span * hExp) / scale));
      const pt = (pe * d.items + 0.5) / (d.items + 1);
      seH = Math.max(seH, (scale * Math.sqrt((pt * (1 - pt)) / d.items)) / Math.abs(d.span));
    }
    const sd = Math.sqrt(seH * seH + delta * delta);
    return { hExpected: hExp, expected: p.expected, gap, z: gap / sd, sd, modelN: p.modelN, itemN: p.itemN };
  }
}

/** Results with a capability expectation a workspace needs before its own z spread rescales the surprise rule. */
export const MIN_SCALE_RESULTS = 30;

/** The larger of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  const rank = { low: 0, medium: 1, high: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

/** The common evidence fields of a benchmark's flag. */
export function baseEvidence(d: Derived): Pick<FlagEvidence, 'unit' | 'floor' | 'ceiling'> {
  return { unit: d.bench.unit, floor: d.floor, ceiling: d.ceiling };
}

/**
 * A flag about one result (impossible value, unit slip, date anomaly, surprising failure or success): that result is both the evidence and the
 * subject; `identity` names the problem after the rule, the result and `kind`; evidence starts from baseEvidence.
 */
export function singleResultDraft(
  rule: FlagRule,
  d: Derived,
  severity: Severity,
  message: string,
  identity: string,
  evidence: Omit<FlagEvidence, 'unit' | 'floor' | 'ceiling'>,
  extra?: string,
): FlagDraft {
  return {
    rule,
    severity,
    modelId: d.r.modelId,
    benchmarkId: d.r.benchmarkId,
    subtaskId: d.r.subtaskId,
    resultIds: [d.r.id],
    subjectResultIds: [d.r.id],
    message,
    evidence: { ...baseEvidence(d), ...evidence },
    identity: `${rule}|${d.r.id}${identity ? `|${identity}` : ''}`,
    ...(extra !== undefined ? { extra } : {}),
  };
}
