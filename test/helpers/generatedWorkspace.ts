/**
 * A generated workspace of any size, as three CSV files (benchmarks, models, results) for 'import/apply':
 * deterministic (seeded), with long benchmark names, many organizations and logistic progress over time, so charts
 * can be checked for overlapping labels and the renderer can be timed on big data. Every name is invented.
 */

export interface GeneratedSize {
  benchmarks: number;
  models: number;
  /** Whole-benchmark results per model (spread over benchmarks released before the model, two settings each). */
  resultsPerModel: number;
  seed?: number;
  /** Let models take benchmarks released after them too (to reach an exact result count). */
  anyBenchmark?: boolean;
}

export interface GeneratedCsv {
  benchmarks: string;
  models: string;
  results: string;
  resultCount: number;
  categories: string[];
}

/**
 * The sizes the scale benches use. 10k = 20 benchmarks × 250 models × 40 results (each model takes every benchmark
 * in 2 settings); 100k = 50 × 1,000 × 100; 1M = 200 × 2,500 × 400 (no subtasks, at most 2 results per model and
 * benchmark, so 1M needs 2,500 models).
 */
export const SCALE_SHAPES: Record<'10k' | '100k' | '1M', GeneratedSize> = {
  '10k': { benchmarks: 20, models: 250, resultsPerModel: 40, anyBenchmark: true },
  '100k': { benchmarks: 50, models: 1000, resultsPerModel: 100, anyBenchmark: true },
  '1M': { benchmarks: 200, models: 2500, resultsPerModel: 400, anyBenchmark: true },
};

const CATEGORIES = ['knowledge', 'math', 'code', 'reasoning', 'agents', 'long-context', 'multilingual'];
const WORDS = ['Arc', 'Quill', 'Summit', 'Lattice', 'Vector', 'Harbor', 'Prism', 'Delta', 'Cipher', 'Tidal', 'Atlas', 'Nova'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoFromYear(x: number): string {
  const y = Math.floor(x);
  const start = Date.UTC(y, 0, 1);
  return new Date(start + (x - y) * (Date.UTC(y + 1, 0, 1) - start)).toISOString().slice(0, 10);
}

export function generateWorkspaceCsv(size: GeneratedSize): GeneratedCsv {
  const r = rng(size.seed ?? 7);
  const benches = Array.from({ length: size.benchmarks }, (_v, i) => {
    const word = WORDS[i % WORDS.length] ?? 'Bench';
    // Every seventh name is long, to check truncation with tooltips.
    const name = i % 7 === 3 ? `${word} long-horizon multi-step evaluation suite ${i + 1}` : `${word}Bench-${i + 1}`;
    const release = 2018 + r() * 7.5;
    return {
      name,
      category: CATEGORIES[i % CATEGORIES.length] ?? 'knowledge',
      release,
      floor: i % 3 === 0 ? 0.25 : 0,
      mid: release + 0.8 + r() * 4,
      k: 0.8 + r() * 2.2,
    };
  });
  const orgs = Array.from({ length: 40 }, (_v, i) => `Org ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''} Labs`);
  const models = Array.from({ length: size.models }, (_v, i) => {
    const release = 2018.2 + r() * 8;
    const logParams = 8 + r() * 4.3;
    const logTokens = 11 + r() * 2.5;
    return {
      name: `gen-model-${String(i + 1).padStart(4, '0')}`,
      org: orgs[i % orgs.length] ?? 'Org',
      release,
      params: 10 ** logParams,
      compute: 6 * 10 ** logParams * 10 ** logTokens,
      skill: (r() - 0.5) * 1.6,
    };
  });
  const bCsv = ['benchmark,category,unit,floor,ceiling,release_date,metric'];
  for (const b of benches) bCsv.push(`"${b.name}",${b.category},fraction,${b.floor},1,${isoFromYear(b.release)},accuracy`);
  const mCsv = ['model,organization,release_date,parameters,training_compute_flop'];
  for (const m of models) mCsv.push(`${m.name},"${m.org}",${isoFromYear(m.release)},${m.params.toPrecision(4)},${m.compute.toPrecision(4)}`);
  const rCsv = ['model,benchmark,score,stderr,shots,source,source_kind'];
  let count = 0;
  const kinds = ['lab-reported', 'third-party', 'own-run'];
  for (const m of models) {
    const avail = size.anyBenchmark ? benches : benches.filter((b) => b.release < m.release);
    if (!avail.length) continue;
    const per = Math.min(avail.length * 2, size.resultsPerModel);
    const start = Math.floor(r() * avail.length);
    for (let j = 0; j < per; j++) {
      const b = avail[(start + Math.floor(j / 2)) % avail.length];
      if (!b) continue;
      const round = Math.floor(j / (2 * avail.length));
      const shots = (j % 2 === 0 ? 0 : 5) + round * 10;
      const p = 1 / (1 + Math.exp(-b.k * (m.release + m.skill - b.mid)));
      const noise = (r() - 0.5) * 0.06;
      const score = Math.min(1, Math.max(0, b.floor + (1 - b.floor) * p + noise - (shots === 0 ? 0.01 : 0)));
      rCsv.push(`${m.name},"${b.name}",${score.toFixed(4)},0.01,${shots},generated,${kinds[count % 3]}`);
      count++;
    }
  }
  return { benchmarks: bCsv.join('\n') + '\n', models: mCsv.join('\n') + '\n', results: rCsv.join('\n') + '\n', resultCount: count, categories: CATEGORIES };
}
