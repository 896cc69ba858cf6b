/**
 * OpenCompass summaries, as opencompass/summarizers/default.py (DefaultSummarizer._output_to_file) writes them for
 * one run: summary_<time>.csv, summary_<time>.md (a pipe table) and summary_<time>.txt (the same table as tabulate
 * prints it, then csv, markdown and raw sections), and the plain-text table the docs show. All hold one table: the
 * header is dataset, version, metric, mode, then one column per model abbreviation; each cell is the score in percent
 * with two decimals, or "-" when that model has no result for that dataset. A row whose version, metric and mode
 * are all "-" is a dataset that was not evaluated at all. One result per (dataset, model) cell.
 */
import { parseNumberCell } from './cells';
import { RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';
import { readDelimited, type DelimitedTable } from './delimited';
import { splitRow } from './markdown';

const HEAD = ['dataset', 'version', 'metric', 'mode'];

export function isOpenCompassHeader(headers: string[]): boolean {
  const h = headers.map((x) => x.trim().toLowerCase());
  return HEAD.every((name, i) => h[i] === name) && h.length > HEAD.length;
}

/** How far into a file the summary table's header may start (the .txt puts a time and a title before it). */
const HEAD_WITHIN_LINES = 20;
const MD_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$/;
const DASHES = /^\s*-+(\s+-+)+\s*$/;

/**
 * The summary table of a markdown or plain-text OpenCompass summary, with each row's line in the file, or null when
 * the text holds none (the CSV goes through readDelimited). The markdown table is OpenCompass's `| dataset | version
 * | metric | mode | <models> |` under `|----- | ----- |...`; the plain-text one is tabulate's "simple" layout, whose
 * line of dashes marks where each column starts and ends (cells are padded within those spans, numbers to the right).
 */
export function openCompassTextTable(text: string): DelimitedTable | null {
  // Every text import passes here, a million-line CSV too: look at its first lines only, and split the whole text
  // only for a table found there.
  let end = 0;
  for (let k = 0; k <= HEAD_WITHIN_LINES && end >= 0; k++) end = text.indexOf('\n', end + 1);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/^\ufeff/, '').split(/\r?\n/);
  let lines: string[] | null = null;
  const all = (): string[] => (lines ??= text.replace(/^\ufeff/, '').split(/\r?\n/));
  for (let i = 0; i < Math.min(head.length - 1, HEAD_WITHIN_LINES); i++) {
    const line = head[i]!;
    const next = head[i + 1]!;
    if (line.includes('|') && MD_SEPARATOR.test(next)) {
      const headers = splitRow(line).map((c) => c.trim());
      if (!isOpenCompassHeader(headers)) return null;
      const rows = [];
      const ls = all();
      for (let j = i + 2; j < ls.length && ls[j]!.includes('|'); j++) rows.push({ line: j + 1, cells: splitRow(ls[j]!).map((c) => c.trim()) });
      return { delimiter: '|', headers, headerLine: i + 1, rows };
    }
    if (DASHES.test(next) && isOpenCompassHeader(line.trim().split(/\s+/))) {
      const spans = [...next.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
      const cut = (l: string) => spans.map(([a, b], k) => l.slice(a, k === spans.length - 1 ? undefined : b).trim());
      const rows = [];
      const ls = all();
      // The table ends at a blank line (or the .txt's line of "$" that closes the section).
      for (let j = i + 2; j < ls.length && ls[j]!.trim() !== '' && !/^\$+$/.test(ls[j]!.trim()); j++) rows.push({ line: j + 1, cells: cut(ls[j]!) });
      return { delimiter: ' ', headers: cut(line), headerLine: i + 1, rows };
    }
  }
  return null;
}

/** Convert an OpenCompass summary: `table` is the markdown or text table when there is one, else the file is the CSV. */
export function convertOpenCompass(file: ImportFile, req: ImportArg, table: DelimitedTable = readDelimited(file.fileName, file.text ?? '')): ConvertedTable {
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  const models = table.headers.slice(HEAD.length);
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
    // A summary group's average (musr_average) has no prompt of its own: its version is "-".
    const notes = `OpenCompass ${metric} (${mode})${version && version !== '-' ? `, prompt ${version}` : ''}`;
    models.forEach((m, i) => {
      const raw = row.cells[HEAD.length + i] ?? '';
      const parsed = parseNumberCell(raw);
      if (parsed.ok && parsed.value === null) return;
      t.add(
        row.line,
        { model: m, benchmark: dataset, score: parsed.ok && parsed.value && !parsed.value.percent ? `${raw.trim()}%` : raw, source, source_kind: 'own-run', notes },
        { place: `row ${dataset}, column ${m}`, labels: { score: m } },
      );
    });
  }
  return t.done('opencompass', 'results', table.headers);
}
