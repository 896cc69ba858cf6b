/**
 * conflicting-reports: the same model, benchmark, subtask and setting reported by different sources, differing
 * beyond their combined uncertainty.
 */
import type { Severity } from '../../../common/flags';
import { baseEvidence, maxSeverity, type FlagDraft, type RuleContext } from '../context';
import { fmt, groupBy, round, type Derived } from '../derive';
import { median } from '../robust';
import type { InputResult } from '../inputs';

const SETTING_FIELDS = ['shots', 'cot', 'passK', 'testTimeCompute', 'effort'] as const;

/**
 * Two settings are comparable when every field is equal or unstated (null) in at least one of them; `exact` when
 * they are identical. A report that does not state its shots may well be the same evaluation as a 5-shot one.
 */
export function settingsComparable(a: InputResult, b: InputResult): { comparable: boolean; exact: boolean } {
  let exact = true;
  for (const f of SETTING_FIELDS) {
    const x = a[f];
    const y = b[f];
    if (x === y) continue;
    exact = false;
    if (x !== null && y !== null) return { comparable: false, exact: false };
  }
  return { comparable: true, exact };
}

/**
 * Least between-source spread: two harnesses never agree to better than about half a percent of the span (prompt
 * format, answer extraction, sampling temperature), whatever the item count. Added in quadrature for each source.
 */
export const BETWEEN_SOURCE_SD = 0.005;
/** Distinct pairs of sources, and models reported by two sources, a benchmark needs before its own spread is used. */
export const MIN_SOURCE_PAIRS = 3;
export const MIN_SPREAD_MODELS = 5;

/**
 * Between-source spread of one benchmark, learnt from the workspace: for every pair of sources, Δ = |a − b| over the
 * reports of the same model, subtask and comparable setting they share (in units of the span), and that pair's median
 * Δ; the benchmark's spread is the median over its source pairs (each pair one vote, so one source that is off for
 * every model cannot widen the yardstick it is measured with), as a per-source standard deviation
 * s = 1.4826·median/√2 (the median absolute difference of two draws is 0.6745·√2·σ), never below
 * BETWEEN_SOURCE_SD. With fewer than MIN_SOURCE_PAIRS source pairs or MIN_SPREAD_MODELS models reported by two
 * sources, the least spread is used (a model's own reports would otherwise set the yardstick they are judged by). So a benchmark whose
 * sources routinely differ (agents with different scaffolds, papers with different prompts) needs larger gaps to
 * raise a conflict than one whose sources agree to a point.
 */
export function betweenSourceSpread(ctx: RuleContext): Map<number, { sd: number; sourcePairs: number }> {
  const diffs = new Map<number, Map<string, number[]>>();
  const models = new Map<number, Set<number>>();
  const groups = groupBy(
    ctx.snap.derived.filter((d) => ctx.comparable(d)),
    (d) => `${d.r.modelId}|${d.r.benchmarkId}|${d.r.subtaskId ?? 0}`,
  );
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.r.source === b.r.source || !settingsComparable(a.r, b.r).comparable) continue;
        const byPair = diffs.get(a.r.benchmarkId) ?? new Map<string, number[]>();
        const key = a.r.source < b.r.source ? `${a.r.source}\u0000${b.r.source}` : `${b.r.source}\u0000${a.r.source}`;
        byPair.set(key, [...(byPair.get(key) ?? []), Math.abs(a.r.score - b.r.score) / Math.abs(a.span)]);
        diffs.set(a.r.benchmarkId, byPair);
        models.set(a.r.benchmarkId, (models.get(a.r.benchmarkId) ?? new Set<number>()).add(a.r.modelId));
      }
    }
  }
  const out = new Map<number, { sd: number; sourcePairs: number }>();
  for (const [id, byPair] of diffs) {
    if (byPair.size < MIN_SOURCE_PAIRS || (models.get(id)?.size ?? 0) < MIN_SPREAD_MODELS) continue;
    const m = median([...byPair.values()].map((l) => median(l)));
    out.set(id, { sd: Math.max(BETWEEN_SOURCE_SD, (1.4826 * m) / Math.SQRT2), sourcePairs: byPair.size });
  }
  return out;
}

/** Combined uncertainty of two reports: √(se_a² + se_b² + 2·(s·span)²), in the benchmark's unit, s the between-source spread. */
export function conflictTolerance(a: Derived, b: Derived, spread = BETWEEN_SOURCE_SD): number {
  const s = spread * Math.abs(a.span);
  return Math.sqrt(a.se * a.se + b.se * b.se + 2 * s * s);
}

/** Standardized difference of two reports: (|a − b| − rounding) / conflictTolerance. */
export function conflictZ(a: Derived, b: Derived, spread = BETWEEN_SOURCE_SD): number {
  const diff = Math.abs(a.r.score - b.r.score) - a.half - b.half;
  return Math.max(0, diff) / conflictTolerance(a, b, spread);
}

