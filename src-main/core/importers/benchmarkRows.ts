/** The benchmarks table of an import: one benchmark (or one subtask of it) per row; empty cells keep what is stored. */
import type { ImportRowOutcome } from '../../common/api';
import type { BenchmarkUnit } from '../../common/domain';
import { ApiError } from '../../common/errors';
import { benchmarkInput } from '../../common/schemas';
import { findCatalogEntry } from '../catalog/benchmarkCatalog';
import { findBenchmarkId, findSubtaskId, getBenchmark, upsertBenchmark, upsertSubtask } from '../db/repositories/benchmarks';
import type { Db } from '../db/open';
import type { Created } from '../ingest/results';
import { parseBoolCell, parseDateCell, parseIntCell, parseNumberCell, parseTextCell } from './cells';
import type { DelimitedRow } from './delimited';
import { fieldIssues, RowReader, type CellFn } from './rows';

export function benchmarkRows(db: Db, rows: DelimitedRow[], cell: CellFn, headerOf: Map<string, string>, created: Created, out: ImportRowOutcome[]): void {
  const UNITS = new Set(['fraction', 'percent', 'points']);
  for (const row of rows) {
    const r = new RowReader(row, cell, headerOf);
    const name = r.get('benchmark', parseTextCell);
    const subtask = r.get('subtask', parseTextCell);
    const category = r.get('category', parseTextCell);
    const metric = r.get('metric', parseTextCell);
    const unitText = r.get('unit', parseTextCell);
    const hib = r.get('higher_is_better', parseBoolCell);
    const floor = r.get('floor', parseNumberCell);
    const ceiling = r.get('ceiling', parseNumberCell);
    const ceilingReason = r.get('ceiling_reason', parseTextCell);
    const human = r.get('human_baseline', parseNumberCell);
    const releaseDate = r.get('release_date', parseDateCell);
    const items = r.get('items', (t) => parseIntCell(t, 1));
    const weight = r.get('weight', parseNumberCell);
    const version = r.get('version', parseTextCell);
    const description = r.get('description', parseTextCell);
    r.require('benchmark', name);
    if (unitText !== null && !UNITS.has(unitText.toLowerCase())) {
      r.issues.push({ line: row.line, column: headerOf.get('unit') ?? 'unit', reason: `"${unitText}" is not a unit (fraction, percent or points)`, value: unitText });
    }
    if (r.issues.length || !name) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: r.issues });
      continue;
    }
    const anyPercent = [floor, ceiling, human].some((v) => v?.percent);
    const unit = (unitText?.toLowerCase() as BenchmarkUnit | undefined) ?? (anyPercent || (ceiling?.value ?? 0) > 1 ? 'percent' : undefined);
    try {
      let benchId = findBenchmarkId(db, name);
      // A spelling the benchmark catalog knows under another name (Epoch AI's "ARC AI2" is ARC-Challenge) describes
      // that stored benchmark, as in a results file; the row says so in its changes. Never creates it under the catalog
      // name: only an existing benchmark is found this way.
      let readAs: string | null = null;
      if (benchId === null) {
        const entry = findCatalogEntry(name);
        const stored = entry ? [entry.name, ...entry.aliases].map((n) => findBenchmarkId(db, n)).find((id) => id !== null) : undefined;
        if (entry && stored != null) {
          benchId = stored;
          readAs = `read as ${getBenchmark(db, stored).name}, the benchmark catalog's name for "${name}"`;
        }
      }
      if (subtask !== null) {
        if (benchId === null) {
          benchId = upsertBenchmark(db, { name, ...(unit ? { unit } : {}) });
          created.benchmarks.push(name);
        }
        const existing = findSubtaskId(db, benchId, subtask);
        const input = {
          benchmarkId: benchId,
          name: subtask,
          ...(items !== null ? { itemCount: items } : {}),
          ...(floor !== null ? { floor: floor.value } : {}),
          ...(weight !== null ? { weight: weight.value } : {}),
        };
        if (existing === null) {
          upsertSubtask(db, input);
          created.subtasks.push(`${name} / ${subtask}`);
          out.push({ line: row.line, action: 'add', values: r.values });
        } else {
          const before = getBenchmark(db, benchId).subtasks.find((s) => s.id === existing);
          const changes: string[] = [];
          if (input.itemCount !== undefined && input.itemCount !== before?.itemCount) changes.push(`items: ${before?.itemCount ?? '∅'} → ${input.itemCount}`);
          if (input.floor !== undefined && input.floor !== before?.floor) changes.push(`floor: ${before?.floor ?? '∅'} → ${input.floor}`);
          if (input.weight !== undefined && input.weight !== before?.weight) changes.push(`weight: ${before?.weight ?? '∅'} → ${input.weight}`);
          if (changes.length) upsertSubtask(db, { ...input, id: existing });
          out.push({ line: row.line, action: changes.length ? 'update' : 'unchanged', values: r.values, ...(changes.length ? { changes } : {}) });
        }
        continue;
      }
      const input = {
        name,
        ...(category !== null ? { category } : {}),
        ...(metric !== null ? { metric } : {}),
        ...(unit ? { unit } : {}),
        ...(hib !== null ? { higherIsBetter: hib } : {}),
        ...(floor !== null ? { floor: floor.value } : {}),
        ...(ceiling !== null ? { ceiling: ceiling.value } : {}),
        ...(ceilingReason !== null ? { ceilingReason } : {}),
        ...(human !== null ? { humanBaseline: human.value } : {}),
        ...(releaseDate !== null ? { releaseDate } : {}),
        ...(items !== null ? { itemCount: items } : {}),
        ...(version !== null ? { version } : {}),
        ...(description !== null ? { description } : {}),
      };
      const valid = benchmarkInput.safeParse(input);
      if (!valid.success) {
        out.push({ line: row.line, action: 'reject', values: r.values, issues: fieldIssues(valid.error, row.line, headerOf, 'benchmark') });
        continue;
      }
      if (benchId === null) {
        upsertBenchmark(db, input);
        created.benchmarks.push(name);
        out.push({ line: row.line, action: 'add', values: r.values });
        continue;
      }
      const before = getBenchmark(db, benchId);
      const changes: string[] = [];
      const cmp = (field: string, old: unknown, now: unknown) => {
        if (now !== undefined && now !== old) changes.push(`${field}: ${old ?? '∅'} → ${now}`);
      };
      cmp('category', before.category, input.category);
      cmp('metric', before.metric, input.metric);
      cmp('unit', before.unit, input.unit);
      cmp('higher_is_better', before.higherIsBetter, input.higherIsBetter);
      cmp('floor', before.floor, input.floor);
      cmp('ceiling', before.ceiling, input.ceiling);
      cmp('ceiling_reason', before.ceilingReason, input.ceilingReason);
      cmp('human_baseline', before.humanBaseline, input.humanBaseline);
      cmp('release_date', before.releaseDate, input.releaseDate);
      cmp('items', before.itemCount, input.itemCount);
      cmp('version', before.version, input.version);
      cmp('description', before.description, input.description);
      if (changes.length) upsertBenchmark(db, { ...input, id: benchId, name: before.name });
      const said = readAs ? [readAs, ...changes] : changes;
      out.push({ line: row.line, action: changes.length ? 'update' : 'unchanged', values: r.values, ...(said.length ? { changes: said } : {}) });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      out.push({ line: row.line, action: 'reject', values: r.values, issues: [{ line: row.line, column: null, reason: e.message }] });
    }
  }
}
