/**
 * Run every check over a snapshot, in two phases: first the value checks (impossible values, unit slips, dates),
 * whose value-level findings take those results out of every comparison; then the comparisons (conflicts,
 * regressions, aggregates, ordering, trend, capability surprises). A surprising success already explained by a
 * more specific flag on the same result (above-trend, ordering, conflict, aggregate mismatch) is dropped: that flag
 * carries the explanation.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../common/flags';
import { flagConfidence, flagPriority } from '../../common/flags';
import { mergeCauses } from './causes';
import { RuleContext, type FlagDraft } from './context';
import { Snapshot } from './derive';
import type { FlagInputs } from './inputs';
import { checkAboveTrend } from './rules/aboveTrend';
import { checkAggregates } from './rules/aggregateMismatch';
import { checkConflictingReports } from './rules/conflictingReports';
import { checkDates } from './rules/dateAnomaly';
import { checkImpossibleValues, VALUE_KINDS } from './rules/impossibleValue';
import { checkOrdering } from './rules/ordering';
import { checkRegressions, checkTrainingRegressions } from './rules/regression';
import { checkFreshTwins } from './rules/freshTwin';
import { checkSizeSurprises } from './rules/sizeSurprise';
import { checkSurprises } from './rules/surprising';
import { checkUnitSlips } from './rules/unitSlip';

/** A draft with its fingerprints. */
export interface CheckedFlag extends FlagDraft {
  /** Hash of rule, identity, the flagged results' values and the rule's extra data. */
  fingerprint: string;
  /** Hash of the flagged results' values alone (tells "the data changed" from "the thresholds changed"). */
  dataHash: string;
}

export interface CheckRun {
  flags: CheckedFlag[];
  context: RuleContext;
  elapsedMs: number;
}

/** The values of results that a fingerprint covers, in a stable text form; missing results count as "gone". */
export function resultValuesText(snap: Snapshot, ids: readonly number[]): string {
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const d = snap.byId.get(id);
      if (!d) return `${id}:gone`;
      const r = d.r;
      return [id, r.modelId, r.benchmarkId, r.subtaskId ?? '', r.settingKey, r.score, r.stderr ?? '', r.n ?? '', r.source, r.evaluatedOn ?? ''].join(':');
    })
    .join('\n');
}

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Impossible-value kinds a unit slip on the same result explains (only the slip is kept). */
export const EXPLAINED_BY_SLIP: readonly string[] = ['out-of-range', 'stderr-binomial', 'not-k-of-n', 'below-chance'];

/** Run all checks over a snapshot (pure: no database). */
export function runChecks(inputs: FlagInputs): CheckRun {
  const t0 = performance.now();
  const snap = new Snapshot(inputs);
  const ctx = new RuleContext(snap);
  const valueFlags = [...checkImpossibleValues(ctx), ...checkUnitSlips(ctx), ...checkDates(ctx)];
  for (const f of valueFlags) {
    const kind = f.evidence.details?.['kind'];
    const valueLevel = f.rule === 'unit-slip' || (f.rule === 'impossible-value' && VALUE_KINDS.includes(kind as (typeof VALUE_KINDS)[number]));
    if (valueLevel) for (const id of f.subjectResultIds) ctx.invalid.add(id);
  }
  // A unit slip explains a value outside the unit's range, a stderr that is off the binomial or a value that is not
  // k/n: keep only the slip.
  const slipped = new Set(valueFlags.filter((f) => f.rule === 'unit-slip').flatMap((f) => f.subjectResultIds));
  const kept = valueFlags.filter(
    (f) =>
      !(
        f.rule === 'impossible-value' &&
        EXPLAINED_BY_SLIP.includes(String(f.evidence.details?.['kind'])) &&
        f.subjectResultIds.some((id) => slipped.has(id))
      ),
  );
  const comparisons = [...checkConflictingReports(ctx), ...checkRegressions(ctx), ...checkTrainingRegressions(ctx), ...checkAggregates(ctx), ...checkOrdering(ctx), ...checkAboveTrend(ctx)];
  const covered = new Set(comparisons.filter((f) => f.rule !== 'regression').flatMap((f) => f.resultIds));
  const surprises = [
    ...checkSurprises(ctx).filter((f) => !(f.rule === 'surprising-success' && f.subjectResultIds.some((id) => covered.has(id)))),
    ...checkSizeSurprises(ctx),
    ...checkFreshTwins(ctx),
  ];
  const drafts = mergeCauses(snap, [...kept, ...comparisons, ...surprises]);
  const flags = drafts.map((f) => {
    if (f.evidence.values.length === 0 && f.resultIds.length) {
      f.evidence.values = f.resultIds.map((id) => snap.byId.get(id)).filter((d) => d !== undefined).map((d) => snap.value(d));
    }
    f.evidence.confidence = flagConfidence(f.rule, f.evidence, f.subjectResultIds.length);
    const values = resultValuesText(snap, f.resultIds);
    return { ...f, dataHash: sha(values), fingerprint: sha([f.rule, f.identity, f.extra ?? '', values].join('\n')) };
  });
  flags.sort((a, b) => flagPriority(b) - flagPriority(a) || a.rule.localeCompare(b.rule) || a.identity.localeCompare(b.identity));
  return { flags, context: ctx, elapsedMs: performance.now() - t0 };
}

/** Count flags by rule and by severity. */
export function countFlags(flags: readonly { rule: FlagDraft['rule']; severity: Severity }[]): {
  byRule: Partial<Record<FlagDraft['rule'], number>>;
  bySeverity: Record<Severity, number>;
} {
  const byRule: Partial<Record<FlagDraft['rule'], number>> = {};
  const bySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0 };
  for (const f of flags) {
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    bySeverity[f.severity]++;
  }
  return { byRule, bySeverity };
}
