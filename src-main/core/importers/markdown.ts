/**
 * Markdown tables pasted from READMEs and papers (GitHub pipe tables). Two shapes:
 * - models as rows, benchmarks as columns (openai/simple-evals): the first header is "Model"; a "Prompt" or
 *   "Shots" column is a setting, every other column a benchmark;
 * - models as columns (a per-language or per-subject table): the first column names subtasks of one benchmark
 *   (constants.benchmark, else the document's first heading), an "Average"/"Overall" row is the benchmark itself.
 * Cells are cleaned of what people decorate numbers with: bold, backticks, links, footnote markers ([^5], *, †),
 * <br>. "n/a", "-" and empty cells are no result. A row without any number is a section heading ("**o3**",
 * "REFERENCE") and is skipped with a note. Header text in parentheses gives the setting: "DROP (F1, 3-shot)" is
 * benchmark DROP at 3 shots; a trailing "%" ("MMLU%") is a unit marker, not part of the name.
 */
import { parseNumberCell } from './cells';
import { RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';

const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const MODEL_HEADERS = new Set(['model', 'models', 'model name', 'name', 'system']);
const AGGREGATE_ROWS = new Set(['average', 'avg', 'overall', 'mean', 'total', 'all']);

export function looksLikeMarkdown(fileName: string, text: string): boolean {
  if (/\.(md|markdown)$/i.test(fileName)) return true;
  const lines = text.split('\n', 200);
  return lines.some((l, i) => i > 0 && l.includes('-') && SEPARATOR.test(l) && (lines[i - 1] ?? '').includes('|'));
}

/** Split a table row on pipes that are not escaped ("\|") and not inside backticks. */
export function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  let code = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (ch === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '`') {
      code = !code;
      cur += ch;
    } else if (ch === '|' && !code) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** Cell text without decoration, plus the first link target if the cell held a link. */
export function cleanCell(raw: string): { text: string; url: string | null } {
  let url: string | null = null;
  let t = raw.replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, (_m, text: string, href: string) => {
    url ??= href;
    return text;
  });
  t = t
    .replace(/\[\^[^\]]*\]/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/[`]/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/[🥇🥈🥉]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  // Footnote markers after a value: "45.3*", "12.1†", "88.0¹".
  t = t.replace(/^(.*?\d)\s*[*†‡§¹²³⁴⁵⁶⁷⁸⁹]+$/u, '$1');
  return { text: t, url };
}

/** "DROP (F1, 3-shot)" → { name: "DROP", shots: 3, detail: "F1, 3-shot" }; "MMLU%" → { name: "MMLU" }. */
export function parseBenchmarkHeader(header: string): { name: string; shots: number | null; detail: string | null } {
  const m = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(header);
  const name = (m ? m[1]! : header).replace(/\s*%$/, '').trim();
  const detail = m ? m[2]!.trim() : null;
  const shots = detail ? /(\d+)\s*-?\s*shot/i.exec(detail) : null;
  return { name: name || header, shots: shots ? Number(shots[1]) : null, detail };
}

interface Table {
  headerLine: number;
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

function findTables(text: string): { tables: Table[]; heading: string | null } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tables: Table[] = [];
  let heading: string | null = null;
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
    if (fenced) continue;
    if (heading === null && /^#\s+\S/.test(l)) heading = l.replace(/^#\s+/, '').trim();
    const next = lines[i + 1];
    if (!l.includes('|') || next === undefined || !SEPARATOR.test(next) || !next.includes('-')) continue;
    const table: Table = { headerLine: i + 1, headers: splitRow(l).map((h) => cleanCell(h).text), rows: [] };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.includes('|') && lines[j]!.trim() !== ''; j++) table.rows.push({ line: j + 1, cells: splitRow(lines[j]!) });
    tables.push(table);
    i = j - 1;
  }
  return { tables, heading };
}

const isNumeric = (text: string): boolean => {
  const p = parseNumberCell(text);
  return p.ok && p.value !== null;
};

const MISSING = /^(n\/?a|-|—|–|)$/i;

export function convertMarkdown(file: ImportFile, req: ImportArg): ConvertedTable {
  const text = file.text ?? '';
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  const { tables, heading } = findTables(text);
  const baseSource = req.constants?.source?.trim() || file.fileName;
  const allHeaders: string[] = [];
  if (!tables.length) t.warn(`${file.fileName}: no markdown table found (a header row, then a row of dashes like |---|---|).`);

  for (const table of tables) {
    allHeaders.push(...table.headers);
    const first = (table.headers[0] ?? '').trim().toLowerCase();
    if (MODEL_HEADERS.has(first)) modelsAsRows(t, table, baseSource);
    else modelsAsColumns(t, table, baseSource, req.constants?.benchmark?.trim() || benchmarkFromHeading(heading, file.fileName));
  }
  return t.done('markdown', 'results', allHeaders);
}

function benchmarkFromHeading(heading: string | null, fileName: string): string {
  const h = heading?.replace(/\s+(benchmark\s+)?results?$/i, '').trim();
  if (h) return h;
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]+$/, '');
}

function extraCellsWarning(t: TableBuilder, table: Table, row: { line: number; cells: string[] }): void {
  const extra = row.cells.slice(table.headers.length).map((c) => cleanCell(c).text).filter((c) => c !== '');
  if (extra.length) t.warn(`line ${row.line}: the row has ${row.cells.length} cells but the header ${table.headers.length}; ignored ${extra.map((e) => `"${e}"`).join(', ')}.`);
}

function modelsAsRows(t: TableBuilder, table: Table, baseSource: string): void {
  const settingCol = (h: string) => /^(prompt|shots|n-shot|setting)$/i.test(h.trim());
  const columns = table.headers.map((h, i) => ({ i, header: h, ...parseBenchmarkHeader(h) })).filter((c) => c.i > 0 && !settingCol(c.header) && c.header !== '');
  const promptIdx = table.headers.findIndex((h) => /^prompt$/i.test(h.trim()));
  const shotsIdx = table.headers.findIndex((h) => /^(shots|n-shot)$/i.test(h.trim()));
  for (const row of table.rows) {
    const cells = row.cells.map(cleanCell);
    const nameCell = cells[0] ?? { text: '', url: null };
    const values = columns.map((c) => ({ c, raw: cells[c.i]?.text ?? '' }));
    if (!values.some((v) => isNumeric(v.raw))) {
      if (nameCell.text) t.warn(`line ${row.line}: "${nameCell.text}" has no numbers; read as a section heading and skipped.`);
      continue;
    }
    extraCellsWarning(t, table, row);
    // "Claude-3-Opus (rerun w/ api)": the remark in parentheses describes the number, not the model.
    const m = /^(.*\S)\s+\((.*)\)$/.exec(nameCell.text);
    const model = m ? m[1]! : nameCell.text;
    const remark = m ? m[2]! : null;
    const prompt = promptIdx >= 0 ? (cells[promptIdx]?.text ?? '') : '';
    const meaningfulPrompt = prompt && !/^(n\/a|unknown|-|none)$/i.test(prompt);
    const source = meaningfulPrompt ? `${baseSource} (prompt: ${prompt})` : baseSource;
    const rowShots = shotsIdx >= 0 ? (cells[shotsIdx]?.text ?? '') : '';
    for (const { c, raw } of values) {
      if (MISSING.test(raw.trim())) continue;
      t.add(
        row.line,
        {
          model,
          benchmark: c.name,
          score: raw,
          shots: rowShots || c.shots,
          source,
          notes: [remark, c.detail ? `column "${c.header}"` : null, nameCell.url].filter(Boolean).join('; '),
        },
        { place: `row "${nameCell.text}", column "${c.header}"`, labels: { score: c.header, model: table.headers[0] ?? 'Model' } },
      );
    }
  }
}

function modelsAsColumns(t: TableBuilder, table: Table, baseSource: string, benchmark: string): void {
  const models = table.headers.map((h, i) => ({ i, model: h })).filter((m) => m.i > 0 && m.model !== '');
  for (const row of table.rows) {
    const cells = row.cells.map(cleanCell);
    const label = cells[0]?.text ?? '';
    const values = models.map((m) => ({ m, raw: cells[m.i]?.text ?? '' }));
    if (!values.some((v) => isNumeric(v.raw))) {
      if (label) t.warn(`line ${row.line}: "${label}" has no numbers; read as a section heading and skipped.`);
      continue;
    }
    extraCellsWarning(t, table, row);
    const subtask = AGGREGATE_ROWS.has(label.toLowerCase()) ? null : label;
    for (const { m, raw } of values) {
      if (MISSING.test(raw.trim())) continue;
      t.add(
        row.line,
        { model: m.model, benchmark, subtask, score: raw, source: baseSource },
        { place: `row "${label}", column "${m.model}"`, labels: { score: m.model } },
      );
    }
  }
}
