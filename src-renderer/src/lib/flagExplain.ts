/**
 * Plain-language explanations of flags: what the rule checks, why this result tripped it (with the evidence's own
 * numbers), and what confirming or dismissing does. The rules themselves are described in docs/methods.md ("Flags").
 */
import type { Flag, FlagEvidence, FlagRule } from '../../../src-main/common/flags';
import { score } from '../charts/format';

const WHAT: Record<FlagRule, string> = {
  'conflicting-reports':
    'Different sources report the same model on the same benchmark in the same setting, and their values are further apart than their standard errors and rounding allow. At most one of them can be right.',
  'surprising-failure':
    "The model scores far below what its capability predicts. The capability model is fitted jointly on every model's other results, so a result it cannot explain is often a harness bug, a wrong setting or a typo.",
  'surprising-success':
    "The model scores far above what its capability predicts from its other results: possible contamination, a different setting than recorded, or a typo.",
  'above-trend':
    'The result is well above the frontier trend of the other models at its release date. Jumps this large are rare; contamination or a mislabelled setting is worth ruling out.',
  ordering:
    'Within one report, the model scores lower on an easier subtask than on a harder one. Difficulty comes from how all models do on these subtasks.',
  regression:
    'A newer model of the same family scores clearly below its predecessor on the same benchmark and setting. Real regressions happen, but mislabelled rows are more common.',
  'impossible-value': 'The value cannot be right as stored: outside the possible range of its unit, above the ceiling, below chance, or inconsistent with the item count.',
  'unit-slip': 'The value looks like it was written in the wrong unit (a percentage in a fraction benchmark or the reverse) or off by a factor of ten, or version numbers were read as decimals.',
  'date-anomaly': 'The evaluation date is impossible or unlikely: before the model or the benchmark was released, or in the future.',
  'aggregate-mismatch': "The reported whole-benchmark score does not match the weighted mean of the same report's subtask scores.",
};

/** What a finding of a particular kind means, beyond its rule's explanation. */
const KIND: Record<string, string> = {
  'fresh-twin':
    "Against the benchmark's fresh twin (a newer test of the same skill, from the benchmark catalog): the workspace's models show how scores on the two go together, and this model's score on the older benchmark is far above what its fresh-twin score predicts. That is how test-set contamination shows in practice (GSM8K vs GSM1k, MMLU vs GPQA).",
  size: "Against the model's size or training compute: the workspace's models show how capability grows with size, and this model is far above the models of its size (size read from its name when no parameter count is recorded).",
  tenfold: 'The value is about a tenth (or ten times) of what is expected, and ten times it matches: a dropped digit or a misplaced decimal point.',
  training: 'Checkpoints of one training run are compared along training, step by step; a clear drop between checkpoints of the same setting and source is a regression along training, not a conflict between reports.',
};

/** What a flag that merges several results of one cause says about that cause. */
const CAUSE: Record<string, string> = {
  copies: 'Several sources report this same value, and the finding is the same for each: one flag for all of them.',
  column: "Every result listed comes from one source with the same finding: the way that source writes its scores (a column's unit or scale), so one flag for the cause rather than one per result.",
  source: 'One source is the odd one out, in the same direction, for several models on this benchmark: that source is off for every model (another harness, prompt, subset or scale). One flag for the source.',
  model: "The same model is off in the same direction on several benchmarks: the model (its name, setting or checkpoint) is shifted on everything. One flag for the model.",
};

/** A short tag for a flag that merges several results of one cause, for the inbox list; null for a single finding. */
export function causeTag(f: Flag): string | null {
  const cause = f.evidence.details?.['cause'];
  const n = f.subjectResultIds.length;
  if (cause === 'copies') return `${n} sources, one value`;
  if (cause === 'column') return `one source's column · ${n} results`;
  if (cause === 'source') return `one source off · ${n} models`;
  if (cause === 'model') return `one model shifted · ${n} results`;
  return null;
}

function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : score(v, digits);
}

/** The numbers the severity rests on, as one sentence (z against the rule's threshold, difference, tolerance). */
function why(ev: FlagEvidence): string {
  const parts: string[] = [];
  if (ev.expected !== null && ev.expected !== undefined) parts.push(`expected about ${num(ev.expected, 4)} ${ev.unit}`);
  if (ev.difference !== null && ev.difference !== undefined) parts.push(`difference ${ev.difference > 0 ? '+' : ''}${num(ev.difference, 3)}`);
  if (ev.tolerance !== null && ev.tolerance !== undefined) parts.push(`combined uncertainty ±${num(ev.tolerance, 3)}`);
  if (ev.z !== null && ev.z !== undefined) {
    const t = ev.thresholds?.z;
    parts.push(`z = ${num(ev.z, 3)}${t !== undefined ? ` (flagged from ${t}${ev.thresholds?.zHigh !== undefined ? `, high from ${ev.thresholds.zHigh}` : ''})` : ''}`);
  }
  return parts.length ? `${parts.join('; ')}.` : '';
}

/** The explanation paragraphs of a flag, first what the rule checks, then the numbers, then caveats. */
export function explainFlag(f: Flag): string[] {
  const out = [WHAT[f.rule]];
  const kind = KIND[String(f.evidence.details?.['kind'] ?? '')];
  if (kind) out.push(kind);
  const cause = CAUSE[String(f.evidence.details?.['cause'] ?? '')];
  if (cause) out.push(cause);
  const w = why(f.evidence);
  if (w) out.push(`Here: ${w.charAt(0).toLowerCase()}${w.slice(1)}`);
  const defaults = f.evidence.values.filter((v) => v.seBasis === 'default').length;
  if (defaults) out.push(`${defaults === 1 ? 'One value states' : `${defaults} values state`} no standard error; a default was assumed, so the flag is less certain.`);
  for (const n of f.evidence.notes ?? []) out.push(n);
  out.push(
    f.rule === 'conflicting-reports'
      ? 'Confirm marks the results you tick as bad (fits and checks leave them out); dismiss says the values are fine as they are.'
      : 'Confirm marks the flagged result as bad (fits and checks leave it out); dismiss says the value is fine; fix value edits it and checks again.',
  );
  return out;
}

/** Scalar details of the evidence (dates, versions, weights), for the numbers table. */
export function detailRows(ev: FlagEvidence): [string, string][] {
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(ev.details ?? {})) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') rows.push([labelOf(k), num(v, 4)]);
    else if (typeof v === 'string' || typeof v === 'boolean') rows.push([labelOf(k), String(v)]);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string')) rows.push([labelOf(k), v.join(' – ')]);
  }
  return rows;
}

/** "modelRelease" → "model release". */
function labelOf(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
