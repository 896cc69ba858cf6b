/**
 * Golden test on real public data: every file of ../shared/data's result folders (Epoch AI's folder, Observational
 * Scaling Laws, simple-evals, lm-evaluation-harness, Pythia, every BenchBench leaderboard) is imported with no
 * options, and every stored score is compared with the cell it came from, read from the file by this test's own
 * simple parsers (never by the importer), at the place the result's provenance names (line and column, JSON path,
 * markdown row and column).
 *
 * A stored value may differ from its cell only by a conversion the user could see: a cell written with "%" stored in
 * a fraction benchmark (÷ 100), or a unit decision the preview lists for that benchmark, whose count covers every
 * value it changed. Anything else — a silent rescale, a value read from the wrong cell — fails the test. Model
 * attributes of wide tables (parameters, tokens, compute) are checked the same way against the multiplier their
 * column decision states. The per-file table (rows read, stored, rejected, converted) is printed and written to
 * test-results/real-data-imports.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportDecision, ImportPreview } from '../../src-main/common/api';
import { ApiError } from '../../src-main/common/errors';
import { openWorkspace } from '../../src-main/core/db/open';
import { apiFor } from '../helpers/api';
import { sharedData } from '../helpers/sharedData';

interface Stored {
  score: number;
  line: number | null;
  place: string | null;
  benchmark: string;
  unit: string;
  subtask: string | null;
}

interface FileReport {
  file: string;
  format: string;
  read: number;
  stored: number;
  rejected: number;
  converted: number;
  decisions: number;
  refused: string | null;
  ms: number;
}

const reports: FileReport[] = [];
afterAll(() => {
  if (!reports.length) return;
  const dir = path.resolve(__dirname, '..', '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'real-data-imports.json'), JSON.stringify(reports, null, 2));
  const lines = reports.map((r) =>
    `${r.file.padEnd(58)} ${r.format.padEnd(16)} read ${String(r.read).padStart(5)}  stored ${String(r.stored).padStart(5)}  rejected ${String(r.rejected).padStart(4)}  converted ${String(r.converted).padStart(4)}  ${r.refused ? `refused: ${r.refused.slice(0, 60)}` : ''}`,
  );
  console.log(`real-data imports (file, format, rows read, stored, rejected, values converted):\n${lines.join('\n')}`);
});

// ---- the test's own readers of the source files --------------------------------------------------------------

/** A cell as the file writes it: a number, and whether it carries "%". Markdown emphasis and footnote marks are not part of it. */
function cellNumber(text: string): { value: number; percent: boolean } | null {
  let t = text.trim().replace(/\*\*|__|`/g, '').replace(/\[\^[^\]]*\]/g, '').replace(/[*†‡]+$/u, '').trim();
  const percent = t.endsWith('%');
  if (percent) t = t.slice(0, -1).trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  return { value: Number(t), percent };
}

/** Rows of a CSV/TSV with the line each starts on (papaparse, cursor offsets → lines). */
function csvRows(text: string): { header: string[]; byLine: Map<number, Record<string, string>> } {
  const body = text.replace(/^\ufeff/, '');
  const rows: { data: string[]; start: number }[] = [];
  let start = 0;
  Papa.parse<string[]>(body, {
    delimiter: body.split('\n', 1)[0]!.includes('\t') ? '\t' : ',',
    step: (r) => {
      rows.push({ data: r.data, start });
      start = r.meta.cursor;
    },
  });
  const lineAt = (offset: number) => {
    let line = 1;
    for (let i = 0; i < offset; i++) if (body.charCodeAt(i) === 10) line++;
    // The cursor of the previous row ends before its newline: the next row starts on the line after.
    return body.charCodeAt(offset) === 10 ? line + 1 : body.charCodeAt(offset) === 13 ? line + 1 : line;
  };
  const header = rows[0]!.data.map((h) => h.trim());
  const byLine = new Map<number, Record<string, string>>();
  for (const r of rows.slice(1)) byLine.set(lineAt(r.start), Object.fromEntries(header.map((h, i) => [h, r.data[i] ?? ''])));
  return { header, byLine };
}

/** The value at a JSON path written as the importer's provenance writes it: results.arc_easy["acc,none"], a[0].b. */
function jsonAt(doc: unknown, place: string): unknown {
  const parts: (string | number)[] = [];
  const re = /([A-Za-z_$][\w$]*)|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]/g;
  for (let m = re.exec(place); m; m = re.exec(place)) parts.push(m[1] ?? (m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : Number(m[3])));
  let v: unknown = doc;
  for (const p of parts) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[p as string];
  return v;
}

/** The cell of a markdown table at `line` under the header named in the place (row "…", column "…"). */
function markdownCell(text: string, line: number | null, place: string): string | null {
  const m = /^row "(.*)", column "(.*)"$/.exec(place);
  if (!m || line === null) return null;
  const rowName = m[1]!;
  const column = m[2]!;
  const clean = (t: string) => t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|__/g, '').replace(/\[\^[^\]]*\]/g, '').replace(/<br\s*\/?>/gi, ' ').replace(/\s+/g, ' ').trim();
  const split = (l: string) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const lines = text.split(/\r?\n/);
  const row = split(lines[line - 1] ?? '');
  // The row names itself in its first cell (a table of models as rows) or is a header cell's row (models as columns).
  const first = clean(row[0] ?? '');
  if (first !== rowName && !first.startsWith(`${rowName} `) && !rowName.startsWith(first)) return null;
  // Its table's header: the first line of the run of table lines it belongs to.
  let h = line - 1;
  while (h > 0 && (lines[h - 1] ?? '').includes('|')) h--;
  const header = split(lines[h] ?? '').map(clean);
  const i = header.findIndex((x) => x === column || x.replace(/\s*%$/, '') === column || x.startsWith(`${column} `) || x.startsWith(`${column}(`));
  return i >= 0 ? (row[i] ?? null) : null;
}

// ---- checking one file's stored results against its cells ------------------------------------------------------

function storedOf(db: ReturnType<typeof openWorkspace>, importId: number): Stored[] {
  return db
    .prepare(
      `SELECT r.score, r.source_line AS line, r.source_place AS place, b.name AS benchmark, b.unit, s.name AS subtask
         FROM results r JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id WHERE r.import_id = ?`,
    )
    .all(importId) as Stored[];
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Check every stored score against its cell. Returns how many values differ from their cell (each explained by a
 * "%" cell or a listed decision whose count covers it); fails on any other difference.
 */
function checkScores(file: string, stored: Stored[], rawOf: (s: Stored) => string | number | null, decisions: ImportDecision[]): number {
  const converted = new Map<string, number>();
  let percentCells = 0;
  for (const s of stored) {
    const raw = rawOf(s);
    expect(raw, `${file}: no cell found for the result stored from line ${s.line}, ${s.place}`).not.toBeNull();
    const cell = typeof raw === 'number' ? { value: raw, percent: false } : cellNumber(String(raw));
    expect(cell, `${file} line ${s.line} ${s.place}: "${String(raw)}" is not a number, yet ${s.score} was stored`).not.toBeNull();
    const { value, percent } = cell!;
    if (close(s.score, value)) continue;
    if (percent && s.unit === 'fraction' && close(s.score, value / 100)) {
      percentCells++;
      continue;
    }
    const key = s.benchmark.toLowerCase();
    const listed = decisions.find((d) => d.id === `unit:${key}` && d.count > 0);
    const explained = listed && (close(s.score, value / 100) || close(s.score, value * 100));
    expect(explained, `${file} line ${s.line} ${s.place}: the cell says ${value}${percent ? '%' : ''}, ${s.score} was stored in ${s.benchmark} (${s.unit}), and no decision in the preview says why`).toBe(true);
    converted.set(key, (converted.get(key) ?? 0) + 1);
  }
  for (const [key, n] of converted) {
    const d = decisions.find((x) => x.id === `unit:${key}`)!;
    expect(n, `${file}: ${n} values of ${key} converted, the preview says ${d.count}`).toBeLessThanOrEqual(d.count);
  }
  return [...converted.values()].reduce((a, b) => a + b, 0) + percentCells;
}

function rawLocator(file: string, text: string): (s: Stored) => string | number | null {
  if (/\.json$/i.test(file)) {
    const doc = JSON.parse(text) as unknown;
    return (s) => {
      const v = s.place ? jsonAt(doc, s.place.replace(/^[^:]*\.json: /, '')) : null;
      return typeof v === 'number' || typeof v === 'string' ? v : null;
    };
  }
  if (/\.md$/i.test(file)) return (s) => (s.place ? markdownCell(text, s.line, s.place) : null);
  const { byLine } = csvRows(text);
  return (s) => {
    const row = s.line === null ? undefined : byLine.get(s.line);
    const column = /^column "(.*)"$/.exec(s.place ?? '')?.[1] ?? 'score';
    return row?.[column] ?? null;
  };
}

/** Import one file (no options) into the API's workspace and check it; returns its report. */
async function importAndCheck(api: ReturnType<typeof apiFor>, db: ReturnType<typeof openWorkspace>, label: string, full: string): Promise<FileReport> {
  const text = readFileSync(full, 'utf8');
  const fileName = path.basename(full);
  const t0 = performance.now();
  let preview: ImportPreview;
  try {
    preview = await api.call('import/preview', { fileName, content: text });
  } catch (e) {
    // A refusal must be a clear message naming the file, never an internal error.
    expect(e, `${label}: refused with something other than a clear message`).toBeInstanceOf(ApiError);
    expect((e as ApiError).code, label).toBe('bad-input');
    expect((e as ApiError).message.startsWith(fileName), `${label}: "${(e as ApiError).message}" does not name the file`).toBe(true);
    return { file: label, format: '-', read: 0, stored: 0, rejected: 0, converted: 0, decisions: 0, refused: (e as ApiError).message, ms: performance.now() - t0 };
  }
  const summary = await api.call('import/apply', { fileName, content: text });
  const ms = performance.now() - t0;
  // Apply does what the preview promised.
  expect({ add: summary.add, update: summary.update, reject: summary.reject }, label).toEqual({ add: preview.counts.add, update: preview.counts.update, reject: preview.counts.reject });
  let converted = 0;
  let stored = 0;
  if (summary.importId !== null && preview.kind === 'results') {
    const rows = storedOf(db, summary.importId);
    stored = rows.length;
    converted = checkScores(label, rows, rawLocator(fileName, text), preview.decisions);
    if (preview.format === 'wide') converted += checkAttributes(label, db, text, preview.decisions);
  }
  return { file: label, format: preview.format, read: preview.totalRows, stored, rejected: preview.counts.reject, converted, decisions: preview.decisions.length, refused: null, ms };
}

/** A wide table's model attribute columns: each stored value is the cell times the multiplier its column decision states. */
function checkAttributes(file: string, db: ReturnType<typeof openWorkspace>, text: string, decisions: ImportDecision[]): number {
  const { byLine, header } = csvRows(text);
  const modelHeader = header.find((h) => /^(model|model[ _]name)$/i.test(h)) ?? header[0]!;
  const FIELD: Record<string, string> = { parameters: 'parameters', training_tokens: 'training_tokens', training_compute_flop: 'training_compute_flop' };
  let converted = 0;
  for (const d of decisions) {
    const m = /^attribute:([a-z_]+):(.+)$/.exec(d.chosen);
    if (!m || !FIELD[m[1]!]) continue;
    const multiplier = Number(m[2]);
    if (multiplier !== 1) expect(d.message, `${file}: column ${d.subject} is multiplied without saying so`).toMatch(/×/);
    for (const row of byLine.values()) {
      const cell = cellNumber(row[d.subject] ?? '');
      if (!cell) continue;
      const model = (row[modelHeader] ?? '').trim();
      const got = db.prepare(`SELECT ${FIELD[m[1]!]} AS v FROM models WHERE name = ?`).get(model) as { v: number | null } | undefined;
      expect(got?.v, `${file}: ${model}'s ${m[1]}`).toBeCloseTo(cell.value * multiplier, -Math.floor(Math.log10(Math.abs(cell.value * multiplier) || 1)) + 9);
      if (multiplier !== 1) converted++;
    }
  }
  return converted;
}

