/**
 * unit-slip: a percentage typed into a fraction benchmark (or the reverse), a value off by a factor of ten, and
 * version numbers compared as decimals ("v1.10" dated before "v1.9").
 */
import { singleResultDraft, type FlagDraft, type RuleContext } from '../context';
import { fmt, groupBy, round, type Derived } from '../derive';

/**
 * Values of a fraction benchmark above 1 that, divided by 100, land inside the benchmark's range (high); and values
 * of a percent benchmark at most 1 that, times 100, match what is expected (other sources' reports of the same model,
 * benchmark and subtask, else the capability model) while the value as stored is far from it (high with another
 * report to compare, medium on the capability model alone). Plus {@link checkVersionOrder}.
 */
export function checkUnitSlips(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const sameCell = groupBy(ctx.snap.derived, (d) => `${d.r.modelId}|${d.r.benchmarkId}|${d.r.subtaskId ?? 0}`);
  for (const d of ctx.snap.derived) {
    const r = d.r;
    const where = `${d.model.name} on ${d.bench.name}${d.subtask ? ` / ${d.subtask.name}` : ''}`;
    if (d.bench.unit === 'fraction' && r.score > 1 && r.score <= 100) {
      const slipped = r.score / 100;
      const lo = Math.min(d.floor, d.ceiling);
      const hi = Math.max(d.floor, d.ceiling);
      if (slipped >= lo - 3 * (d.se / 100) - 0.05 && slipped <= hi + d.half / 100) {
        out.push(slip(d, 'high', `${where} is ${r.score} in a benchmark stored as a fraction (0–1): it reads as a percentage (${round(slipped, 4)} as a fraction).`, slipped, null, 'percent-as-fraction'));
      }
      continue;
    }
    if (d.bench.unit === 'percent' && r.score > 0 && r.score <= 1) {
      const slipped = r.score * 100;
      if (slipped > Math.max(d.floor, d.ceiling) + d.half * 100) continue;
      const others = (sameCell.get(`${r.modelId}|${r.benchmarkId}|${r.subtaskId ?? 0}`) ?? []).filter((o) => o !== d && ctx.comparable(o) && o.r.score > 1);
      const exp = expectation(ctx, d, others);
      if (!exp) continue;
      const { expected, sd, basis } = exp;
      const zStored = Math.abs(r.score - expected) / sd;
      const zSlipped = Math.abs(slipped - expected) / sd;
      if (zSlipped <= 3 && zStored >= 5 && expected > 5) {
        out.push(
          slip(
            d,
            others.length ? 'high' : 'medium',
            `${where} is ${r.score} in a benchmark stored in percent: it reads as a fraction (${round(slipped, 2)}%), which matches ${basis} (${fmt(expected, 'percent')}).`,
            slipped,
            { expected: round(expected, 4), z: round(-zStored, 2), tolerance: round(sd, 4), basis },
            'fraction-as-percent',
          ),
        );
      }
    }
  }
  const slipped = new Set(out.flatMap((f) => f.subjectResultIds));
  out.push(...checkTenfold(ctx, sameCell, slipped));
  out.push(...checkVersionOrder(ctx));
  return out;
}

/**
 * A tenfold slip: stored ≥ 3 sd from the expectation and off by ≥ 15% of the span; ×10 or ÷10 within 1 sd of it and
 * within 25% of it (near the floor every small value is within a spread of another: the relative match keeps a
 * coincidence out).
 */
export const TENFOLD = { zStored: 3, zSlipped: 1, minGap: 0.15, relative: 0.25 } as const;

/**
 * A value off by a factor of ten (a dropped or doubled digit, a misplaced decimal point: 5.4 for 54, 0.054 for 0.54)
 * on a proportion benchmark: the value ×10 or ÷10 lies inside the benchmark's range and matches what is expected
 * (the median of other sources' reports of the same model, benchmark and subtask, else the capability model) within
 * TENFOLD.zSlipped of its spread and TENFOLD.relative of its distance from the floor, while the value as stored is TENFOLD.zStored or more away and at least TENFOLD.minGap
 * of the span. The spread is that of the other reports (at least 2% of the span) or of the capability prediction
 * (at least 5%). High with another report to compare, medium on the capability model alone.
 */
function checkTenfold(ctx: RuleContext, sameCell: Map<string, Derived[]>, skip: Set<number>): FlagDraft[] {
  const out: FlagDraft[] = [];
  for (const d of ctx.snap.derived) {
    const scale = d.bench.unit === 'fraction' ? 1 : d.bench.unit === 'percent' ? 100 : null;
    if (scale === null || skip.has(d.r.id) || d.outOfRange || !Number.isFinite(d.h) || d.r.partial) continue;
    const span = Math.abs(d.span);
    const others = (sameCell.get(`${d.r.modelId}|${d.r.benchmarkId}|${d.r.subtaskId ?? 0}`) ?? []).filter((o) => o !== d && ctx.comparable(o) && o.r.source !== d.r.source);
    const exp = expectation(ctx, d, others);
    if (!exp) continue;
    const { expected, sd, basis } = exp;
    const lo = Math.min(d.floor, d.ceiling);
    const hi = Math.max(d.floor, d.ceiling);
    const zStored = Math.abs(d.r.score - expected) / sd;
    if (zStored < TENFOLD.zStored || Math.abs(d.r.score - expected) < TENFOLD.minGap * span) continue;
    for (const factor of [10, 0.1]) {
      const candidate = d.r.score * factor;
      if (candidate < lo - d.half * 10 || candidate > hi + d.half * 10) continue;
      if (Math.abs(candidate - expected) / sd > TENFOLD.zSlipped) continue;
      if (Math.abs(candidate - expected) > TENFOLD.relative * Math.max(Math.abs(candidate - d.floor), Math.abs(expected - d.floor))) continue;
      const where = `${d.model.name} on ${d.bench.name}${d.subtask ? ` / ${d.subtask.name}` : ''}`;
      out.push(
        slip(
          d,
          others.length ? 'high' : 'medium',
          `${where} is ${fmt(d.r.score, d.bench.unit)}, about ${factor === 10 ? 'a tenth of' : 'ten times'} what is expected: ${fmt(round(candidate, 4), d.bench.unit)} ` +
            `(×${factor}) matches ${basis} (${fmt(round(expected, 4), d.bench.unit)}). A dropped digit or a misplaced decimal point?`,
          candidate,
          { expected: round(expected, 4), z: round(-zStored, 2), tolerance: round(sd, 4), basis },
          'tenfold',
        ),
      );
      break;
    }
  }
  return out;
}

