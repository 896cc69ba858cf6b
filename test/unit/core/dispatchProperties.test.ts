/**
 * Bad arguments, property-based: every method of API_SCHEMAS (iterated, so a new method is covered the day it is
 * added) is called with random values (fc.anything, including what structured clone carries over IPC: BigInt,
 * Date, Map, typed arrays, null-prototype objects) and with mutations of a valid argument (a field dropped, a wrong
 * type, NaN/Infinity/huge numbers, "NaN" strings, very long strings, unicode, "__proto__"/"constructor" keys).
 * Each call must come back as an envelope (never a throw, never 'internal'); a refusal must name the problem
 * (for 'invalid-argument' with the fields at fault) and leave every table exactly as it was; the workspace stays
 * intact (integrity_check ok, no foreign-key violation).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCHEMAS, METHODS, type ApiInput, type Method } from '../../../src-main/common/api';
import type { Envelope } from '../../../src-main/common/errors';
import type { Db } from '../../../src-main/core/db/open';
import { clonedWorkspace, expectPrototypeClean, expectWellFormed, FC_SEED, makeTemplate, withSeedHint } from '../../helpers/property';
import { propertyRuns } from '../../helpers/soak';
import { checkIntegrity, snapshot } from '../../helpers/workspace';

/** Runs per method (npm test; npm run test:soak): half random values, half mutations of the valid argument. */
const RUNS = propertyRuns(60, 240);
/**
 * Methods whose successful calls fit curves (a worker thread, bootstrap resamples) or build a whole report: a call
 * that passes validation costs far more than a refused one (bench/scale.ts times fits/series and dashboard/summary;
 * docs/performance.md, Scale), so they get fewer runs to keep the suite within its time budget.
 */
const SLOW: ReadonlySet<Method> = new Set<Method>(['fits/series', 'forecasts/list', 'dashboard/summary', 'capability/fit', 'reports/html']);
const SLOW_RUNS = propertyRuns(15, 80);

/**
 * A valid argument for each method, which the mutations start from. Methods missing here (a new one) are still
 * called with random values, and mutations start from {}. Side effects are bounded by the template's data:
 * 'workspace/loadDemo' and 'import/workspace' are refused because the workspace is not empty (loading the demo
 * writes thousands of rows by design, so we never let it run here); 'reports/pdf' has no printer in this process
 * (it needs a browser) and answers 'unavailable' after validating its argument.
 */
