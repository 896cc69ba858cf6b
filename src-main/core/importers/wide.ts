/**
 * Wide tables: the common shape of a leaderboard, one row per model and one column per benchmark (BenchBench's
 * snapshots, Observational Scaling Laws' tables, a spreadsheet). Read without a mapping:
 * - the model column is the one the header mapping calls `model` (model, Model, Model name, name...);
 * - columns that describe the model become model attributes (release date, organization, family, parameters,
 *   training compute, training tokens, open weights), with the multiplier their header states ("Model Size (B)" is
 *   billions of parameters, "FLOPs (1E21)" units of 10²¹ FLOP);
 * - every other column whose cells are mostly numbers is a benchmark, or a subtask of the file's benchmark its name
 *   starts with ("LB_Coding" beside LiveBench, "MixEval_TriviaQA" beside MixEval);
 * - other columns are ignored and listed; empty cells (and "n/a", "-") are skipped, not rejected.
 * Every column's reading is a decision in the preview (request.choices "column:<header>"), so the analyst can change
 * a benchmark into an attribute, a subtask into a benchmark, or ignore a column.
 */
import type { ImportDecision } from '../../common/api';
import { findCatalogEntry } from '../catalog/benchmarkCatalog';
import { isMissing, parseNumberCell } from './cells';
import { MODEL_COLUMNS, mapHeaders } from './columns';
import { RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';
import { readDelimited, type DelimitedTable } from './delimited';

/** What a column of a wide table is read as. */
export type ColumnRole =
  | { role: 'benchmark' }
  | { role: 'subtask'; of: string; name: string }
  | { role: 'attribute'; field: AttributeField; multiplier: number }
  | { role: 'ignore'; reason: string };

type AttributeField = 'release_date' | 'organization' | 'family' | 'parameters' | 'training_compute_flop' | 'training_tokens' | 'open_weights';

const ATTRIBUTE_LABEL: Record<AttributeField, string> = {
  release_date: "the model's release date",
  organization: "the model's organization",
  family: "the model's family",
  parameters: "the model's parameter count",
  training_compute_flop: "the model's training compute (FLOP)",
  training_tokens: "the model's training tokens",
  open_weights: 'whether the weights are open',
};

/** Header patterns of model attributes, tried in order on the header without its unit in brackets. */
const ATTRIBUTES: { field: AttributeField; pattern: RegExp }[] = [
  { field: 'release_date', pattern: /^(release[ _-]?date|released?|date|publication[ _-]?date|date[ _-]?released|release[ _-]?month)$/i },
  { field: 'organization', pattern: /^(org|organi[sz]ation|developer|lab|company|creator|provider|vendor)$/i },
  { field: 'family', pattern: /^(model[ _-]?family|family)$/i },
  { field: 'parameters', pattern: /^(#?[ _-]?param(eter)?s?|model[ _-]?size|size|num[ _-]?params|parameter[ _-]?count|total[ _-]?params)$/i },
  { field: 'training_compute_flop', pattern: /^(flops?|training[ _-]?compute|compute|training[ _-]?flops?|pretraining[ _-]?compute)$/i },
  { field: 'training_tokens', pattern: /^(tokens|training[ _-]?tokens|data[ _-]?size|pretraining[ _-]?data[ _-]?size|training[ _-]?data|dataset[ _-]?size)$/i },
  { field: 'open_weights', pattern: /^(open|open[ _-]?weights?|open[ _-]?source|license|licen[cs]e[ _-]?type)$/i },
];

/** Columns about the model that Headroom has no field for: ignored, and said so. */
const NO_FIELD = /^(active[ _-]?param(eter)?s?.*|context[ _-]?(length|window|size)|link|url|paper|notes?|comments?|rank|#|type|architecture|precision|hub[ _-]?license|likes|downloads)$/i;

/** Multipliers a header may state in brackets: "(B)" billions, "(M)" millions, "(T)" trillions, "(1E21)" 10²¹. */
function headerMultiplier(header: string): { base: string; multiplier: number; unitText: string | null } {
  const m = /^(.*?)\s*[([]\s*([^)\]]*)\s*[)\]]\s*$/.exec(header.trim());
  if (!m) return { base: header.trim(), multiplier: 1, unitText: null };
  const base = m[1]!.trim();
  const u = m[2]!.trim();
  const sci = /^(\d+(?:\.\d+)?)?\s*[x×*]?\s*(?:e|10\^)\s*([+-]?\d+)$/i.exec(u);
  if (sci) return { base, multiplier: Number(sci[1] ?? 1) * 10 ** Number(sci[2]), unitText: u };
  const word: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, millions: 1e6, b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9, t: 1e12, trillion: 1e12, trillions: 1e12 };
  const scale = word[u.toLowerCase()];
  if (scale !== undefined) return { base, multiplier: scale, unitText: u };
  // "(FLOP)", "(tokens)", "(%)": a unit, not a multiplier.
  return { base, multiplier: 1, unitText: u };
}

/** "LiveBench" → "lb", "MixEval" → "me": a name's capitals, for prefixes like "LB_". */
function initials(name: string): string {
  const caps = name.replace(/[^A-Za-z0-9]/g, ' ').split(/\s+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  return caps.map((w) => w[0]!.toLowerCase()).join('');
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The share of a column's non-empty cells that read as numbers (with or without "%"). */
function numericShare(table: DelimitedTable, col: number): { share: number; filled: number } {
  let filled = 0;
  let numbers = 0;
  for (const r of table.rows) {
    const c = (r.cells[col] ?? '').trim();
    if (isMissing(c)) continue;
    filled++;
    const p = parseNumberCell(c);
    if (p.ok && p.value) numbers++;
  }
  return { share: filled ? numbers / filled : 0, filled };
}

/**
 * Is this delimited file a wide table? A model column, no benchmark or score column, and at least one other column
 * of mostly numbers that is not a model attribute.
 */
export function isWideTable(headers: string[], table: () => DelimitedTable): boolean {
  const { mapping } = mapHeaders(headers);
  const mapped = new Set(Object.values(mapping));
  if (!mapped.has('model') || mapped.has('score') || mapped.has('benchmark')) return false;
  const t = table();
  return headers.some((h, i) => !mapping[h] && !NO_FIELD.test(h.trim()) && attributeOf(h) === null && numericShare(t, i).share >= 0.8);
}

function attributeOf(header: string): { field: AttributeField; multiplier: number } | null {
  const { base, multiplier } = headerMultiplier(header);
  for (const a of ATTRIBUTES) if (a.pattern.test(base)) return { field: a.field, multiplier };
  return null;
}

/** The roles Headroom reads each non-model column as, before the analyst's choices. */
export function detectRoles(table: DelimitedTable, modelHeader: string): Map<string, ColumnRole> {
  const roles = new Map<string, ColumnRole>();
  const benchmarks: string[] = [];
  table.headers.forEach((h, i) => {
    if (h === modelHeader || h.trim() === '') return;
    const attr = attributeOf(h);
    if (attr) return void roles.set(h, { role: 'attribute', field: attr.field, multiplier: attr.multiplier });
    if (NO_FIELD.test(h.trim())) return void roles.set(h, { role: 'ignore', reason: 'Headroom has no field for it' });
    const { share, filled } = numericShare(table, i);
    if (filled === 0) return void roles.set(h, { role: 'ignore', reason: 'every cell is empty' });
    if (share < 0.8) return void roles.set(h, { role: 'ignore', reason: 'its cells are not numbers' });
    roles.set(h, { role: 'benchmark' });
    benchmarks.push(h);
  });
  // "LB_Coding" beside "livebench_240725" (LiveBench: L·B), "MixEval_TriviaQA" beside "MixEval": subtasks of the
  // column whose name (or catalog name, or its initials) the prefix before the first underscore is.
  for (const h of benchmarks) {
    const us = h.indexOf('_');
    if (us <= 0) continue;
    const prefix = norm(h.slice(0, us));
    const rest = h.slice(us + 1).trim();
    if (!prefix || !rest) continue;
    const mains = benchmarks.filter((m) => {
      if (m === h || roles.get(m)?.role !== 'benchmark') return false;
      const names = [m, findCatalogEntry(m)?.name ?? ''].filter(Boolean);
      return names.some((n) => norm(n) === prefix || initials(n) === prefix || norm(n.split(/[_\s-]/)[0] ?? '') === prefix);
    });
    // "MixEval_TriviaQA-Hard" beside "MixEval" and "MixEval-Hard": the main whose own suffix ("-Hard") the column
    // ends with; the subtask is named without it.
    const suffixed = mains.find((m) => {
      const extra = m.slice(h.slice(0, us).length);
      return extra.length > 1 && /^[-\s]/.test(extra) && rest.toLowerCase().endsWith(extra.toLowerCase());
    });
    const main = suffixed ?? mains.find((m) => !/[-\s]/.test(m.slice(h.slice(0, us).length, h.slice(0, us).length + 1))) ?? mains[0];
    if (main) roles.set(h, { role: 'subtask', of: main, name: suffixed ? rest.slice(0, rest.length - (suffixed.length - us)).replace(/[-_\s]+$/, '') : rest });
  }
  return roles;
}

/** The option value of a role (request.choices "column:<header>"). */
function roleValue(r: ColumnRole): string {
  if (r.role === 'subtask') return `subtask:${r.of}`;
  if (r.role === 'attribute') return `attribute:${r.field}:${r.multiplier}`;
  return r.role;
}

function roleFromValue(v: string, header: string, detected: ColumnRole): ColumnRole | null {
  if (v === 'benchmark') return { role: 'benchmark' };
  if (v === 'ignore') return { role: 'ignore', reason: 'you chose to ignore it' };
  const sub = /^subtask:(.+)$/.exec(v);
  if (sub) return { role: 'subtask', of: sub[1]!, name: detected.role === 'subtask' ? detected.name : header };
  const attr = /^attribute:([a-z_]+):([0-9.e+-]+)$/i.exec(v);
  if (attr && attr[1]! in ATTRIBUTE_LABEL && Number.isFinite(Number(attr[2]))) return { role: 'attribute', field: attr[1] as AttributeField, multiplier: Number(attr[2]) };
  return null;
}

function describeRole(r: ColumnRole): string {
  if (r.role === 'benchmark') return 'a benchmark';
  if (r.role === 'subtask') return `subtask "${r.name}" of ${r.of}`;
  if (r.role === 'ignore') return `ignored (${r.reason})`;
  return `${ATTRIBUTE_LABEL[r.field]}${r.multiplier !== 1 ? `, × ${formatMultiplier(r.multiplier)}` : ''}`;
}

function formatMultiplier(m: number): string {
  const e = Math.log10(m);
  return Number.isInteger(e) && e >= 3 ? `10^${e}` : String(m);
}

/** Read a wide table into long-format results plus the model attributes it gives, every column's reading a decision. */
export function convertWide(file: ImportFile, req: ImportArg): ConvertedTable {
  const table = readDelimited(file.fileName, file.text ?? '');
  const { mapping } = mapHeaders(table.headers);
  const modelHeader = table.headers.find((h) => mapping[h] === 'model')!;
  const sourceHeader = table.headers.find((h) => mapping[h] === 'source');
  const detected = detectRoles(table, modelHeader);
  if (sourceHeader) detected.set(sourceHeader, { role: 'ignore', reason: 'it is the source of every row' });
  const choices = req.choices ?? {};
  const decisions: ImportDecision[] = [];
  const roles = new Map<string, ColumnRole>();
  const benchmarkHeaders = [...detected].filter(([, r]) => r.role === 'benchmark').map(([h]) => h);
  for (const [h, d] of detected) {
    const id = `column:${h}`;
    const chosen = (choices[id] !== undefined ? roleFromValue(choices[id], h, d) : null) ?? d;
    roles.set(h, chosen);
    const i = table.headers.indexOf(h);
    const count = table.rows.filter((r) => !isMissing((r.cells[i] ?? '').trim())).length;
    const options: ColumnRole[] = [d, { role: 'benchmark' }, ...benchmarkHeaders.filter((b) => b !== h).map((b) => ({ role: 'subtask' as const, of: b, name: d.role === 'subtask' ? d.name : h })), { role: 'ignore', reason: 'you chose to ignore it' }];
    if (d.role === 'attribute') options.push({ role: 'attribute', field: d.field, multiplier: 1 });
    const seen = new Set<string>();
    decisions.push({
      id,
      kind: 'column',
      subject: h,
      message: `Column "${h}" is read as ${describeRole(chosen)} (${count} value${count === 1 ? '' : 's'}).`,
      count: chosen.role === 'attribute' && chosen.multiplier !== 1 ? count : 0,
      options: options
        .filter((o) => {
          const v = roleValue(o);
          if (seen.has(v)) return false;
          seen.add(v);
          return true;
        })
        .map((o) => ({ value: roleValue(o), label: describeRole(o) })),
      chosen: roleValue(chosen),
      suggested: roleValue(d),
    });
  }
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  const attrs = new TableBuilder(MODEL_COLUMNS);
  const source = req.constants?.source?.trim() || file.fileName.split(/[\\/]/).pop() || file.fileName;
  const modelIndex = table.headers.indexOf(modelHeader);
  const sourceIndex = sourceHeader ? table.headers.indexOf(sourceHeader) : -1;
  const attributeLabels: Record<string, string> = { model: modelHeader };
  for (const [h, r] of roles) if (r.role === 'attribute') attributeLabels[r.field] = h;
  let skipped = 0;
  for (const row of table.rows) {
    const model = (row.cells[modelIndex] ?? '').trim();
    if (!model) {
      if (row.cells.some((c) => c.trim())) t.reject({ line: row.line, column: modelHeader, reason: 'the model cell is empty; the row is skipped' });
      continue;
    }
    const rowSource = sourceIndex >= 0 ? (row.cells[sourceIndex] ?? '').trim() || source : source;
    const attributes: Record<string, string> = {};
    for (const [h, r] of roles) {
      const raw = (row.cells[table.headers.indexOf(h)] ?? '').trim();
      if (isMissing(raw)) {
        if (raw && (r.role === 'benchmark' || r.role === 'subtask')) skipped++;
        continue;
      }
      if (r.role === 'benchmark') t.add(row.line, { model, benchmark: h, score: raw, source: rowSource }, { place: `column "${h}"`, labels: { score: h, model: modelHeader } });
      else if (r.role === 'subtask') t.add(row.line, { model, benchmark: r.of, subtask: r.name, score: raw, source: rowSource }, { place: `column "${h}"`, labels: { score: h, model: modelHeader } });
      else if (r.role === 'attribute') attributes[r.field] = r.multiplier === 1 ? raw : scaled(raw, r.multiplier);
    }
    if (Object.keys(attributes).length) attrs.add(row.line, { model, ...attributes }, { labels: attributeLabels });
  }
  if (skipped) t.warn(`${skipped} cell${skipped === 1 ? '' : 's'} written as "n/a", "-" or similar mean "not evaluated": skipped, not imported.`);
  // The preview's mapping: the model column, the attributes (read into the models table) and a source column.
  t.reads(modelHeader, 'model');
  for (const [h, r] of roles) if (r.role === 'attribute') t.reads(h, r.field);
  if (sourceIndex >= 0) t.reads(table.headers[sourceIndex]!, 'source');
  const out = t.done('wide', 'results', table.headers);
  out.decisions = decisions;
  if (attrs.rows.length) out.models = { columns: attrs.columns, rows: attrs.rows };
  return out;
}

/** A number cell times a header's multiplier, or the cell unchanged for the parser to refuse. */
function scaled(raw: string, multiplier: number): string {
  const p = parseNumberCell(raw);
  if (!p.ok || !p.value || p.value.percent) return raw;
  return String(Number((p.value.value * multiplier).toPrecision(15)));
}
