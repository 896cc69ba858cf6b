/**
 * One cause, one flag. The rules raise a draft per result or per pair; many of them share one cause, and an inbox of
 * hundreds of copies of one problem hides the problems that stand alone. After the rules run, drafts that share a
 * cause are merged into one flag that lists every affected result:
 *
 * - copies: the same finding on the same value of the same model, benchmark, subtask and setting, reported by several
 *   sources (a leaderboard re-published in each version of a README): one flag naming them all;
 * - column: a value-level finding (a unit slip, a value outside the unit's range, below zero, above the ceiling, not
 *   k/N, a stderr off the binomial, below chance) on at least MIN_MEMBERS results of one source: the way that source
 *   writes a column, one flag listing the benchmarks and results;
 * - source: conflicting reports on one benchmark where the same source is the odd one out for at least MIN_MEMBERS
 *   models, all in the same direction: that source is off for every model (another harness, prompt or scale);
 * - model: capability surprises of one model in the same direction on at least MIN_MEMBERS benchmarks or subtasks, or
 *   regressions of one model against one predecessor: the model (its name, its setting, its checkpoint) is shifted on
 *   everything, one flag.
 *
 * A merged flag keeps its rule, takes the highest severity of its members, the model, benchmark and subtask they share
 * (null where they differ), and the union of their results; `evidence.details.cause` names the grouping and
 * `evidence.details.members` the number of drafts merged. Its identity is the cause's key, so it survives recomputes
 * as long as the cause does.
 */
import type { FlagValue, Severity } from '../../common/flags';
import { maxSeverity, type FlagDraft } from './context';
import type { Snapshot } from './derive';
import { groupBy, round } from './derive';

/** Drafts sharing a column, source or model cause are merged from this many on (fewer are shown one by one). */
export const MIN_MEMBERS = 3;
/** At most this many values are kept in a merged flag's evidence (every result id stays in resultIds). */
export const MAX_EVIDENCE_VALUES = 200;

const VALUE_KINDS = new Set(['percent-as-fraction', 'fraction-as-percent', 'tenfold', 'out-of-range', 'below-zero', 'above-ceiling', 'not-k-of-n', 'stderr-binomial', 'stderr-zero', 'below-chance']);

/** Findings about how a value is written (its unit or scale), as opposed to what it measures. */
const WRITING_KINDS = new Set(['percent-as-fraction', 'fraction-as-percent', 'tenfold', 'out-of-range', 'below-zero']);

const kindOf = (f: FlagDraft): string => String(f.evidence.details?.['kind'] ?? '');

/** The one value of a field every draft shares, else null. */
function shared<T>(list: readonly FlagDraft[], get: (f: FlagDraft) => T | null): T | null {
  const first = get(list[0]!);
  return list.every((f) => get(f) === first) ? first : null;
}

function union(lists: readonly number[][]): number[] {
  return [...new Set(lists.flat())];
}

/**
 * One flag from several drafts of one rule: `headline` opens the message, the first member's message follows as an
 * example.
 */
function merge(list: FlagDraft[], cause: string, key: string, headline: string, details: Record<string, unknown> = {}): FlagDraft {
  const first = list[0]!;
  const severity = list.reduce<Severity>((s, f) => maxSeverity(s, f.severity), 'low');
  const values: FlagValue[] = [];
  const seen = new Set<number>();
  for (const f of list) {
    for (const v of f.evidence.values) {
      if (seen.has(v.resultId) || values.length >= MAX_EVIDENCE_VALUES) continue;
      seen.add(v.resultId);
      values.push(v);
    }
  }
  const zs = list.map((f) => f.evidence.z).filter((z): z is number => typeof z === 'number');
  const strongest = zs.length ? zs.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) : null;
  return {
    rule: first.rule,
    severity,
    modelId: shared(list, (f) => f.modelId),
    benchmarkId: shared(list, (f) => f.benchmarkId),
    subtaskId: shared(list, (f) => f.subtaskId),
    resultIds: union(list.map((f) => f.resultIds)),
    subjectResultIds: union(list.map((f) => f.subjectResultIds)),
    message: `${headline} For example: ${first.message}`,
    evidence: {
      ...first.evidence,
      values,
      ...(strongest !== null ? { z: strongest } : {}),
      details: { ...first.evidence.details, cause, members: list.length, ...details },
    },
    identity: `${first.rule}|${cause}|${key}`,
    extra: list.map((f) => f.extra ?? '').join('|'),
  };
}

/** The source of a draft's subject results when they share one, else null. */
function subjectSource(snap: Snapshot, f: FlagDraft): string | null {
  const sources = new Set(f.subjectResultIds.map((id) => snap.byId.get(id)?.r.source));
  return sources.size === 1 ? ([...sources][0] ?? null) : null;
}

/** Merge drafts that share a cause (see the module comment); drafts of no shared cause pass through unchanged. */
export function mergeCauses(snap: Snapshot, drafts: FlagDraft[]): FlagDraft[] {
  let out = mergeCopies(snap, drafts);
  out = mergeColumns(snap, out);
  out = mergeSources(snap, out);
  out = mergeModels(snap, out);
  return out;
}

