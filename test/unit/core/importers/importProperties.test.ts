/**
 * Bad files, property-based: for every import format, a real file of that format is damaged at random (truncated,
 * bytes flipped, NUL/BOM/CR/LF inserted, line ends turned to CRLF, a cell replaced with "NaN", a spreadsheet formula
 * or 1e400, empty lines, a duplicated header or line) and sent through 'import/preview' and 'import/apply'.
 * Neither may fail with 'internal'; a refusal names the file and leaves the workspace unchanged; every rejected row
 * names its place (line ≥ 1, or a JSON path / cell / archive member) and its reason; a preview never writes and
 * promises exactly the counts apply then delivers; the database stays intact.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput, ImportPreview, ImportSummary, RowIssue } from '../../../../src-main/common/api';
import type { Envelope } from '../../../../src-main/common/errors';
import { clonedWorkspace, expectWellFormed, FC_SEED, makeTemplate, withSeedHint } from '../../../helpers/property';
import { propertyRuns } from '../../../helpers/soak';
import { sharedData } from '../../../helpers/sharedData';
import { snapshot } from '../../../helpers/workspace';
import { FIXTURES } from './importHelpers';

const RUNS = propertyRuns(40, 200);

/** Outcomes per format; HEADROOM_FC_STATS=1 prints them, to see that the damage reaches both refusals and imports. */
const stats = new Map<string, Map<string, number>>();
function tally(format: string, env: Envelope<unknown>, step: string): void {
  const per = stats.get(format) ?? new Map<string, number>();
  const value = env.ok ? (env.value as { reject?: number; counts?: { reject: number } }) : null;
  const rejects = value ? (value.reject ?? value.counts?.reject ?? 0) : 0;
  const k = `${step} ${env.ok ? (rejects ? 'ok with rejects' : 'ok') : env.error.code}`;
  per.set(k, (per.get(k) ?? 0) + 1);
  stats.set(format, per);
}
afterAll(() => {
  if (process.env.HEADROOM_FC_STATS) for (const [f, per] of stats) console.log(f, Object.fromEntries(per));
});

type Req = ApiInput<'import/preview'>;
interface Sample {
  format: string;
  fileName: string;
  /** The file's text; for a binary format, the text of the archive member that is damaged before zipping. */
  text: string;
  /** Builds the request from (possibly damaged) text. */
  request(text: string): Req;
  /** Binary formats are also damaged as bytes after zipping. */
  binary?: boolean;
}

const readText = (p: string): string => readFileSync(p, 'utf8');
const firstLines = (text: string, n: number): string => text.split('\n').slice(0, n).join('\n') + '\n';
const HELM_RUN = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2';
const epoch = (f: string) => sharedData('epoch_benchmark_stitching', f);
const inspectMember = (f: string) => readFileSync(path.join(FIXTURES, 'inspect', 'eval-archive', f));

const HEADROOM_CSV = [
  'model,benchmark,subtask,score,stderr,n,shots,cot,source,source_kind,date,notes',
  'Alpha-1,MMLU,,71.5,0.4,14042,5,false,paper,lab-reported,2024-03-01,',
  'Alpha-1,MMLU,astronomy,80,,152,5,false,paper,lab-reported,2024-03-01,',
  'Beta-2,MMLU,,64.2,,,5,,leaderboard,third-party,2024-04-10,"a note, with a comma"',
  'Beta-2,GSM8K,,0.55,0.01,1319,8,true,leaderboard,third-party,2024-04-10,',
  'Gamma-3,GSM8K,,0.71,,,,true,own run,own-run,2024-06-01,',
].join('\n') + '\n';

function archive(header: string): string {
  const files: Record<string, Uint8Array> = {
    'header.json': new TextEncoder().encode(header),
    'summaries.json': new Uint8Array(inspectMember('summaries.json')),
    'reductions.json': new Uint8Array(inspectMember('reductions.json')),
    '_journal/start.json': new Uint8Array(inspectMember('_journal/start.json')),
  };
  return Buffer.from(zipSync(files)).toString('base64');
}

