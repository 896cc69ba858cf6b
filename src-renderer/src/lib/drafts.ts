/**
 * Rows typed or pasted but not saved yet. They keep the text exactly as entered, so a cell that cannot be read
 * still shows what the analyst wrote beside the message saying why; conversion to API values happens on save.
 */
import type { Benchmark } from '../../../src-main/common/domain';
import { resultInput, type ResultInput } from '../../../src-main/common/schemas';
import { convertField, RESULT_VALUE_FIELDS, type ResultField } from './fields';
import { parseTsv, pastedColumns } from './tsv';

export type DraftRow = { _key: number } & Partial<Record<ResultField, string>>;

let nextKey = 1;

export function newDraft(values: Partial<Record<ResultField, string>> = {}): DraftRow {
  return { _key: nextKey++, ...values };
}

/**
 * Draft rows from pasted TSV: by its header row when it has one, else in `fallback` column order (or the order it
 * chooses from the rows). `headerless` says which of the two it was; `width` is the widest row's cell count.
 */
export function draftsFromTsv(
  text: string,
  fallback: ResultField[] | ((rows: string[][]) => ResultField[]),
): { drafts: DraftRow[]; ignored: string[]; headerless: boolean; width: number } {
  const rows = parseTsv(text);
  const { columns, dataStart } = pastedColumns(rows, fallback);
  const ignored = dataStart === 1 ? (rows[0] ?? []).filter((_, i) => columns[i] === null) : [];
  const drafts = rows.slice(dataStart).map((cells) => {
    const values: Partial<Record<ResultField, string>> = {};
    cells.forEach((c, i) => {
      const f = columns[i];
      if (f) values[f] = c.trim();
    });
    return newDraft(values);
  });
  return { drafts, ignored, headerless: dataStart === 0, width: Math.max(0, ...rows.map((r) => r.length)) };
}

/** Find a benchmark by name or alias, as the server does (case-insensitive). */
export function findBenchmark(list: Benchmark[], name: string | undefined): Benchmark | undefined {
  const n = (name ?? '').trim().toLowerCase();
  if (!n) return undefined;
  return list.find((b) => b.name.toLowerCase() === n || b.aliases.some((a) => a.toLowerCase() === n));
}

/**
 * A draft as the API's ResultInput, or the messages per field explaining what is wrong. Runs the same zod
 * schema as the server, so what passes here only fails there for reasons only the server knows.
 */
export function draftToInput(d: DraftRow, benchmarks: Benchmark[]): { input: ResultInput | null; issues: Record<string, string> } {
  const issues: Record<string, string> = {};
  const unit = findBenchmark(benchmarks, d.benchmark)?.unit;
  const obj: Record<string, unknown> = {
    model: (d.model ?? '').trim(),
    benchmark: (d.benchmark ?? '').trim(),
  };
  const subtask = (d.subtask ?? '').trim();
  if (subtask) obj.subtask = subtask;
  for (const f of RESULT_VALUE_FIELDS) {
    const c = convertField(f, d[f] ?? '', unit);
    if (!c.ok) {
      issues[f] = c.message;
      continue;
    }
    if (c.value === null || c.value === '') continue;
    obj[f] = c.value;
  }
  if (!obj.model) issues.model = 'enter the model';
  if (!obj.benchmark) issues.benchmark = 'enter the benchmark';
  if (obj.score === undefined && !issues.score) issues.score = 'enter a score';
  const parsed = resultInput.safeParse(obj);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const f = String(i.path[0] ?? '');
      if (!issues[f]) issues[f] = i.message;
    }
  }
  return { input: Object.keys(issues).length === 0 && parsed.success ? (obj as ResultInput) : null, issues };
}