/**
 * What a value is expected to be, to judge a slip by: the median of other reports of the same cell, with their largest
 * se (at least 2% of the span) as spread (the stored value's own se belongs to the wrong unit); else the capability
 * model's expectation, with its spread in the unit, at least 5% of the span (a rough guide). Null with neither.
 */
function expectation(ctx: RuleContext, d: Derived, others: Derived[]): { expected: number; sd: number; basis: string } | null {
  const span = Math.abs(d.span);
  if (others.length) {
    const scores = others.map((o) => o.r.score).sort((a, b) => a - b);
    return {
      expected: scores[scores.length >> 1]!,
      sd: Math.max(...others.map((o) => o.se), 0.02 * span),
      basis: `${others.length} other report${others.length > 1 ? 's' : ''} of the same model and benchmark`,
    };
  }
  const s = ctx.surprise(d);
  return s ? { expected: s.expected, sd: Math.max(s.sd * span, 0.05 * span), basis: 'the capability model' } : null;
}

function slip(d: Derived, severity: 'high' | 'medium', message: string, slipped: number, cmp: { expected: number; z: number; tolerance: number; basis: string } | null, kind: string): FlagDraft {
  return singleResultDraft(
    'unit-slip',
    d,
    severity,
    message,
    '',
    {
      values: [],
      ...(cmp ? { expected: cmp.expected, z: cmp.z, tolerance: cmp.tolerance } : {}),
      details: { kind, asIfConverted: round(slipped, 6), ...(cmp ? { basis: cmp.basis } : {}) },
    },
    d.bench.unit,
  );
}

/** The version number at the end of a model name ("gizmo-v1.10-mini" → "1.10"), with the name around it. */
export function versionOf(name: string): { prefix: string; version: string; suffix: string } | null {
  const m = /^(.*?)(\d+(?:\.\d+)+)(\D*)$/.exec(name);
  if (!m) return null;
  return { prefix: m[1]!.toLowerCase(), version: m[2]!, suffix: m[3]!.toLowerCase() };
}

/** Compare dotted versions component by component (1.9 < 1.10). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * Within a family, two models named alike except for a dotted version ("x-1.9", "x-1.10") whose release dates
 * follow the decimal reading (1.10 < 1.9) rather than the version reading: the dates (or the names) were probably
 * sorted as decimals. Severity medium; the flag names the later version.
 */
export function checkVersionOrder(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const byFamily = groupBy(
    ctx.snap.inputs.models.filter((m) => m.family && m.releaseDate),
    (m) => m.family!.toLowerCase(),
  );
  for (const members of byFamily.values()) {
    const parsed = members.map((m) => ({ m, v: versionOf(m.name) })).filter((x) => x.v !== null);
    for (let i = 0; i < parsed.length; i++) {
      for (let j = 0; j < parsed.length; j++) {
        const a = parsed[i]!;
        const b = parsed[j]!;
        if (a === b || a.v!.prefix !== b.v!.prefix || a.v!.suffix !== b.v!.suffix) continue;
        const byVersion = compareVersions(a.v!.version, b.v!.version);
        const byDecimal = Number(a.v!.version.replace(/^(\d+\.\d+).*$/, '$1')) - Number(b.v!.version.replace(/^(\d+\.\d+).*$/, '$1'));
        // a is the later version but the earlier release, and the decimal reading would have it so.
        if (byVersion > 0 && byDecimal < 0 && a.m.releaseDate! < b.m.releaseDate!) {
          out.push({
            rule: 'unit-slip',
            severity: 'medium',
            modelId: a.m.id,
            benchmarkId: null,
            subtaskId: null,
            resultIds: [],
            subjectResultIds: [],
            message:
              `${a.m.name} is dated ${a.m.releaseDate}, before ${b.m.name} (${b.m.releaseDate}), although version ${a.v!.version} comes after ` +
              `${b.v!.version}; read as decimals ${a.v!.version} < ${b.v!.version}, so the versions were probably compared as numbers.`,
            evidence: {
              unit: '',
              floor: 0,
              ceiling: 0,
              values: [],
              details: {
                kind: 'version-order',
                later: { model: a.m.name, version: a.v!.version, releaseDate: a.m.releaseDate },
                earlier: { model: b.m.name, version: b.v!.version, releaseDate: b.m.releaseDate },
              },
            },
            identity: `unit-slip|version|${a.m.id}|${b.m.id}`,
            extra: `${a.m.name}|${a.m.releaseDate}|${b.m.name}|${b.m.releaseDate}`,
          });
        }
      }
    }
  }
  return out;
}
