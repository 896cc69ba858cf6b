/**
 * Flags at the moment of entry: what values being typed, pasted or imported would raise, before they are saved. The
 * caller writes the values inside a transaction it then rolls back (the same write path as saving them) and hands
 * the ids written here; the value checks run over the workspace as it would be (impossible values: below zero,
 * outside the unit's range, above the ceiling, not k/N where the benchmark is counted; unit slips: a percentage in
 * a fraction benchmark, a fraction in a percent one, a tenfold jump against another report of the same model and
 * benchmark). The capability model is left out, so the answer comes at once; a saved value still gets every check
 * when the flags recompute after the write.
 */
import type { FlagRule, Severity } from '../../common/flags';
import type { Db } from '../db/open';
import { mergeCauses } from './causes';
import { RuleContext } from './context';
import { Snapshot } from './derive';
import { loadFlagInputs } from './inputs';
import { checkImpossibleValues } from './rules/impossibleValue';
import { checkUnitSlips } from './rules/unitSlip';
import { EXPLAINED_BY_SLIP } from './run';

/** One flag a value would raise. */
export interface EntryFlag {
  resultId: number;
  rule: FlagRule;
  severity: Severity;
  kind: string;
  message: string;
}

/**
 * The value-level flags whose subject is one of `ids` (results just written in the caller's transaction), one per
 * result and finding. Results of other benchmarks are left out of the snapshot (the checks compare a value only with
 * its own benchmark's results).
 */
export function entryFlags(db: Db, ids: readonly number[]): EntryFlag[] {
  return entryRun(db, ids).flags;
}

function entryRun(db: Db, ids: readonly number[]): { snap: Snapshot | null; flags: EntryFlag[] } {
  if (!ids.length) return { snap: null, flags: [] };
  const wanted = new Set(ids);
  const inputs = loadFlagInputs(db);
  const benches = new Set(inputs.results.filter((r) => wanted.has(r.id)).map((r) => r.benchmarkId));
  const snap = new Snapshot({ ...inputs, results: inputs.results.filter((r) => benches.has(r.benchmarkId)) });
  const ctx = new RuleContext(snap, { capability: false });
  const drafts = [...checkImpossibleValues(ctx), ...checkUnitSlips(ctx)];
  const slipped = new Set(drafts.filter((f) => f.rule === 'unit-slip').flatMap((f) => f.subjectResultIds));
  const out: EntryFlag[] = [];
  for (const f of drafts) {
    const kind = String(f.evidence.details?.['kind'] ?? '');
    // As in runChecks: a unit slip explains the out-of-range value and the off-grid one.
    if (f.rule === 'impossible-value' && EXPLAINED_BY_SLIP.includes(kind) && f.subjectResultIds.some((id) => slipped.has(id))) continue;
    for (const id of f.subjectResultIds) if (wanted.has(id)) out.push({ resultId: id, rule: f.rule, severity: f.severity, kind, message: f.message });
  }
  return { snap, flags: out };
}

/** A summary of the entry flags of many values (an import's preview): counts, and the first flags after merging causes. */
export function entryFlagSummary(db: Db, ids: readonly number[], sampleSize = 20): { total: number; bySeverity: Record<Severity, number>; sample: { rule: FlagRule; severity: Severity; message: string; results: number }[] } {
  const { snap, flags } = entryRun(db, ids);
  const bySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0 };
  for (const f of flags) bySeverity[f.severity]++;
  // The sample says each cause once: a column's unit slip is one line with its count, not one per row.
  if (!snap) return { total: 0, bySeverity, sample: [] };
  const merged = mergeCauses(
    snap,
    flags.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      modelId: null,
      benchmarkId: null,
      subtaskId: null,
      resultIds: [f.resultId],
      subjectResultIds: [f.resultId],
      message: f.message,
      evidence: { unit: '', floor: 0, ceiling: 0, values: [], details: { kind: f.kind } },
      identity: `${f.rule}|${f.kind}|${f.resultId}`,
    })),
  );
  return {
    total: flags.length,
    bySeverity,
    sample: merged.slice(0, sampleSize).map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, results: f.subjectResultIds.length })),
  };
}
