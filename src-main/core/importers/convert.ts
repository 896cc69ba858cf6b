/**
 * What every format importer produces: a table in Headroom's own long-format columns (one row per result, cells
 * as text), so that every format goes through the very same cell parsers, validation, name resolution and write
 * path as a Headroom CSV. Each row keeps the line it came from and, where a line cannot say it, a place (a JSON
 * path, a markdown cell, an archive member).
 */
import { createHash } from 'node:crypto';
import type { ApiArg, ImportDecision, RowIssue } from '../../common/api';
import type { BenchmarkUnit } from '../../common/domain';
import { ApiError } from '../../common/errors';
import type { TableKind } from '../../common/schemas';
import type { DelimitedRow } from './delimited';

export type ImportArg = ApiArg<'import/preview'>;

export const IMPORT_FORMATS = [
  'headroom-csv', 'lm-eval', 'inspect', 'helm', 'opencompass', 'epoch-runs', 'epoch-external', 'epoch-models', 'epoch-benchmarks',
  'markdown', 'wide',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Traits of a benchmark an import creates, known from the file (a perplexity is "points", lower is better). */
export interface BenchmarkTraits {
  unit?: BenchmarkUnit;
  higherIsBetter?: boolean;
  metric?: string;
}

export interface ConvertedTable {
  format: ImportFormat;
  kind: TableKind;
  /** The file's own headers or top-level fields, for the preview. */
  headers: string[];
  /** Headroom columns of `rows`' cells, in order. */
  columns: readonly string[];
  rows: DelimitedRow[];
  /** Parts of the file the converter could not turn into rows, each with its place and reason. */
  rejected: RowIssue[];
  warnings: string[];
  /** By lower-case benchmark name. */
  benchmarkTraits: Map<string, BenchmarkTraits>;
  /** Readings of the file the preview lists (a wide table's column roles), besides those the import itself makes. */
  decisions?: ImportDecision[];
  /** Model attributes the file gives beside its results (a wide table's release date or parameter columns). */
  models?: { columns: readonly string[]; rows: DelimitedRow[] };
  /**
   * File column → the Headroom column the converter reads it into, for the file's headers it uses (the preview's
   * mapping: what the analyst sees next to each column of the file). Headers it does not use are absent.
   */
  mapping: Record<string, string>;
}

type CellValue = string | number | boolean | null | undefined;

/** Collects converted rows in a fixed column order. */
export class TableBuilder {
  readonly rows: DelimitedRow[] = [];
  readonly rejected: RowIssue[] = [];
  readonly warnings: string[] = [];
  readonly benchmarkTraits = new Map<string, BenchmarkTraits>();
  /** File column → Headroom column, as first read (see ConvertedTable.mapping). */
  private readonly columnUse = new Map<string, string>();
  private readonly index: Map<string, number>;
  constructor(readonly columns: readonly string[]) {
    this.index = new Map(columns.map((c, i) => [c, i]));
  }

  add(line: number, values: Record<string, CellValue>, extra: { place?: string; labels?: Record<string, string> } = {}): void {
    const cells = new Array<string>(this.columns.length).fill('');
    for (const [k, v] of Object.entries(values)) {
      const i = this.index.get(k);
      if (i === undefined) throw new Error(`TableBuilder: unknown column ${k}`);
      cells[i] = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
    }
    const row: DelimitedRow = { line, cells };
    if (extra.place) row.place = extra.place;
    if (extra.labels) {
      row.labels = extra.labels;
      // A label names the file column a cell came from: that column is read into this one.
      for (const [column, header] of Object.entries(extra.labels)) this.reads(header, column);
    }
    this.rows.push(row);
  }

  /** Say that the file's column `header` is read into Headroom's `column` (where no row's labels say it). */
  reads(header: string, column: string): void {
    if (!this.columnUse.has(header)) this.columnUse.set(header, column);
  }

  reject(issue: RowIssue): void {
    this.rejected.push(issue);
  }

  warn(message: string): void {
    if (this.warnings.length < 200) this.warnings.push(message);
  }

  traits(benchmark: string, t: BenchmarkTraits): void {
    const k = benchmark.trim().toLowerCase();
    this.benchmarkTraits.set(k, { ...(this.benchmarkTraits.get(k) ?? {}), ...t });
  }

  done(format: ImportFormat, kind: TableKind, headers: string[]): ConvertedTable {
    // Labels of JSON formats name paths inside the file (scorer.accuracy), not its top-level fields: only the
    // file's own headers are mapped.
    const mapping = Object.fromEntries(headers.filter((h) => this.columnUse.has(h)).map((h) => [h, this.columnUse.get(h)!]));
    return { format, kind, headers, columns: this.columns, rows: this.rows, rejected: this.rejected, warnings: this.warnings, benchmarkTraits: this.benchmarkTraits, mapping };
  }
}

/**
 * The long-format result columns every result converter fills. Every converter states `partial` (empty: the
 * evaluation was complete), so importing a later, complete run of the same file clears an earlier mark.
 */
export const RESULT_TABLE_COLUMNS = [
  'model', 'benchmark', 'subtask', 'score', 'stderr', 'n', 'shots', 'cot', 'pass_k', 'test_time_compute', 'effort', 'source',
  'source_kind', 'date', 'notes', 'partial',
] as const;

/** A file as the importer sees it: text (for text formats) or bytes (zip archives), and its content hash. */
export interface ImportFile {
  fileName: string;
  text: string | null;
  bytes: Uint8Array | null;
  hash: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Lines are counted from 1; `offset` is a character index into the text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Refuse text that is not text: NUL bytes (a binary file sent as text) or U+FFFD replacement characters (bytes
 * that were not UTF-8), naming the line of the first bad character.
 */
export function checkText(fileName: string, text: string): void {
  if (looksUtf16(text)) {
    throw new ApiError('bad-input', `${fileName}, line 1: the file is UTF-16 text (as Excel's "Unicode Text" saves it), not UTF-8. Save it as UTF-8 (CSV UTF-8) and try again.`, { line: 1 });
  }
  if (text.includes('\u0000')) throw new ApiError('bad-input', `${fileName}: this is not a text file (it contains NUL bytes).`);
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    const line = lineAt(text, bad);
    throw new ApiError('bad-input', `${fileName}, line ${line}: the file is not valid UTF-8 text (an unreadable character). Save it as UTF-8 and try again.`, { line });
  }
}

/** UTF-16 read as UTF-8: every other character of the first line is NUL (ASCII text in 16-bit units). */
function looksUtf16(text: string): boolean {
  const head = text.slice(0, 200);
  let nul = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nul++;
  return head.length >= 8 && nul * 3 >= head.length;
}

/** Decode the request's content (text, or base64 for binary files) and hash the file's bytes (SHA-256). */
export function readImportFile(req: Pick<ImportArg, 'fileName' | 'content' | 'encoding'>): ImportFile {
  if (req.encoding === 'base64') {
    const bytes = Buffer.from(req.content, 'base64');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const isZip = bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
    if (isZip) return { fileName: req.fileName, text: null, bytes, hash };
    return { fileName: req.fileName, text: new TextDecoder('utf-8').decode(bytes), bytes, hash };
  }
  return { fileName: req.fileName, text: req.content, bytes: null, hash: createHash('sha256').update(req.content, 'utf8').digest('hex') };
}

/** Parse JSON, or refuse it with the line and column where it breaks (a truncated or damaged file). */
export function parseJson(fileName: string, text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const line = lc ? Number(lc[1]) : pos ? lineAt(text, Number(pos[1])) : lineAt(text, text.length);
    const truncated = /Unexpected end|Unterminated/i.test(msg);
    throw new ApiError(
      'bad-input',
      `${fileName}, line ${line}: not valid JSON${truncated ? ' (the file ends in the middle: it may be truncated)' : ''}: ${msg}`,
      { line },
    );
  }
}

/**
 * The line of a JSON path in pretty-printed text, found by looking for each key in turn after the previous one.
 * Good enough to point a reader at the place; the path itself is exact.
 */
export function jsonLine(text: string, path: (string | number)[]): number {
  let pos = 0;
  for (const seg of path) {
    if (typeof seg === 'number') continue;
    const i = text.indexOf(JSON.stringify(seg), pos);
    if (i < 0) break;
    pos = i;
  }
  return lineAt(text, pos);
}

/** A readable JSON path: results.arc_easy["acc,none"]. */
export function jsonPath(path: (string | number)[]): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? (i ? `.${seg}` : seg) : `[${JSON.stringify(seg)}]`))
    .join('');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A number or a numeric string as cell text; "N/A" and other text pass through for the cell parser to judge. */
export function numText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '1' : '0';
  return JSON.stringify(v);
}

/** The last path segment of a model id: "EleutherAI/pythia-70m" → "pythia-70m", "openai/gpt-4o" → "gpt-4o". */
export function lastSegment(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}
