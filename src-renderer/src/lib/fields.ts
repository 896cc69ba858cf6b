/**
 * Turning text typed or pasted into a grid cell into the values the API expects, with a plain message when the
 * text cannot be read. Checks that only the server can make (does this model exist?) come back as issues with
 * dotted paths, which `issuesByRow` maps back onto the rows and cells the analyst sees.
 */
import { SOURCE_KINDS, type BenchmarkUnit, type SourceKind } from '../../../src-main/common/domain';
import type { FieldIssue } from '../../../src-main/common/errors';

/** The editable value fields of a result, as the API names them. */
export const RESULT_VALUE_FIELDS = [
  'score',
  'stderr',
  'n',
  'shots',
  'cot',
  'passK',
  'testTimeCompute',
  'effort',
  'source',
  'sourceKind',
  'evaluatedOn',
  'notes',
] as const;
export type ResultValueField = (typeof RESULT_VALUE_FIELDS)[number];
export type ResultField = 'model' | 'benchmark' | 'subtask' | ResultValueField;

/** Column headings for grids and messages. */
export const FIELD_LABELS: Record<ResultField, string> = {
  model: 'Model',
  benchmark: 'Benchmark',
  subtask: 'Subtask',
  score: 'Score',
  stderr: 'Stderr',
  n: 'n',
  shots: 'Shots',
  cot: 'CoT',
  passK: 'pass@k',
  testTimeCompute: 'TTC',
  effort: 'Effort',
  source: 'Source',
  sourceKind: 'Source kind',
  evaluatedOn: 'Date',
  notes: 'Notes',
};

export type Converted<T> = { ok: true; value: T } | { ok: false; message: string };

const INT_FIELDS = new Set<ResultField>(['n', 'shots', 'passK']);
const NUMBER_FIELDS = new Set<ResultField>(['score', 'stderr', 'n', 'shots', 'passK', 'testTimeCompute']);

/** Any cell value (string from an editor or paste, or a stored value) as trimmed text. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v).trim();
}

/**
 * A number as analysts write it: "0.85", "1,234", "1e21", and for quantities "70B", "1.5T", "300M".
 * Returns null for empty text and NaN when the text is not a number.
 */
export function parseNumber(text: string, allowSuffix = false): number | null {
  let t = text.trim().replace(/[\u00a0\s_]/g, '');
  if (t === '') return null;
  // Thousands separators only in their unambiguous form, so "0,5" is not silently read as 5.
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  if (allowSuffix) {
    const m = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)([kmbt])$/i.exec(t);
    if (m) {
      const scale = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[m[2]!.toLowerCase() as 'k' | 'm' | 'b' | 't'];
      return Number(m[1]) * scale;
    }
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number.NaN;
  return Number(t);
}

/** yes/no in the spellings spreadsheets use. */
export function parseBool(text: string): Converted<boolean | null> {
  const t = text.trim().toLowerCase();
  if (t === '') return { ok: true, value: null };
  if (['yes', 'y', 'true', 't', '1', 'cot', '✓', 'x'].includes(t)) return { ok: true, value: true };
  if (['no', 'n', 'false', 'f', '0', 'no cot', '-'].includes(t)) return { ok: true, value: false };
  return { ok: false, message: 'write yes or no' };
}

export function parseSourceKind(text: string): Converted<SourceKind | null> {
  const t = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (t === '') return { ok: true, value: null };
  const aliases: Record<string, SourceKind> = { lab: 'lab-reported', reported: 'lab-reported', 'third-party': 'third-party', thirdparty: 'third-party', external: 'third-party', own: 'own-run', ours: 'own-run', 'own-run': 'own-run', 'lab-reported': 'lab-reported' };
  const v = aliases[t] ?? (SOURCE_KINDS as readonly string[]).find((k) => k === t);
  return v ? { ok: true, value: v as SourceKind } : { ok: false, message: `must be one of ${SOURCE_KINDS.join(', ')}` };
}