function filesOf(folder: string, pattern: RegExp): string[] {
  return readdirSync(sharedData(folder))
    .filter((f) => pattern.test(f) && !/^(SOURCE|LICENSE)/.test(f))
    .sort()
    .map((f) => path.join(sharedData(folder), f));
}

/** Import `files` in order into one fresh workspace, checking each. */
async function importFolder(label: string, files: string[]): Promise<FileReport[]> {
  const db = openWorkspace(':memory:');
  const api = apiFor({ db, path: ':memory:' });
  const out: FileReport[] = [];
  try {
    for (const f of files) out.push(await importAndCheck(api, db, `${label}/${path.basename(f)}`, f));
  } finally {
    db.close();
  }
  reports.push(...out);
  return out;
}

describe('real public data imports with no options, every stored value traceable to its cell', () => {
  it("Epoch AI's folder: benchmarks, model versions, its own runs and all 37 leaderboards; only the file that holds no results is refused", async () => {
    const dir = 'epoch_benchmark_stitching';
    const order = ['benchmark_optim.csv', 'model_versions.csv', 'benchmarks_runs.csv'];
    const files = [...order.map((f) => path.join(sharedData(dir), f)), ...filesOf(dir, /^external_benchmark_.*\.csv$/), ...filesOf(dir, /^distilled_models\.csv$/)];
    const r = await importFolder('epoch', files);
    expect(r.filter((x) => x.refused).map((x) => x.file)).toEqual(['epoch/distilled_models.csv']);
    for (const x of r.filter((y) => /external_/.test(y.file))) expect(x.stored, x.file).toBeGreaterThan(0);
  }, 180_000);

  it('every BenchBench leaderboard, a wide table of models × benchmarks, each into its own workspace', async () => {
    for (const f of filesOf('benchbench_leaderboards', /\.csv$/)) {
      const [r] = await importFolder('benchbench', [f]);
      expect(r!.refused, r!.file).toBeNull();
      expect(r!.stored, r!.file).toBeGreaterThan(0);
    }
  }, 180_000);

  it('Observational Scaling Laws tables, with model sizes, tokens and compute in their stated units', async () => {
    const r = await importFolder('obsscaling', filesOf('obsscaling', /\.csv$/));
    for (const x of r) expect(x.refused, x.file).toBeNull();
  }, 180_000);

  it('simple-evals: the README tables, their history and the multilingual table', async () => {
    await importFolder('simple-evals', [...filesOf('openai_simple_evals', /\.(md|csv)$/)]);
    await importFolder('simple-evals-history', filesOf(path.join('openai_simple_evals', 'readme_history'), /\.md$/));
  }, 180_000);

  it('lm-evaluation-harness and Pythia results files', async () => {
    await importFolder('lm-eval', filesOf('lm_eval_harness_format', /\.json$/));
    await importFolder('pythia', filesOf('pythia_lm_eval_json', /\.json$/));
  }, 180_000);
});