const VALID: Partial<{ [M in Method]: ApiInput<M> }> = {
  'workspace/info': {},
  'workspace/loadDemo': {},
  'organizations/list': {},
  'models/list': {},
  'models/get': { id: 1 },
  'models/upsert': {
    name: 'Fuzz-1', family: 'Fuzz', organization: 'Aurora', releaseDate: '2024-05-01', parameters: 7e9, trainingComputeFlop: 1e24,
    trainingTokens: 1e12, openWeights: true, notes: 'a note', aliases: ['fz-1'],
  },
  'models/delete': { id: 2 },
  'benchmarks/list': {},
  'benchmarks/get': { id: 1 },
  'benchmarks/upsert': {
    name: 'FuzzBench', version: 'v1', category: 'knowledge', metric: 'accuracy', unit: 'percent', higherIsBetter: true, floor: 25,
    ceiling: 100, ceilingReason: 'label noise', humanBaseline: 90, releaseDate: '2023-01-01', itemCount: 500, description: 'd', aliases: ['fb'],
  },
  'benchmarks/delete': { id: 2 },
  'subtasks/upsert': { benchmarkId: 1, name: 'algebra', weight: 1, itemCount: 10, floor: 25 },
  'subtasks/delete': { id: 1 },
  'results/query': {
    benchmarkIds: [1], modelIds: [1, 2], level: 'all', sourceKinds: ['lab-reported'], search: 'a', sort: { field: 'score', dir: 'desc' },
    limit: 10, offset: 0,
  },
  'results/upsertMany': {
    rows: [
      {
        model: 'Alpha-1', benchmark: 'MMLU', subtask: null, score: 50, stderr: 1, n: 100, shots: 5, cot: true, passK: 1, testTimeCompute: 1e3,
        effort: 'high', source: 'paper', sourceKind: 'lab-reported', evaluatedOn: '2024-01-01', notes: 'x',
      },
    ],
    createMissing: false,
  },
  'results/update': { id: 1, patch: { score: 60, stderr: 0.5, shots: 3, notes: 'edited' } },
  'results/delete': { ids: [1] },
  'results/restore': { ids: [1] },
  'results/undo': { delete: [2], update: [{ id: 3, patch: { score: 61, notes: 'back' } }] },
  'results/history': { id: 1 },
  'releases/log': { model: { name: 'Omega-9', releaseDate: '2025-01-01' }, results: [{ benchmark: 'MMLU', score: 88 }] },
  'import/preview': { fileName: 'r.csv', content: 'model,benchmark,score\nAlpha-1,MMLU,55\n', sampleSize: 5 },
  'import/apply': { fileName: 'r.csv', content: 'model,benchmark,score\nAlpha-1,MMLU,55\n', constants: { source: 'paper' } },
  'export/table': { kind: 'results', format: 'csv', query: { limit: 5 } },
  'export/workspace': {},
  'import/workspace': { content: '{"format":"headroom-workspace","schemaVersion":1,"tables":{}}' },
  'fits/series': { benchmarkId: 1, axis: 'date', form: 'logistic', points: 'all', floor: 'fixed', ceiling: 'fixed', threshold: 0.9, resamples: 5 },
  'forecasts/list': { axis: 'date', threshold: 0.9, benchmarkIds: [1], includeSubtasks: false, form: 'logistic', resamples: 5 },
  'flags/recompute': {},
  'flags/list': { status: 'open', minSeverity: 'low', benchmarkId: 1 },
  'flags/resolve': { id: 1, action: 'dismiss', note: 'looked at it' },
  'flags/check': { model: { name: 'Omega-9' }, rows: [{ benchmark: 'MMLU', score: -5 }] },
  'capability/fit': {},
  'dashboard/summary': { threshold: 0.9, horizonYears: 5, asOf: '2025-06-01', resamples: 5, category: 'knowledge' },
  'reports/html': { options: { resamples: 5, sections: ['summary', 'table'], title: 'T', asOf: '2025-06-01' } },
  'reports/pdf': { options: { resamples: 5 } },
};

/** Six models on two benchmarks, a subtask and a few flags: enough for fits, forecasts, reports and flags. */
async function seed(api: Parameters<Parameters<typeof makeTemplate>[0]>[0]): Promise<void> {
  await api.call('benchmarks/upsert', { name: 'MMLU', unit: 'percent', floor: 25, ceiling: 100, category: 'knowledge' });
  await api.call('benchmarks/upsert', { name: 'GSM8K', unit: 'fraction', category: 'math' });
  await api.call('subtasks/upsert', { benchmarkId: 1, name: 'astronomy' });
  const models = ['Alpha-1', 'Beta-2', 'Gamma-3', 'Delta-4', 'Epsilon-5', 'Zeta-6'];
  for (const [i, name] of models.entries()) {
    await api.call('models/upsert', { name, organization: i % 2 ? 'Aurora' : 'Borealis', releaseDate: `${2020 + i}-03-01`, trainingComputeFlop: 10 ** (22 + i / 2) });
  }
  await api.call('results/upsertMany', {
    rows: models.flatMap((model, i) => [
      { model, benchmark: 'MMLU', score: 30 + 11 * i, source: 'paper', sourceKind: 'lab-reported' as const },
      { model, benchmark: 'MMLU', subtask: 'astronomy', score: 28 + 12 * i, source: 'paper' },
      { model, benchmark: 'GSM8K', score: i === 3 ? 0.05 : 0.1 + 0.15 * i, source: 'leaderboard', sourceKind: 'third-party' as const },
    ]),
  });
  // A percentage typed into a fraction benchmark: raises a unit-slip flag for 'flags/resolve' to work on.
  await api.call('results/upsertMany', { rows: [{ model: 'Zeta-6', benchmark: 'GSM8K', score: 85, source: 'blog' }] });
  const { open } = await api.call('flags/recompute', {});
  expect(open, 'the template has flags to resolve').toBeGreaterThan(0);
  const [flag] = await api.call('flags/list', {});
  VALID['flags/resolve'] = { id: flag!.id, action: 'dismiss', note: 'looked at it' };
}