/**
 * One result field from cell text. Empty text means "not stated" (null). `unit` lets "85%" be read in the
 * benchmark's own unit (0.85 for a fraction benchmark).
 */
export function convertField(field: ResultField, raw: unknown, unit?: BenchmarkUnit): Converted<unknown> {
  if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: raw };
  const text = cellText(raw);
  if (field === 'cot') return parseBool(text);
  if (field === 'sourceKind') return parseSourceKind(text);
  if (NUMBER_FIELDS.has(field)) {
    if (text === '') return { ok: true, value: null };
    let t = text;
    let percent = false;
    if (field === 'score' && t.endsWith('%')) {
      percent = true;
      t = t.slice(0, -1);
    }
    let v = parseNumber(t, field === 'testTimeCompute');
    if (v === null || Number.isNaN(v)) return { ok: false, message: `"${text}" is not a number` };
    if (percent) {
      if (unit === 'points') return { ok: false, message: 'this benchmark is scored in points, not percent' };
      if (unit === 'fraction') v = v / 100;
    }
    if (INT_FIELDS.has(field) && !Number.isInteger(v)) return { ok: false, message: 'must be a whole number' };
    return { ok: true, value: v };
  }
  if (field === 'evaluatedOn') {
    if (text === '') return { ok: true, value: null };
    // Spreadsheets often write 2024/03/05; the API wants 2024-03-05.
    return { ok: true, value: /^\d{4}\/\d{2}\/\d{2}$/.test(text) ? text.replace(/\//g, '-') : text };
  }
  if (field === 'source') return { ok: true, value: text };
  return { ok: true, value: text === '' ? null : text };
}

/** Per-row, per-field messages, keyed by the row's position in the batch that was sent. */
export type RowIssues = Map<number, Record<string, string>>;

/**
 * Group issues whose paths look like `<prefix>.<index>.<field>` by index. Issues on the whole row (no field)
 * are kept under the key "" so they can be shown on the row; anything else is returned in `other`.
 */
export function issuesByRow(issues: FieldIssue[], prefix: string): { rows: RowIssues; other: FieldIssue[] } {
  const rows: RowIssues = new Map();
  const other: FieldIssue[] = [];
  for (const issue of issues) {
    const parts = issue.path.split('.');
    if (parts[0] !== prefix || parts.length < 2 || !/^\d+$/.test(parts[1] ?? '')) {
      other.push(issue);
      continue;
    }
    const index = Number(parts[1]);
    const field = parts[2] ?? '';
    const rec = rows.get(index) ?? {};
    rec[field] = rec[field] ? `${rec[field]}; ${issue.message}` : issue.message;
    rows.set(index, rec);
  }
  return { rows, other };
}

/** Issues whose paths start with `<prefix>.` as field → message (e.g. `model.releaseDate`). */
export function issuesByField(issues: FieldIssue[], prefix: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const parts = issue.path.split('.');
    let field: string | undefined;
    if (prefix === null) field = parts[0];
    else if (parts[0] === prefix) field = parts[1];
    if (field === undefined) continue;
    out[field] = out[field] ? `${out[field]}; ${issue.message}` : issue.message;
  }
  return out;
}

/** Format a stored number for a cell: enough digits to tell scores apart, no float noise. */
export function formatNumber(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return Math.abs(v) >= 1e7 ? v.toExponential(2) : v.toLocaleString('en-US');
  if (Math.abs(v) >= 1e7 || (Math.abs(v) < 1e-4 && v !== 0)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

/** Quantities like parameters and FLOP, compactly: 7e10 → "70B", 3.1e25 → "3.1e25". */
export function formatQuantity(v: number | null): string {
  if (v === null) return '';
  if (v >= 1e15) return v.toExponential(2).replace('e+', 'e');
  for (const [scale, suffix] of [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ] as const) {
    if (v >= scale) return `${Number((v / scale).toPrecision(3))}${suffix}`;
  }
  return String(v);
}