const text = (fileName: string, extra: Partial<Req> = {}) => (t: string): Req => ({ fileName, content: t, ...extra });

const SAMPLES: Sample[] = [
  { format: 'headroom-csv', fileName: 'results.csv', text: HEADROOM_CSV, request: text('results.csv', { constants: {} }) },
  { format: 'headroom-tsv', fileName: 'results.tsv', text: HEADROOM_CSV.replace(/,/g, '\t'), request: text('results.tsv') },
  {
    format: 'lm-eval',
    fileName: 'results_2024-01-01T00-00-00.json',
    text: readText(sharedData('lm_eval_harness_format', 'v0.4_cpu_regression_expected.json')),
    request: text('results_2024-01-01T00-00-00.json', { constants: { model: 'tiny' } }),
  },
  { format: 'inspect (json)', fileName: 'run.json', text: readText(path.join(FIXTURES, 'inspect', 'eval-log.json')), request: text('run.json') },
  {
    format: 'inspect (.eval)',
    fileName: 'run.eval',
    text: inspectMember('header.json').toString('utf8'),
    request: (t) => ({ fileName: 'run.eval', content: archive(t), encoding: 'base64' }),
    binary: true,
  },
  {
    format: 'helm',
    fileName: `${HELM_RUN}/stats.json`,
    text: readText(path.join(FIXTURES, 'helm', HELM_RUN, 'stats.json')),
    request: text(`${HELM_RUN}/stats.json`, {
      companions: [{ fileName: `${HELM_RUN}/run_spec.json`, content: readText(path.join(FIXTURES, 'helm', HELM_RUN, 'run_spec.json')) }],
    }),
  },
  {
    format: 'opencompass',
    fileName: 'summary_20240521_101500.csv',
    text: readText(path.join(FIXTURES, 'opencompass', 'summary_20240521_101500.csv')),
    request: text('summary_20240521_101500.csv'),
  },
  { format: 'epoch-runs', fileName: 'benchmarks_runs.csv', text: firstLines(readText(epoch('benchmarks_runs.csv')), 25), request: text('benchmarks_runs.csv') },
  { format: 'epoch-external', fileName: 'external_benchmark_anli.csv', text: readText(epoch('external_benchmark_anli.csv')), request: text('external_benchmark_anli.csv') },
  { format: 'epoch-models', fileName: 'model_versions.csv', text: firstLines(readText(epoch('model_versions.csv')), 40), request: text('model_versions.csv') },
  { format: 'epoch-benchmarks', fileName: 'benchmark_optim.csv', text: readText(epoch('benchmark_optim.csv')), request: text('benchmark_optim.csv') },
  {
    format: 'markdown',
    fileName: 'multilingual_mmlu_benchmark_results.md',
    text: readText(sharedData('openai_simple_evals', 'multilingual_mmlu_benchmark_results.md')),
    request: text('multilingual_mmlu_benchmark_results.md', { constants: { source: 'simple-evals' } }),
  },
];

const CELL_VALUES = ['NaN', '"NaN"', "=cmd|' /C calc'!A0", '@SUM(A1)', '+1+1', '-2+3', '1e400', '-1e400', '99999999999999999999999', '', '9'.repeat(400), '-0', 'null', 'true', '{}', '[]', '"', '\u0000', '١٢٣', 'Ω模型🚀'];
const INSERTS = ['\u0000', '\ufeff', '\r\n', '\r', '\n', '\n\n\n', '"', ',', '\t', '|', '\\', '{', ']'];

