/**
 * The row-reading tools every table import shares: where rows come from (a streamed CSV or a converted file's
 * array), a row's cells by Headroom column (mapped file column or the request's constant), the parsed cells and the
 * issues they raise (each naming the file's own column), the sink of row outcomes, and the job ticker.
 */
import type { CallContext, ImportCounts, ImportRowOutcome, RowIssue } from '../../common/api';
import { zodIssues } from '../dispatch';
import { parseNumberCell, parseTextCell, plainNumberCell, textCellValue, type CellNumber, type Parsed } from './cells';
import type { DelimitedRow } from './delimited';

export type Values = Record<string, string | number | boolean | null>;

/** Rows read on demand, as often as asked: a big CSV is streamed from its text, a converted file's rows are an array. */
export interface RowSource {
  /** Visit every row in order (the row object may be reused between calls); returns how many there were. */
  forEach(visit: (row: DelimitedRow) => void, maxCells?: number): number;
}

export function arraySource(rows: DelimitedRow[]): RowSource {
  return {
    forEach(visit) {
      for (const r of rows) visit(r);
      return rows.length;
    },
  };
}

/**
 * Collects row outcomes without keeping a million of them: counts, every rejection, a sample of each action for the
 * preview table, and the ids of the results the file touched (for the diff against its previous import).
 */
export class OutcomeSink {
  readonly counts: ImportCounts = { add: 0, update: 0, unchanged: 0, reject: 0 };
  /** Rows that repeat an earlier row of the same file and change nothing it did not (ImportPreview.repeated). */
  repeated = 0;
  readonly rejected: RowIssue[] = [];
  readonly sample: ImportRowOutcome[] = [];
  readonly touched = new Set<number>();
  private tracking = false;
  private readonly perAction: Record<ImportRowOutcome['action'], number> = { add: 0, update: 0, unchanged: 0, reject: 0 };
  private buffer: ImportRowOutcome[] = [];
  constructor(private readonly sampleSize: number) {}
  /** Keep the ids of the results rows touch (only the diff against a previous import needs them). */
  trackTouched(): void {
    this.tracking = true;
  }
  wants(action: ImportRowOutcome['action']): boolean {
    return this.perAction[action] < this.sampleSize;
  }
  push(o: ImportRowOutcome, id?: number | null): void {
    this.counts[o.action]++;
    if (o.issues) for (const i of o.issues) this.rejected.push(i);
    if (this.tracking && id !== undefined && id !== null) this.touched.add(id);
    const n = this.perAction[o.action];
    if (n < this.sampleSize) {
      this.perAction[o.action] = n + 1;
      this.sample.push(o);
    }
  }
  /** A row's outcome without building its report when the sample has enough of its kind (a million-row import). */
  count(action: ImportRowOutcome['action'], id: number | null): void {
    this.counts[action]++;
    if (this.tracking && id !== null) this.touched.add(id);
  }
  /** The models and benchmarks importers still push into an array; flushArray takes what they pushed. */
  asArray(): ImportRowOutcome[] {
    return this.buffer;
  }
  flushArray(): void {
    for (const o of this.buffer) {
      const { id, ...rest } = o as ImportRowOutcome & { id?: number };
      this.push(rest, id);
    }
    this.buffer = [];
  }
}

export type CellFn = (row: DelimitedRow, column: string) => string;

/** A row's cell of a Headroom column: the mapped file column, else the request's constant for it, else empty. */
export class CellAccess {
  constructor(
    readonly colIndex: Map<string, number>,
    readonly constants: Record<string, string>,
  ) {}
  /** The file column index of a Headroom column, or -1 when the file lacks it. */
  index(column: string): number {
    return this.colIndex.get(column) ?? -1;
  }
  at(row: DelimitedRow, index: number, column: string): string {
    if (index >= 0) return row.cells[index] ?? '';
    return this.constants[column] ?? '';
  }
  readonly cell: CellFn = (row, column) => this.at(row, this.index(column), column);
}

/** API field names → table column names, so schema issues name the file's own column. */
const FIELD_COLUMN: Record<string, string> = {
  name: 'model',
  releaseDate: 'release_date',
  trainingComputeFlop: 'training_compute_flop',
  trainingTokens: 'training_tokens',
  openWeights: 'open_weights',
  higherIsBetter: 'higher_is_better',
  humanBaseline: 'human_baseline',
  ceilingReason: 'ceiling_reason',
  itemCount: 'items',
  passK: 'pass_k',
  testTimeCompute: 'test_time_compute',
  sourceKind: 'source_kind',
  evaluatedOn: 'date',
};