/** The same finding on one value reported by several sources. */
function mergeCopies(snap: Snapshot, drafts: FlagDraft[]): FlagDraft[] {
  const out: FlagDraft[] = [];
  const groups = groupBy(drafts, (f) => {
    if (f.subjectResultIds.length !== 1 || f.resultIds.length !== 1) return `#${f.identity}`;
    const d = snap.byId.get(f.subjectResultIds[0]!);
    if (!d) return `#${f.identity}`;
    return [f.rule, kindOf(f), d.r.modelId, d.r.benchmarkId, d.r.subtaskId ?? 0, d.r.settingKey, d.r.score].join('|');
  });
  for (const [key, list] of groups) {
    if (list.length < 2 || key.startsWith('#')) {
      out.push(...list);
      continue;
    }
    const sources = [...new Set(list.map((f) => subjectSource(snap, f)))];
    out.push(merge(list, 'copies', key, `The same value is reported by ${sources.length} sources, with the same finding.`, { sources }));
  }
  return out;
}

/** Value-level findings of one kind on results of one source: how that source writes its columns. */
function mergeColumns(snap: Snapshot, drafts: FlagDraft[]): FlagDraft[] {
  const out: FlagDraft[] = [];
  const groups = groupBy(drafts, (f) => {
    const kind = kindOf(f);
    const source = subjectSource(snap, f);
    if (!VALUE_KINDS.has(kind) || source === null || f.evidence.details?.['cause']) return `#${f.identity}`;
    return `${f.rule}|${kind}|${source}`;
  });
  for (const [key, list] of groups) {
    if (list.length < MIN_MEMBERS || key.startsWith('#')) {
      out.push(...list);
      continue;
    }
    const byBench = new Map<string, number>();
    for (const f of list) {
      for (const id of f.subjectResultIds) {
        const name = snap.byId.get(id)?.bench.name ?? '?';
        byBench.set(name, (byBench.get(name) ?? 0) + 1);
      }
    }
    const source = subjectSource(snap, list[0]!) ?? '';
    const names = [...byBench.keys()];
    const results = list.reduce((s, f) => s + f.subjectResultIds.length, 0);
    const where = names.length === 1 ? names[0]! : `${names.length} benchmarks (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`;
    out.push(
      merge(list, 'column', key, `${results} results of "${source}" on ${where} share one finding (${kindOf(list[0]!)}): ${WRITING_KINDS.has(kindOf(list[0]!)) ? 'the way this source writes its scores' : 'one source'}, one cause.`, {
        source,
        benchmarks: Object.fromEntries(byBench),
      }),
    );
  }
  return out;
}

/** Conflicts on one benchmark where one source is the odd one out for several models, all in one direction. */
function mergeSources(snap: Snapshot, drafts: FlagDraft[]): FlagDraft[] {
  const out: FlagDraft[] = [];
  const shift = new Map<FlagDraft, number>();
  const groups = groupBy(drafts, (f) => {
    if (f.rule !== 'conflicting-reports' || f.subjectResultIds.length !== 1 || f.evidence.details?.['cause']) return `#${f.identity}`;
    const subject = snap.byId.get(f.subjectResultIds[0]!);
    if (!subject) return `#${f.identity}`;
    const others = f.resultIds.filter((id) => id !== subject.r.id).map((id) => snap.byId.get(id)?.r.score).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    if (!others.length) return `#${f.identity}`;
    const diff = subject.r.score - others[others.length >> 1]!;
    shift.set(f, diff);
    return `${subject.r.benchmarkId}|${subject.r.subtaskId ?? 0}|${subject.r.source}|${diff > 0 ? 'above' : 'below'}`;
  });
  for (const [key, list] of groups) {
    if (list.length < MIN_MEMBERS || key.startsWith('#')) {
      out.push(...list);
      continue;
    }
    const diffs = list.map((f) => shift.get(f)!).sort((a, b) => a - b);
    const med = diffs[diffs.length >> 1]!;
    const first = snap.byId.get(list[0]!.subjectResultIds[0]!)!;
    out.push(
      merge(
        list,
        'source',
        key,
        `"${first.r.source}" reports ${first.bench.name}${first.subtask ? ` / ${first.subtask.name}` : ''} ${med > 0 ? 'above' : 'below'} the other sources for ${list.length} models ` +
          `(median difference ${round(med, 4)}): that source is off for every model (another harness, prompt, subset or scale), one cause.`,
        { source: first.r.source, medianDifference: round(med, 4) },
      ),
    );
  }
  return out;
}

/**
 * Surprises of one model in one direction, regressions of one model against one predecessor. (Ordering already raises
 * one flag per blamed subtask of a report, and a swap of two subtasks is two causes' worth of evidence: not merged.)
 */
function mergeModels(snap: Snapshot, drafts: FlagDraft[]): FlagDraft[] {
  const out: FlagDraft[] = [];
  const groups = groupBy(drafts, (f) => {
    if (f.evidence.details?.['cause'] || f.modelId === null) return `#${f.identity}`;
    if (f.rule === 'surprising-failure' || f.rule === 'surprising-success') return `${f.rule}|${f.modelId}`;
    if (f.rule === 'regression') return `${f.rule}|${f.modelId}|${String(f.evidence.details?.['predecessor'] ?? '')}`;
    return `#${f.identity}`;
  });
  for (const [key, list] of groups) {
    if (list.length < MIN_MEMBERS || key.startsWith('#')) {
      out.push(...list);
      continue;
    }
    const first = list[0]!;
    const model = snap.models.get(first.modelId!)?.name ?? '?';
    const headline =
      first.rule === 'regression'
        ? `${model} scores below its predecessor ${String(first.evidence.details?.['predecessor'] ?? '')} on ${list.length} benchmarks or subtasks: one change between the two versions.`
        : `${model} scores ${first.rule === 'surprising-failure' ? 'below' : 'above'} what its capability predicts on ${list.length} benchmarks or subtasks: the model (its name, setting or checkpoint) may be shifted on everything.`;
    out.push(merge(list, 'model', key, headline));
  }
  return out;
}