type Damage =
  | { op: 'truncate'; at: number }
  | { op: 'flipByte'; at: number; bit: number }
  | { op: 'insert'; at: number; what: string }
  | { op: 'bom' }
  | { op: 'crlf' }
  | { op: 'cell'; at: number; value: string }
  | { op: 'emptyLines'; at: number }
  | { op: 'duplicateHeader' }
  | { op: 'duplicateLine'; at: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flipByte' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom(...INSERTS) }),
  fc.record({ op: fc.constant('bom' as const) }),
  fc.record({ op: fc.constant('crlf' as const) }),
  fc.record({ op: fc.constant('cell' as const), at: fc.nat(), value: fc.constantFrom(...CELL_VALUES) }),
  fc.record({ op: fc.constant('cell' as const), at: fc.nat(), value: fc.constantFrom(...CELL_VALUES) }),
  fc.record({ op: fc.constant('emptyLines' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicateHeader' as const) }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
);

/** Cells of a CSV/TSV/markdown table and values of a JSON document: runs of text between the separators. */
const CELL = /[^,\t|\n\r"{}[\]:]+/g;

function applyDamage(t: string, d: Damage): string {
  const lines = t.split('\n');
  switch (d.op) {
    case 'truncate':
      return t.slice(0, d.at % (t.length + 1));
    case 'flipByte': {
      const bytes = Buffer.from(t, 'utf8');
      if (bytes.length === 0) return t;
      bytes[d.at % bytes.length]! ^= 1 << d.bit;
      return new TextDecoder('utf-8').decode(bytes);
    }
    case 'insert': {
      const at = d.at % (t.length + 1);
      return t.slice(0, at) + d.what + t.slice(at);
    }
    case 'bom':
      return `\ufeff${t}`;
    case 'crlf':
      return t.replace(/\r?\n/g, '\r\n');
    case 'cell': {
      const cells = [...t.matchAll(CELL)];
      if (cells.length === 0) return t;
      const m = cells[d.at % cells.length]!;
      return t.slice(0, m.index) + d.value + t.slice(m.index + m[0].length);
    }
    case 'emptyLines': {
      const at = d.at % (lines.length + 1);
      return [...lines.slice(0, at), '', '', ...lines.slice(at)].join('\n');
    }
    case 'duplicateHeader': {
      const [head = '', ...rest] = lines;
      const firstCell = head.split(/[,\t|]/)[0] ?? '';
      return [`${head}${head.includes('\t') ? '\t' : ','}${firstCell}`, ...rest].join('\n');
    }
    case 'duplicateLine': {
      const at = d.at % Math.max(lines.length, 1);
      return [...lines.slice(0, at + 1), lines[at] ?? '', ...lines.slice(at + 1)].join('\n');
    }
  }
}

/** Damage applied to the bytes of a binary file (after zipping). */
const byteDamage = fc.oneof(
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('nul' as const), at: fc.nat() }),
);

function damageBytes(base64: string, ds: { op: 'cut' | 'flip' | 'nul'; at: number; bit?: number }[]): string {
  let b = Buffer.from(base64, 'base64');
  for (const d of ds) {
    const at = d.at % (b.length + 1);
    if (d.op === 'cut') b = b.subarray(0, at);
    else if (d.op === 'nul') b = Buffer.concat([b.subarray(0, at), Buffer.from([0, 0, 0, 0]), b.subarray(at)]);
    else if (b.length) b[at % b.length]! ^= 1 << (d.bit ?? 0);
  }
  return b.toString('base64');
}

function expectPlaced(issues: RowIssue[], what: string): void {
  for (const i of issues) {
    const placed = (Number.isInteger(i.line) && i.line >= 1) || (typeof i.place === 'string' && i.place.length > 0);
    expect(placed, `${what}: a rejected row without a place: ${JSON.stringify(i)}`).toBe(true);
    expect(typeof i.reason === 'string' && i.reason.trim().length > 0, `${what}: a rejected row without a reason: ${JSON.stringify(i)}`).toBe(true);
  }
}

/** A file that cannot be imported is refused as 'bad-input' with its name in the message (never an SQL error). */
function expectRefusalNamesFile(env: Envelope<unknown>, fileName: string, what: string): void {
  if (env.ok) return;
  expect(env.error.code, `${what}: refused with ${env.error.message}`).toBe('bad-input');
  expect(env.error.message, `${what}: the refusal names the file`).toContain(fileName);
}

/** Two benchmarks and models some of the files name, so imports update as well as add. */
let template: Awaited<ReturnType<typeof makeTemplate>>;
beforeAll(async () => {
  template = await makeTemplate(async (api) => {
    await api.call('benchmarks/upsert', { name: 'MMLU', unit: 'percent', floor: 25, ceiling: 100 });
    await api.call('benchmarks/upsert', { name: 'GSM8K', unit: 'fraction' });
    await api.call('models/upsert', { name: 'Alpha-1', releaseDate: '2024-03-01' });
    await api.call('results/upsertMany', { rows: [{ model: 'Alpha-1', benchmark: 'MMLU', score: 70, source: 'paper', shots: 5, cot: false }] });
  });
});
afterAll(() => template.dispose());

describe('every import format, fed damaged files', () => {
  it('reads every undamaged sample (so the damage starts from a file that imports)', async () => {
    const w = clonedWorkspace(template.file);
    try {
      for (const s of SAMPLES) {
        const env = await w.api.raw('import/preview', s.request(s.text));
        expect(env.ok, `${s.format}: ${env.ok ? '' : env.error.message}`).toBe(true);
        if (env.ok) expect((env.value as ImportPreview).totalRows, s.format).toBeGreaterThan(0);
      }
    } finally {
      w.dispose();
    }
  });

  for (const s of SAMPLES) {
    it(`${s.format}: preview and apply never fail unexpectedly, name the place of each rejected row, and a refusal writes nothing`, async () => {
      const w = clonedWorkspace(template.file);
      const damaged = s.binary
        ? fc.tuple(fc.array(damage, { maxLength: 3 }), fc.array(byteDamage, { maxLength: 2 })).filter(([a, b]) => a.length + b.length > 0)
        : fc.tuple(fc.array(damage, { minLength: 1, maxLength: 3 }), fc.constant([] as { op: 'cut' | 'flip' | 'nul'; at: number; bit?: number }[]));
      try {
        await withSeedHint(() =>
          fc.assert(
            fc.asyncProperty(damaged, async ([ds, bs]) => {
              const what = `${s.format} damaged by ${JSON.stringify([...ds, ...bs])}`;
              let req = s.request(ds.reduce(applyDamage, s.text));
              if (bs.length) req = { ...req, content: damageBytes(req.content, bs) };
              const before = snapshot(w.ws.db);

              const pre = await w.api.raw('import/preview', req);
              tally(s.format, pre, 'preview');
              expectWellFormed(pre, `${what}, preview`);
              expectRefusalNamesFile(pre, s.fileName, `${what}, preview`);
              expect(snapshot(w.ws.db), `${what}: a preview wrote to the workspace`).toEqual(before);
              if (pre.ok) expectPlaced((pre.value as ImportPreview).rejected, `${what}, preview`);

              const app = await w.api.raw('import/apply', req);
              tally(s.format, app, 'apply');
              expectWellFormed(app, `${what}, apply`);
              expectRefusalNamesFile(app, s.fileName, `${what}, apply`);
              if (!app.ok) {
                expect(snapshot(w.ws.db), `${what}: a refused import changed the workspace`).toEqual(before);
                expect(pre.ok, `${what}: apply refused (${app.error.message}) what preview accepted`).toBe(false);
                return;
              }
              const sum = app.value as ImportSummary;
              expectPlaced(sum.rejected, `${what}, apply`);
              expect(pre.ok, `${what}: apply accepted what preview refused`).toBe(true);
              if (pre.ok) {
                const { add, update, unchanged, reject } = (pre.value as ImportPreview).counts;
                expect({ add: sum.add, update: sum.update, unchanged: sum.unchanged, reject: sum.reject }, `${what}: preview promised other counts`).toEqual({
                  add, update, unchanged, reject,
                });
              }
              w.reset();
            }),
            { seed: FC_SEED, numRuns: RUNS, endOnFailure: true },
          ),
        );
      } finally {
        w.dispose();
      }
    });
  }
});
