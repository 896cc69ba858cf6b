/**
 * Reading CSV/TSV text into rows that remember the line each started on (papaparse does the parsing; we keep line
 * numbers so every rejection can name its line, including rows whose quoted cells span several lines).
 */
import Papa from 'papaparse';
import { ApiError } from '../../common/errors';

export interface DelimitedRow {
  /** 1-based line where the row starts in the file (the header is line 1 when it is the first line). */
  line: number;
  cells: string[];
  /** Where in the file, for formats whose lines do not say it (JSON path, markdown cell, archive member). */
  place?: string;
  /** The file's own name for a column of this row, when it differs per row (a markdown column header, a JSON key). */
  labels?: Record<string, string>;
}

export interface DelimitedTable {
  delimiter: string;
  headers: string[];
  headerLine: number;
  rows: DelimitedRow[];
}

/** Guess the delimiter from the first line: tab, semicolon or comma, whichever splits it most. */
export function guessDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const counts: [string, number][] = ['\t', ';', ','].map((d) => [d, first.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0] && counts[0][1] > 0 ? counts[0][0] : ',';
}

/**
 * Parse delimited text. Blank lines are skipped; the first non-blank line is the header.
 * Throws 'bad-input' naming the file and the place for text that cannot be a table: binary content, text that was
 * not UTF-8 (replacement characters), an unterminated quote, or no header at all.
 */
export function readDelimited(fileName: string, content: string): DelimitedTable {
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.includes('\u0000')) {
    throw new ApiError('bad-input', `${fileName}: this is not a text file (it contains NUL bytes).`);
  }
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    const line = text.slice(0, bad).split('\n').length;
    throw new ApiError('bad-input', `${fileName}, line ${line}: the file is not valid UTF-8 text (an unreadable character). Save it as UTF-8 and try again.`, {
      line,
    });
  }
  text = text.replace(/\r\n?/g, '\n');
  const delimiter = guessDelimiter(text);
  const rows: DelimitedRow[] = [];
  let line = 1;
  let consumed = 0;
  const errors: Papa.ParseError[] = [];
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      const cells = result.data;
      if (result.errors.length) errors.push(...result.errors.map((e) => ({ ...e, row: line })));
      if (!(cells.length === 1 && cells[0]?.trim() === '') && cells.length > 0) rows.push({ line, cells });
      // papaparse's cursor points past the row's terminator: newlines inside quoted cells and the terminator
      // itself all move the line counter.
      for (let i = consumed; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      consumed = end;
    },
  });
  const quoteError = errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new ApiError('bad-input', `${fileName}, line ${quoteError.row ?? '?'}: a quoted cell is never closed (the file may be truncated).`, {
      line: quoteError.row,
    });
  }
  const header = rows.shift();
  if (!header) throw new ApiError('bad-input', `${fileName}: the file is empty; a header line is needed.`);
  return { delimiter, headers: header.cells.map((h) => h.trim()), headerLine: header.line, rows };
}