const LONG = 'x'.repeat(100_000);
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Values no field should accept blindly. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, -0, 0, -1, 1.5, 2 ** 31, 2 ** 53,
    'NaN', 'Infinity', '-Infinity', '1e400', '', ' ', '\u0000', '\ufeff', '\r\n', '=cmd|\' /C calc\'!A0', '@SUM(A1)', '2024-02-30',
    '9999-99-99', 'null', '__proto__', true, false, null, undefined, [], {}, [1], { a: 1 }, LONG, `${LONG}\u{1F600}`,
    '\u202Eevil\u202C', '\ud800', 'Ω≈ç√∫', '𝕳𝖊𝖆𝖉𝖗𝖔𝖔𝖒', 10n ** 30n,
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withNullPrototype: true, withSparseArray: true }),
);

/**
 * Edge values of the same type as the field they replace, which often pass validation and so reach the handler:
 * ids that do not exist, the largest finite numbers, the smallest positive one, SQL and LIKE metacharacters, formula
 * text, right-to-left marks, names at their length limit, the first and last calendar days.
 */
const EDGE_NUMBERS = [0, 1, 2, 7, 99_999, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, 1e308, Number.MIN_VALUE, 1e-300, 0.5, 100, 1e6];
const EDGE_STRINGS = [
  "'; DROP TABLE results; --", '%', '_', '\\', '=cmd|\' /C calc\'!A0', '+1', '-1', '@SUM(A1)', '\tTab', 'NaN', '  padded  ', 'a'.repeat(300),
  'a'.repeat(2_000), '0001-01-01', '9999-12-31', '2024-02-29', 'Ω≈ç√∫ 模型 🚀', '\u202Eevil', 'MMLU', 'mmlu', 'Alpha-1', 'alpha 1', 'astronomy',
];
const edgesFor = (original: unknown): readonly unknown[] =>
  typeof original === 'number' ? EDGE_NUMBERS : typeof original === 'string' ? EDGE_STRINGS : typeof original === 'boolean' ? [true, false, null] : [null, [], {}];

type Key = string | number;

/** Every path into a value (objects and arrays, a few levels deep), the root included as []. */
function pathsOf(v: unknown, prefix: Key[] = [], out: Key[][] = []): Key[][] {
  out.push(prefix);
  if (prefix.length >= 4 || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

function getAt(v: unknown, p: Key[]): unknown {
  return p.reduce<unknown>((cur, k) => (cur !== null && typeof cur === 'object' ? (cur as Record<Key, unknown>)[k] : undefined), v);
}

/** Set an own property, even one named "__proto__" (as JSON.parse or structured clone would deliver it). */
function defineOwn(obj: object, key: Key, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: unknown }
  | { op: 'addKey'; at: number; key: string; value: unknown }
  | { op: 'replaceRoot'; value: unknown }
  | { op: 'edge'; at: number; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: weird }),
  fc.record({ op: fc.constant('addKey' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ maxLength: 12 })), value: fc.oneof(weird, fc.constant({ polluted: 'yes' })) }),
  fc.record({ op: fc.constant('replaceRoot' as const), value: weird }),
  fc.record({ op: fc.constant('edge' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ op: fc.constant('edge' as const), at: fc.nat(), pick: fc.nat() }),
);

