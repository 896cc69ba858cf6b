/**
 * OpenCompass summary CSV (summary_<time>.csv, written by opencompass/summarizers/default.py): the header is
 * dataset, version, metric, mode, then one column per model abbreviation; each cell is the score in percent with
 * two decimals, or "-" when that model has no result for that dataset. A row whose version, metric and mode are all
 * "-" is a dataset that was not evaluated at all. One result per (dataset, model) cell.
 */
import { parseNumberCell } from './cells';
import { RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';
import { readDelimited } from './delimited';

export function isOpenCompassHeader(headers: string[]): boolean {
  const h = headers.map((x) => x.trim().toLowerCase());
  return h[0] === 'dataset' && h[1] === 'version' && h[2] === 'metric' && h[3] === 'mode' && h.length > 4;
}

export function convertOpenCompass(file: ImportFile, req: ImportArg): ConvertedTable {
  const table = readDelimited(file.fileName, file.text ?? '');
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  const models = table.headers.slice(4);
  const source = req.constants?.source?.trim() || file.fileName;
  for (const row of table.rows) {
    const [dataset = '', version = '', metric = '', mode = ''] = row.cells.map((c) => c.trim());
    if (!dataset) continue;
    if (version === '-' && metric === '-' && mode === '-') {
      t.warn(`line ${row.line}: dataset ${dataset} has no results (every cell is "-"); skipped.`);
      continue;
    }
    // Scores are printed in percent ("45.67"); a fraction-valued metric would never exceed 1.
    t.traits(dataset, { unit: 'percent', metric: metric || 'accuracy' });
    models.forEach((m, i) => {
      const raw = row.cells[4 + i] ?? '';
      const parsed = parseNumberCell(raw);
      if (parsed.ok && parsed.value === null) return;
      t.add(
        row.line,
        { model: m, benchmark: dataset, score: parsed.ok && parsed.value && !parsed.value.percent ? `${raw.trim()}%` : raw, source, source_kind: 'own-run', notes: `OpenCompass ${metric} (${mode}), prompt ${version}` },
        { place: `row ${dataset}, column ${m}`, labels: { score: m } },
      );
    });
  }
  return t.done('opencompass', 'results', table.headers);
}
