/**
 * surprising-success by size or compute: a model whose capability is far above what its parameter count or training
 * compute predicts, against the workspace's own relation between the two (test-set contamination, a mislabelled
 * size, a distilled or merged model). Sizes come from the model's attribute, else from its name ("7b", "8x22B",
 * "1.3B", "160m").
 */
import type { Severity } from '../../../common/flags';
import type { FlagDraft, RuleContext } from '../context';
import { round } from '../derive';
import { median, theilSen } from '../robust';

/**
 * Flagged at a robust residual z ≥ 4 (high at ≥ 6), or at z ≥ zFrontier when the model also outscores the
 * frontierQuantile of the models at least largerBy× its size (at least minLarger of them); with at least minModels
 * models of known size, each with results on at least minBenchmarks benchmarks (a θ from one benchmark is that
 * benchmark's score, not a capability).
 */
export const SIZE_SURPRISE = { z: 4, zHigh: 6, zFrontier: 2, frontierQuantile: 0.9, largerBy: 5, minLarger: 5, minBenchmarks: 3, minModels: 10, minSpread: 0.25, neighbours: 5 } as const;

/**
 * Parameters a model's name states, in parameters: "Mixtral-8x22B" → 8·22e9 (the experts' total, an upper bound on the
 * real count), "Llama-2-7b-hf" → 7e9, "pythia-1.3b" → 1.3e9, "pythia-160m" → 1.6e8; "Qwen3-235B-A22B" → 235e9 (an
 * active count written after a letter, "A22B", is not the size). Null when the name states none: a number must stand
 * alone before "b"/"m" (not "gpt-3.5", "v2", "4o", "2b2t").
 */