/**
 * One flag per model, benchmark and subtask with at least one conflicting pair (different sources, comparable
 * settings, z > 3 and a difference of at least 2% of the span), z measured against {@link conflictTolerance} with the
 * benchmark's own between-source spread ({@link betweenSourceSpread}). Replicates (run labels) of one source are never
 * paired: one source is one evaluation, its seeds a spread of their own. Severity: high when z > 5, the difference is at least
 * 5% of the span and the settings are identical and both uncertainties known (stated or binomial); medium when z > 4;
 * else low. The subject (what confirming marks bad) is the report farthest from the others' median, or from the
 * capability model's expectation when there are only two.
 */
export function checkConflictingReports(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const spreads = betweenSourceSpread(ctx);
  const groups = groupBy(
    ctx.snap.derived.filter((d) => ctx.comparable(d)),
    (d) => `${d.r.modelId}|${d.r.benchmarkId}|${d.r.subtaskId ?? 0}`,
  );
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    let severity: Severity | null = null;
    let worst = { z: 0, a: list[0]!, b: list[1]! };
    const involved = new Set<Derived>();
    const conflicts = new Map<Derived, number>();
    const notes = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.r.source === b.r.source) continue;
        const s = settingsComparable(a.r, b.r);
        if (!s.comparable) continue;
        const spread = spreads.get(a.r.benchmarkId)?.sd ?? BETWEEN_SOURCE_SD;
        const z = conflictZ(a, b, spread);
        const diff = Math.abs(a.r.score - b.r.score);
        if (z <= 3 || diff < 0.02 * Math.abs(a.span)) continue;
        const known = a.seBasis !== 'default' && b.seBasis !== 'default';
        const sev: Severity = z > 5 && diff >= 0.05 * Math.abs(a.span) && s.exact && known ? 'high' : z > 4 ? 'medium' : 'low';
        if (!s.exact) notes.add('The settings differ only where one source does not state them; they may not be the same evaluation.');
        if (!known) notes.add('At least one value has neither stderr nor item count; ±3% of the scale was assumed.');
        severity = severity ? maxSeverity(severity, sev) : sev;
        involved.add(a).add(b);
        conflicts.set(a, (conflicts.get(a) ?? 0) + 1);
        conflicts.set(b, (conflicts.get(b) ?? 0) + 1);
        if (z > worst.z) worst = { z, a, b };
      }
    }
    if (!severity) continue;
    const rows = [...involved].sort((x, y) => x.r.id - y.r.id);
    const subject = pickSubject(ctx, rows, list);
    const first = rows[0]!;
    const unit = first.bench.unit;
    const where = `${first.model.name} on ${first.bench.name}${first.subtask ? ` / ${first.subtask.name}` : ''}`;
    const { a, b } = worst;
    const spread = spreads.get(first.r.benchmarkId);
    out.push({
      rule: 'conflicting-reports',
      severity,
      modelId: first.r.modelId,
      benchmarkId: first.r.benchmarkId,
      subtaskId: first.r.subtaskId,
      resultIds: rows.map((d) => d.r.id),
      subjectResultIds: subject.map((d) => d.r.id),
      message:
        `${where}: ${rows.length} sources disagree; "${a.r.source}" reports ${fmt(a.r.score, unit)} and "${b.r.source}" ${fmt(b.r.score, unit)} ` +
        `(${round(worst.z, 1)} combined standard errors apart).`,
      evidence: {
        ...baseEvidence(first),
        values: list.map((d) => ctx.snap.value(d)),
        z: round(worst.z, 2),
        difference: round(Math.abs(a.r.score - b.r.score), 4),
        tolerance: round(conflictTolerance(a, b, spread?.sd ?? BETWEEN_SOURCE_SD), 4),
        thresholds: { z: 3, minDifferenceOfSpan: 0.02, betweenSourceSd: round(spread?.sd ?? BETWEEN_SOURCE_SD, 4), sourcePairs: spread?.sourcePairs ?? 0 },
        details: { conflicts: Object.fromEntries([...conflicts].map(([d, c]) => [String(d.r.id), c])) },
        ...(notes.size ? { notes: [...notes] } : {}),
      },
      identity: `conflicting-reports|${first.r.modelId}|${first.r.benchmarkId}|${first.r.subtaskId ?? 0}`,
    });
  }
  return out;
}

function pickSubject(ctx: RuleContext, rows: Derived[], all: Derived[]): Derived[] {
  if (rows.length > 2) {
    const sorted = all.map((d) => d.r.score).sort((x, y) => x - y);
    const med = sorted[sorted.length >> 1]!;
    const far = rows.reduce((best, d) => (Math.abs(d.r.score - med) > Math.abs(best.r.score - med) ? d : best));
    return [far];
  }
  const scored = rows.map((d) => ({ d, s: ctx.surprise(d) }));
  if (scored.every((x) => x.s)) {
    return [scored.reduce((best, x) => (Math.abs(x.s!.z) > Math.abs(best.s!.z) ? x : best)).d];
  }
  return rows;
}