export function fieldIssues(error: Parameters<typeof zodIssues>[0], line: number, headerOf: Map<string, string>, nameColumn = 'model'): RowIssue[] {
  return zodIssues(error).map((i) => {
    const field = i.path.split('.')[0] ?? '';
    const column = field === 'name' ? nameColumn : (FIELD_COLUMN[field] ?? field);
    return { line, column: headerOf.get(column) ?? column, reason: `${column} ${i.message}` };
  });
}

/** Collects per-cell parse results of one row and the issues they raise, each naming the file's own column. */
export class RowReader {
  readonly issues: RowIssue[] = [];
  // The parsed cells in the order read. The Values object a report shows is built only when one asks: storing into
  // an object by a column name that varies is a slow keyed store (measured in isolation against arrays; figures in
  // docs/formats.md, "Import speed"), and only the sample's and the rejected rows' values are ever reported.
  private readonly columns: string[] = [];
  private readonly parsed: Values[string][] = [];
  private built: Values | null = null;
  get values(): Values {
    if (this.built === null) {
      const v: Values = {};
      for (let i = 0; i < this.columns.length; i++) v[this.columns[i]!] = this.parsed[i]!;
      this.built = v;
    }
    return this.built;
  }
  private keep(column: string, value: Values[string]): void {
    this.columns.push(column);
    this.parsed.push(value);
    this.built = null;
  }
  constructor(
    private readonly row: DelimitedRow,
    private readonly cell: CellFn,
    private readonly headerOf: Map<string, string>,
  ) {}
  label(column: string): string {
    return this.row.labels?.[column] ?? this.headerOf.get(column) ?? column;
  }
  issue(column: string | null, reason: string, value?: string): void {
    const i: RowIssue = { line: this.row.line, column: column === null ? null : this.label(column), reason };
    if (value !== undefined) i.value = value;
    if (this.row.place) i.place = this.row.place;
    this.issues.push(i);
  }
  get<T>(column: string, parse: (raw: string) => Parsed<T>): T | null {
    return this.read(column, this.cell(this.row, column), parse);
  }
  /** Parse a cell already taken from the row. */
  read<T>(column: string, raw: string, parse: (raw: string) => Parsed<T>): T | null {
    if (raw === '') {
      // Empty cells are "no value" for every parser; skipping the parse keeps a million-row import fast.
      return null;
    }
    const r = parse(raw);
    if (!r.ok) {
      this.issue(column, r.reason, raw.trim().slice(0, 80));
      return null;
    }
    const v = r.value as unknown;
    this.keep(column, v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : (v as CellNumber).value);
    return r.value;
  }
  /** read(column, raw, parseTextCell) without the parser's wrapper object. */
  readText(column: string, raw: string): string | null {
    if (raw === '') return null;
    const v = textCellValue(raw);
    if (v === undefined) return this.read(column, raw, parseTextCell);
    this.keep(column, v);
    return v;
  }
  /** read(column, raw, parseNumberCell) without the parser's wrapper object for a plain number. */
  readNumber(column: string, raw: string): CellNumber | null {
    if (raw === '') return null;
    const plain = plainNumberCell(raw);
    if (plain === null) return this.read(column, raw, parseNumberCell);
    this.keep(column, plain.value);
    return plain;
  }
  require(column: string, value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.issues.some((i) => i.column === this.label(column))) this.issue(column, `${column} is empty; it is required`);
    }
  }
}

/** What a cancelled import says: its transaction rolls back. */
export const IMPORT_CANCELLED = 'The import was cancelled; nothing was written.';

/**
 * The call's progress and cancel for one pass over the rows: every 4,096 rows it reports progress and, once the call
 * is cancelled (jobs/cancel, or a client that went away), throws, which rolls the import's transaction back.
 */
export function rowTicker(ctx: CallContext, phase: string, total: number): () => void {
  let n = 0;
  return () => {
    if ((++n & 4095) !== 0) return;
    ctx.cancel.throwIfCancelled(IMPORT_CANCELLED);
    ctx.progress.report(phase, n, total);
  };
}
