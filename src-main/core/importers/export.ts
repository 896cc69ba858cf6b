/**
 * Export of results, models and benchmarks in the same long-format columns the importer reads, so an exported
 * file imports back unchanged. Cells that a spreadsheet would run as a formula are neutralized.
 */
import Papa from 'papaparse';
import type { ApiArg } from '../../common/api';
import { listBenchmarks } from '../db/repositories/benchmarks';
import { listModels } from '../db/repositories/models';
import { queryResults } from '../db/repositories/results';
import type { Db } from '../db/open';
import { BENCHMARK_COLUMNS, MODEL_COLUMNS, RESULT_COLUMNS } from './columns';

type Cell = string | number | boolean | null | undefined;

/**
 * Prefix a quote to text that starts with = + - @ (or a tab/CR), which Excel and LibreOffice would evaluate as a
 * formula ("=cmd|' /C calc'!A0"). Numbers are left alone: -0.5 is a number, not a formula.
 */
export function neutralizeFormula(value: Cell): Cell {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toText(rows: Cell[][], header: readonly string[], delimiter: string): string {
  if (delimiter === 'json') {
    // JSON keeps types (numbers, booleans, null) and needs no formula guard: it is never opened by a spreadsheet.
    const objects = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
    return `${JSON.stringify(objects, null, 1)}\n`;
  }
  return Papa.unparse({ fields: [...header], data: rows.map((r) => r.map((c) => neutralizeFormula(c ?? ''))) }, { delimiter, newline: '\n' }) + '\n';
}

export function exportTable(db: Db, req: ApiArg<'export/table'>): { fileName: string; content: string; rows: number } {
  const delimiter = req.format === 'tsv' ? '\t' : req.format === 'json' ? 'json' : ',';
  const ext = req.format ?? 'csv';
  if (req.kind === 'models') {
    const models = listModels(db);
    const rows: Cell[][] = models.map((m) => [
      m.name, m.organization, m.family, m.releaseDate, m.parameters, m.trainingComputeFlop, m.trainingTokens,
      m.openWeights === null ? null : m.openWeights, m.aliases.join(';'), m.notes,
    ]);
    return { fileName: `models.${ext}`, content: toText(rows, MODEL_COLUMNS, delimiter), rows: rows.length };
  }
  if (req.kind === 'benchmarks') {
    const rows: Cell[][] = [];
    for (const b of listBenchmarks(db)) {
      rows.push([
        b.name, null, b.category, b.metric, b.unit, b.higherIsBetter, b.floor, b.ceiling, b.ceilingReason, b.humanBaseline,
        b.releaseDate, b.itemCount, null, b.version, b.description, b.aliases.join(';'),
      ]);
      for (const s of b.subtasks) {
        rows.push([b.name, s.name, null, null, null, null, s.floor, null, null, null, null, s.itemCount, s.weight, null, null, null]);
      }
    }
    return { fileName: `benchmarks.${ext}`, content: toText(rows, BENCHMARK_COLUMNS, delimiter), rows: rows.length };
  }
  const { rows: results } = queryResults(db, { ...(req.query ?? {}), limit: req.query?.limit ?? 1_000_000 });
  const rows: Cell[][] = results.map((r) => [
    r.model, r.benchmark, r.subtask, r.score, r.stderr, r.n, r.shots, r.cot, r.passK, r.testTimeCompute, r.effort,
    r.source, r.sourceKind, r.evaluatedOn, r.notes, r.partial, r.run,
  ]);
  return { fileName: `results.${ext}`, content: toText(rows, RESULT_COLUMNS, delimiter), rows: rows.length };
}
