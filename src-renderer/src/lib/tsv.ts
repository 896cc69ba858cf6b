/**
 * Blocks copied from a spreadsheet arrive as TSV: tab between cells, newline between rows, and cells holding
 * tabs, newlines or quotes wrapped in double quotes. This reads them, and tells a header row from data.
 */
import type { ResultField } from './fields';

/** Split TSV text into rows of cells; a trailing empty line (spreadsheets add one) is dropped. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
      i++;
      continue;
    }
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += c;
    atCellStart = false;
    i++;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** The order assumed for a pasted block without a header row whose third column is not a number: with a subtask. */
export const PASTE_COLUMNS: ResultField[] = [
  'model',
  'benchmark',
  'subtask',
  'score',
  'stderr',
  'n',
  'shots',
  'cot',
  'passK',
  'testTimeCompute',
  'source',
  'sourceKind',
  'evaluatedOn',
];

/** The same order without the subtask: a headerless block whose third column holds numbers (`gale-5⇥ArithBench⇥95.5`). */
export const PASTE_COLUMNS_NO_SUBTASK: ResultField[] = PASTE_COLUMNS.filter((f) => f !== 'subtask');

/** A cell a spreadsheet shows as a number: 95.5, -0.3, .5, 1e-3, 97.9 %, 1,234.5, 95,5 (a decimal comma). */
export function looksNumeric(cell: string): boolean {
  return /^[-+]?[\d.,]*\d[\d.,]*(e[-+]?\d+)?\s*%?$/i.test(cell.trim());
}

/**
 * The column order of a headerless results block, read from the block itself: when its third column holds a number
 * in every row that fills it, that column is the score (model, benchmark, score, stderr, …); otherwise the third
 * column is a subtask and the fourth the score (model, benchmark, subtask, score, …). A subtask named by a number
 * alone is not told apart from a score this way: such a block needs a header row.
 */
export function headerlessResultColumns(rows: string[][]): ResultField[] {
  const third = rows.map((r) => (r[2] ?? '').trim()).filter((c) => c !== '');
  return third.length > 0 && third.every(looksNumeric) ? PASTE_COLUMNS_NO_SUBTASK : PASTE_COLUMNS;
}

const HEADER_NAMES: Record<string, ResultField> = {
  model: 'model',
  benchmark: 'benchmark',
  subtask: 'subtask',
  score: 'score',
  value: 'score',
  stderr: 'stderr',
  se: 'stderr',
  standarderror: 'stderr',
  n: 'n',
  items: 'n',
  shots: 'shots',
  shot: 'shots',
  cot: 'cot',
  chainofthought: 'cot',
  passk: 'passK',
  'pass@k': 'passK',
  testtimecompute: 'testTimeCompute',
  ttc: 'testTimeCompute',
  effort: 'effort',
  source: 'source',
  sourcekind: 'sourceKind',
  kind: 'sourceKind',
  date: 'evaluatedOn',
  evaluatedon: 'evaluatedOn',
  notes: 'notes',
  note: 'notes',
};

/** The field a header cell names, or null. Spaces, underscores, dashes and case are ignored. */
export function headerField(text: string): ResultField | null {
  const t = text.trim().toLowerCase();
  if (t === 'pass@k') return 'passK';
  return HEADER_NAMES[t.replace(/[\s_\-()]/g, '')] ?? null;
}

/**
 * The columns of a pasted block: from its header row when the first row is one (most of its cells name known
 * columns, including score), else `fallback` (an order, or a function choosing one from the rows). `dataStart` is
 * the index of the first data row.
 */
export function pastedColumns(
  rows: string[][],
  fallback: ResultField[] | ((rows: string[][]) => ResultField[]),
): { columns: (ResultField | null)[]; dataStart: number } {
  const first = rows[0] ?? [];
  const named = first.map(headerField);
  const known = named.filter((f) => f !== null).length;
  const nonEmpty = first.filter((c) => c.trim() !== '').length;
  const looksLikeHeader = known > 0 && known >= Math.ceil(nonEmpty / 2) && first.every((c) => c.trim() === '' || Number.isNaN(Number(c.trim())));
  if (looksLikeHeader) return { columns: named, dataStart: 1 };
  // Rows of a block can be ragged (trailing empty cells dropped); the widest row sets the column count.
  const width = Math.max(...rows.map((r) => r.length));
  const order = typeof fallback === 'function' ? fallback(rows) : fallback;
  return { columns: Array.from({ length: width }, (_, i) => order[i] ?? null), dataStart: 0 };
}
