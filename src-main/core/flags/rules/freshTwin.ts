/**
 * surprising-success against a fresh twin: a model whose score on an older benchmark is far above what its score on
 * the benchmark's fresh twin predicts (GSM8K vs GSM1k, HumanEval vs LiveCodeBench, MMLU vs MMLU-Pro or GPQA: the
 * pairs come from the benchmark catalog's freshTwins), measured against the relation between the two that the
 * workspace's own models show. This is how contamination is found in practice (Scale's GSM1k study; Epoch's
 * "results not trusted" labels).
 */
import type { Severity } from '../../../common/flags';
import { findCatalogEntry } from '../../catalog/benchmarkCatalog';
import type { FlagDraft, RuleContext } from '../context';
import { baseEvidence } from '../context';
import { fmt, groupBy, round, type Derived } from '../derive';
import { madSd, median, theilSen } from '../robust';

/** Flagged at z ≥ 3.5 with a headroom gap ≥ 0.05 above the expectation; high at z ≥ 5 and ≥ 0.1; needs 8 models on both. */
export const FRESH_TWIN = { z: 3.5, gap: 0.05, zHigh: 5, gapHigh: 0.1, minModels: 8, minSpread: 0.02, neighbours: 4 } as const;

interface Pair {
  modelId: number;
  old: Derived;
  fresh: Derived;
  /** Normalized scores (headroom) on the twin and on the old benchmark, and the sampling variance of the pair. */
  x: number;
  y: number;
  v: number;
}

/** A model's one whole-benchmark score: its median over sources and settings (the median's own result). */
function representative(list: Derived[]): Derived {
  const sorted = [...list].sort((a, b) => a.h - b.h);
  return sorted[(sorted.length - 1) >> 1]!;
}

/** Sampling variance of a normalized score. */
const varH = (d: Derived): number => (d.se / Math.abs(d.span)) ** 2;

/**
 * For each benchmark of the workspace whose catalog entry names a fresh twin that is also in the workspace, every model
 * with whole-benchmark results on both is a point (x, y) = (h_twin, h_old), normalized headroom (its median result on
 * each). With at least FRESH_TWIN.minModels points, the relation y = a + b·x is fitted by Theil–Sen and the residuals'
 * robust spread s = 1.4826·MAD taken (at least minSpread): s already holds the typical measurement noise, so a point's
 * own sampling variance v = se_old² + b²·se_twin² (headroom units) enters only beyond the population's median v:
 * z = (y − a − b·x) / √(s² + max(0, v − median v)). A model is flagged when z ≥ z and its old-benchmark headroom is
 * at least `gap` above the expectation a + b·x. Severity high at zHigh and gapHigh. The flag gives the gap between
 * the two benchmarks, the gap the relation expects, and the models with the nearest fresh-twin scores.
 */
export function checkFreshTwins(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const whole = ctx.snap.derived.filter((d) => d.subtask === null && ctx.comparable(d) && d.bench.higherIsBetter);
  const byBench = groupBy(whole, (d) => String(d.r.benchmarkId));
  const byCatalog = new Map<string, number[]>();
  for (const [id, list] of byBench) {
    const entry = findCatalogEntry(list[0]!.bench.name);
    if (!entry) continue;
    byCatalog.set(entry.name, [...(byCatalog.get(entry.name) ?? []), Number(id)]);
  }
  for (const oldList of byBench.values()) {
    const entry = findCatalogEntry(oldList[0]!.bench.name);
    if (!entry) continue;
    for (const twin of entry.freshTwins) {
      for (const twinId of byCatalog.get(twin.name) ?? []) {
        const freshList = byBench.get(String(twinId))!;
        const olds = groupBy(oldList, (d) => String(d.r.modelId));
        const freshes = groupBy(freshList, (d) => String(d.r.modelId));
        const pairs: Pair[] = [];
        for (const [modelId, ol] of olds) {
          const fl = freshes.get(modelId);
          if (!fl) continue;
          const old = representative(ol);
          const fresh = representative(fl);
          pairs.push({ modelId: Number(modelId), old, fresh, x: fresh.h, y: old.h, v: 0 });
        }
        if (pairs.length < FRESH_TWIN.minModels) continue;
        const { a, b } = theilSen(
          pairs.map((p) => p.x),
          pairs.map((p) => p.y),
        );
        const resid = pairs.map((p) => p.y - (a + b * p.x));
        const s = Math.max(FRESH_TWIN.minSpread, madSd(resid, median(resid)));
        for (const p of pairs) p.v = varH(p.old) + b * b * varH(p.fresh);
        const vTypical = median(pairs.map((p) => p.v));
        pairs.forEach((p, i) => {
          const z = resid[i]! / Math.sqrt(s * s + Math.max(0, p.v - vTypical));
          const hExp = a + b * p.x;
          const gap = p.old.h - hExp;
          if (z < FRESH_TWIN.z || gap < FRESH_TWIN.gap) return;
          const severity: Severity = z >= FRESH_TWIN.zHigh && gap >= FRESH_TWIN.gapHigh ? 'high' : 'medium';
          const o = p.old;
          const f = p.fresh;
          const expected = o.floor + o.span * hExp;
          // The gap between the two benchmarks in headroom units, observed and as the population's relation expects.
          const gapObserved = o.h - f.h;
          const gapExpected = hExp - f.h;
          const nearest = pairs
            .filter((q) => q !== p)
            .sort((u, w) => Math.abs(u.x - p.x) - Math.abs(w.x - p.x))
            .slice(0, FRESH_TWIN.neighbours);
          out.push({
            rule: 'surprising-success',
            severity,
            modelId: o.r.modelId,
            benchmarkId: o.r.benchmarkId,
            subtaskId: null,
            resultIds: [o.r.id, f.r.id],
            subjectResultIds: [o.r.id],
            message:
              `${o.model.name} scores ${fmt(o.r.score, o.bench.unit)} on ${o.bench.name} but ${fmt(f.r.score, f.bench.unit)} on its fresh twin ${f.bench.name}; ` +
              `models with that ${f.bench.name} score reach about ${fmt(round(expected, 3), o.bench.unit)} on ${o.bench.name} (gap ${round(gapObserved * 100, 0)}% of the headroom, ` +
              `expected ${round(gapExpected * 100, 0)}%; z = ${round(z, 1)}): possible contamination of ${o.bench.name}. ` +
              `Nearest on ${f.bench.name}: ${nearest.map((q) => `${q.old.model.name} (${fmt(q.fresh.r.score, f.bench.unit)} → ${fmt(q.old.r.score, o.bench.unit)})`).join(', ')}.`,
            evidence: {
              ...baseEvidence(o),
              values: [ctx.snap.value(o, expected), ctx.snap.value(f)],
              expected: round(expected, 4),
              difference: round(o.r.score - expected, 4),
              z: round(z, 2),
              thresholds: { ...FRESH_TWIN },
              details: {
                kind: 'fresh-twin',
                twin: f.bench.name,
                reason: twin.reason,
                gapObserved: round(gapObserved, 4),
                gapExpected: round(gapExpected, 4),
                fit: { intercept: round(a, 4), slope: round(b, 4), spread: round(s, 4), models: pairs.length },
                nearest: nearest.map((q) => ({ model: q.old.model.name, twin: q.fresh.r.score, old: q.old.r.score })),
              },
            },
            identity: `surprising-success|fresh-twin|${o.r.modelId}|${o.r.benchmarkId}|${twinId}`,
          });
        });
      }
    }
  }
  return out;
}