export function sizeFromName(name: string): number | null {
  const unit = (u: string): number => (u.toLowerCase() === 'b' ? 1e9 : 1e6);
  const moe = /(?:^|[^a-z0-9.])(\d+)\s*[x×]\s*(\d+(?:\.\d+)?)\s*([bm])(?![a-z0-9])/i.exec(name);
  if (moe) return Number(moe[1]) * Number(moe[2]) * unit(moe[3]!);
  let best: number | null = null;
  for (const m of name.matchAll(/(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s*([bm])(?![a-z0-9])/gi)) {
    const v = Number(m[1]) * unit(m[2]!);
    if (v > 0 && (best === null || v > best)) best = v;
  }
  return best;
}

interface Point {
  modelId: number;
  name: string;
  x: number;
  theta: number;
  se: number;
  fromName: boolean;
}

/**
 * For each axis (log10 parameters, log10 training compute) with at least SIZE_SURPRISE.minModels models of known
 * value and a capability θ: fit θ = a + b·x by Theil–Sen, take the residuals' robust spread s = 1.4826·MAD (at least
 * minSpread θ units), and flag a model whose residual r satisfies r / √(s² + se(θ)²) ≥ z (high at ≥ zHigh) and whose θ is
 * above the median θ of the models at least its size (the line extrapolates at the ends of the range); or at
 * z ≥ zFrontier when its θ is above the 90th percentile of the models at least 5× its size. One flag
 * per model (the axis with the larger z), about all its results, with the models of nearest size as comparison.
 */
export function checkSizeSurprises(ctx: RuleContext): FlagDraft[] {
  const cap = ctx.capability;
  if (!cap) return [];
  const best = new Map<number, { z: number; draft: FlagDraft }>();
  const axes: { name: 'parameter count' | 'training compute'; value: (id: number) => { v: number; fromName: boolean } | null }[] = [
    {
      name: 'parameter count',
      value: (id) => {
        const m = ctx.snap.models.get(id)!;
        if (m.parameters && m.parameters > 0) return { v: m.parameters, fromName: false };
        const n = sizeFromName(m.name);
        return n ? { v: n, fromName: true } : null;
      },
    },
    {
      name: 'training compute',
      value: (id) => {
        const c = ctx.snap.models.get(id)!.trainingComputeFlop;
        return c && c > 0 ? { v: c, fromName: false } : null;
      },
    },
  ];
  const benchmarksOf = new Map<number, Set<number>>();
  for (const d of ctx.snap.derived) {
    if (!ctx.comparable(d)) continue;
    const set = benchmarksOf.get(d.r.modelId) ?? new Set<number>();
    set.add(d.r.benchmarkId);
    benchmarksOf.set(d.r.modelId, set);
  }
  for (const axis of axes) {
    const pts: Point[] = [];
    for (const [modelId, i] of cap.modelIndex) {
      if ((benchmarksOf.get(modelId)?.size ?? 0) < SIZE_SURPRISE.minBenchmarks) continue;
      const v = axis.value(modelId);
      if (!v) continue;
      pts.push({ modelId, name: ctx.snap.models.get(modelId)!.name, x: Math.log10(v.v), theta: cap.fit.theta[i]!, se: cap.fit.thetaSe[i]!, fromName: v.fromName });
    }
    if (pts.length < SIZE_SURPRISE.minModels) continue;
    const { a, b } = theilSen(
      pts.map((p) => p.x),
      pts.map((p) => p.theta),
    );
    const resid = pts.map((p) => p.theta - (a + b * p.x));
    const s = Math.max(SIZE_SURPRISE.minSpread, 1.4826 * median(resid.map(Math.abs)));
    pts.forEach((p, i) => {
      const r = resid[i]!;
      const z = r / Math.sqrt(s * s + p.se * p.se);
      if ((best.get(p.modelId)?.z ?? 0) >= z) return;
      // The line is least sure at the ends of the size range (near chance θ flattens out): a model is surprising only
      // when it also outscores the median of the models at least its size. A smaller z suffices for a model at the
      // frontier of models many times its size (frontier-level scores at 7B).
      const larger = pts.filter((q) => q !== p && q.x >= p.x);
      if (larger.length && p.theta <= median(larger.map((q) => q.theta))) return;
      const muchLarger = pts.filter((q) => q.x >= p.x + Math.log10(SIZE_SURPRISE.largerBy)).map((q) => q.theta).sort((u, w) => u - w);
      const atFrontier =
        muchLarger.length >= SIZE_SURPRISE.minLarger && p.theta > muchLarger[Math.min(muchLarger.length - 1, Math.floor(SIZE_SURPRISE.frontierQuantile * muchLarger.length))]!;
      if (z < SIZE_SURPRISE.z && !(atFrontier && z >= SIZE_SURPRISE.zFrontier)) return;
      const severity: Severity = z >= SIZE_SURPRISE.zHigh ? 'high' : 'medium';
      const peers = pts
        .filter((q) => q !== p)
        .sort((x, y) => Math.abs(x.x - p.x) - Math.abs(y.x - p.x))
        .slice(0, SIZE_SURPRISE.neighbours);
      const results = ctx.snap.derived.filter((d) => d.r.modelId === p.modelId && ctx.comparable(d));
      if (!results.length) return;
      const size = axis.name === 'parameter count' ? `${round(10 ** p.x / 1e9, 2)}B parameters${p.fromName ? ' (read from its name)' : ''}` : `${(10 ** p.x).toExponential(1)} FLOP of training compute`;
      best.set(p.modelId, {
        z,
        draft: {
          rule: 'surprising-success',
          severity,
          modelId: p.modelId,
          benchmarkId: null,
          subtaskId: null,
          resultIds: results.map((d) => d.r.id),
          subjectResultIds: results.map((d) => d.r.id),
          message:
            `${p.name} (${size}) has capability θ = ${round(p.theta, 2)}, where the workspace's models of its ${axis.name} reach about ${round(a + b * p.x, 2)} ` +
            `(${round(r / s, 1)} robust spreads above; z = ${round(z, 1)}): its scores are far above what its ${axis.name} predicts — contamination, a mislabelled size, or a distilled model? ` +
            `Nearest in ${axis.name}: ${peers.map((q) => `${q.name} (θ = ${round(q.theta, 2)})`).join(', ')}.`,
          evidence: {
            unit: '',
            floor: 0,
            ceiling: 0,
            values: results.slice(0, 60).map((d) => ctx.snap.value(d)),
            expected: round(a + b * p.x, 3),
            difference: round(r, 3),
            tolerance: round(Math.sqrt(s * s + p.se * p.se), 3),
            z: round(z, 2),
            thresholds: { z: SIZE_SURPRISE.z, zHigh: SIZE_SURPRISE.zHigh, zFrontier: SIZE_SURPRISE.zFrontier, minModels: SIZE_SURPRISE.minModels },
            details: {
              kind: 'size',
              axis: axis.name,
              log10: round(p.x, 3),
              fromName: p.fromName,
              atFrontierOfLarger: atFrontier,
              theta: round(p.theta, 3),
              thetaSe: round(p.se, 3),
              fit: { intercept: round(a, 4), slope: round(b, 4), spread: round(s, 4), models: pts.length },
              peers: peers.map((q) => ({ model: q.name, log10: round(q.x, 3), theta: round(q.theta, 3) })),
            },
          },
          identity: `surprising-success|size|${p.modelId}`,
          extra: `${axis.name}|${round(p.x, 3)}`,
        },
      });
    });
  }
  return [...best.values()].map((b) => b.draft);
}