/** Apply one to three mutations to a copy of the valid argument. */
function mutate(valid: unknown, ms: Mutation[]): unknown {
  let root: unknown = structuredClone(valid);
  for (const m of ms) {
    if (m.op === 'replaceRoot') {
      root = m.value;
      continue;
    }
    const paths = pathsOf(root);
    const p = paths[m.at % paths.length]!;
    if (m.op === 'edge') {
      if (p.length === 0) continue;
      const parent = getAt(root, p.slice(0, -1)) as Record<Key, unknown>;
      const key = p[p.length - 1]!;
      const choices = edgesFor(parent[key]);
      defineOwn(parent, key, choices[m.pick % choices.length]);
      continue;
    }
    if (m.op === 'addKey') {
      const target = getAt(root, p);
      if (target !== null && typeof target === 'object') defineOwn(target, m.key, m.value);
      else if (p.length === 0) root = m.value;
      continue;
    }
    if (p.length === 0) {
      root = m.op === 'set' ? m.value : undefined;
      continue;
    }
    const parent = getAt(root, p.slice(0, -1)) as Record<Key, unknown> | unknown[];
    const key = p[p.length - 1]!;
    if (m.op === 'drop') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete (parent as Record<Key, unknown>)[key];
    } else defineOwn(parent, key, m.value);
  }
  return root;
}

const argument = (method: Method): fc.Arbitrary<{ arg: unknown; how: string }> =>
  fc.oneof(
    fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true })
      .map((arg) => ({ arg, how: 'random' })),
    fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ({ arg: mutate(VALID[method] ?? {}, ms), how: `mutated ${JSON.stringify(ms, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v))}` })),
  );

/** Rows changed by this connection so far (cheap; tells whether a call wrote). */
const totalChanges = (db: Db): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

/** Outcomes per method; HEADROOM_FC_STATS=1 prints them, to see that the properties reach past validation. */
const stats = new Map<string, Map<string, number>>();
function tally(method: Method, env: Envelope<unknown>): void {
  const per = stats.get(method) ?? new Map<string, number>();
  const k = env.ok ? 'ok' : env.error.code;
  per.set(k, (per.get(k) ?? 0) + 1);
  stats.set(method, per);
}
afterAll(() => {
  if (process.env.HEADROOM_FC_STATS) for (const [m, per] of stats) console.log(m, Object.fromEntries(per));
});

let template: Awaited<ReturnType<typeof makeTemplate>>;
beforeAll(async () => {
  template = await makeTemplate(seed);
});
afterAll(() => template.dispose());

describe('every API method, called with random and mutated arguments', () => {
  it('has a valid sample argument for each method that the schema accepts', () => {
    for (const [m, arg] of Object.entries(VALID)) expect(API_SCHEMAS[m as Method].safeParse(arg).success, m).toBe(true);
  });

  for (const method of METHODS) {
    it(`${method} answers with a well-formed envelope, and writes nothing when it refuses`, async () => {
      const w = clonedWorkspace(template.file);
      try {
        await withSeedHint(() =>
          fc.assert(
            fc.asyncProperty(argument(method), async ({ arg, how }) => {
              const what = `${method} (${how})`;
              const before = snapshot(w.ws.db);
              const changesBefore = totalChanges(w.ws.db);
              let env: Envelope<unknown>;
              try {
                env = await w.api.raw(method, arg);
              } catch (e) {
                throw new Error(`${what}: the dispatcher threw instead of answering: ${String(e)}`);
              }
              tally(method, env);
              expectWellFormed(env, what);
              expectPrototypeClean();
              if (!env.ok) {
                expect(snapshot(w.ws.db), `${what}: refused with ${env.error.code}, yet the workspace changed`).toEqual(before);
              } else {
                // Only an argument its schema accepts may succeed.
                expect(API_SCHEMAS[method].safeParse(arg ?? {}).success, `${what}: succeeded with an argument its schema refuses`).toBe(true);
                // A successful write is thrown away, so every run starts from the template's data.
                if (totalChanges(w.ws.db) !== changesBefore) w.reset();
              }
            }),
            { seed: FC_SEED, numRuns: SLOW.has(method) ? SLOW_RUNS : RUNS, endOnFailure: true },
          ),
        );
        expect(checkIntegrity(w.ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
      } finally {
        w.dispose();
      }
    });
  }
});
