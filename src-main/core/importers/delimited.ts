/**
 * Reading CSV/TSV text into rows that remember the line each started on, so every rejection can name its line,
 * including rows whose quoted cells span several lines.
 *
 * Big files are read as a stream of rows (`openDelimited(...).forEach`), never held as a million parsed rows: a line
 * without a quote character is split on the delimiter directly (the common case, and exactly what papaparse does
 * with such a line); a line with a quote is handed to papaparse, one row at a time, so quoted cells, doubled quotes
 * and cells running over several lines are read by papaparse's rules. `readDelimited` materialises every row for
 * the small outside formats that want an array.
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

const NEWLINE = 10;
const QUOTE = 34;

/**
 * A delimited file opened for reading: its delimiter and header are known, its rows are read on demand, as often
 * as asked (an importer reads a big file twice: once for what it needs to know about the whole file, once to write).
 */
export class DelimitedReader {
  readonly headers: string[];
  readonly headerLine: number;
  /** Offset and line of the first row after the header. */
  private readonly bodyStart: number;
  private readonly bodyLine: number;

  constructor(
    readonly fileName: string,
    private readonly text: string,
    readonly delimiter: string,
  ) {
    let header: DelimitedRow | null = null;
    let end = 0;
    let endLine = 1;
    this.scan(0, 1, 0, (row, next, nextLine) => {
      header = { line: row.line, cells: row.cells.slice() };
      end = next;
      endLine = nextLine;
      return false;
    });
    const h = header as DelimitedRow | null;
    if (!h) throw new ApiError('bad-input', `${fileName}: the file is empty; a header line is needed.`);
    this.headers = h.cells.map((c) => c.trim());
    this.headerLine = h.line;
    this.bodyStart = end;
    this.bodyLine = endLine;
  }

  /**
   * Call `visit` with each row after the header, in file order. The row object and its cells array are reused from
   * one call to the next: copy what you keep. `maxCells` > 0 stops splitting a line without quotes after that many
   * cells (a pass that reads only the first columns; the cells after them are then missing). Blank lines are skipped. Throws 'bad-input' for a quoted cell that is
   * never closed, naming the line where its row starts.
   */
  forEach(visit: (row: DelimitedRow) => void, maxCells = 0): number {
    let count = 0;
    this.scan(this.bodyStart, this.bodyLine, maxCells, (row) => {
      count++;
      visit(row);
      return true;
    });
    return count;
  }

  /** Every row, as separate objects. */
  rows(): DelimitedRow[] {
    const out: DelimitedRow[] = [];
    this.forEach((r) => out.push({ line: r.line, cells: r.cells.slice() }));
    return out;
  }

  private scan(start: number, startLine: number, maxCells: number, visit: (row: DelimitedRow, next: number, nextLine: number) => boolean): void {
    const text = this.text;
    const n = text.length;
    const d = this.delimiter;
    const row: DelimitedRow = { line: 0, cells: [] };
    const cells = row.cells;
    let pos = start;
    let line = startLine;
    // Next quote and next delimiter at or after pos, kept so that each search covers new text only (a file with
    // one column, or no quotes at all, must not be searched to its end on every line).
    let nextQuote = text.indexOf('"', pos);
    let nextDelim = text.indexOf(d, pos);
    // A one-character delimiter (always, for files openDelimited reads): split by walking the line's characters once.
    const dc = d.length === 1 ? d.charCodeAt(0) : -1;
    while (pos < n) {
      let next = 0;
      let nextLine = 0;
      let truncated = false;
      // Whether the one-pass split below read the row; if not (no such split, or a quote), the general path does.
      let split = false;
      if (dc >= 0 && (nextQuote < 0 || nextQuote >= pos)) {
        // One pass over the characters: cells end at the delimiter, the row at the newline; a quote sends the
        // line to papaparse below. (An indexOf per cell cost more than this walk: bench/import.ts; docs/formats.md,
        // "Import speed".)
        cells.length = 0;
        let from = pos;
        let i = pos;
        let quoted = false;
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c === dc) {
            cells.push(text.slice(from, i));
            from = i + 1;
            if (maxCells > 0 && cells.length >= maxCells) {
              truncated = true;
              break;
            }
          } else if (c === NEWLINE) break;
          else if (c === QUOTE) {
            quoted = true;
            break;
          }
        }
        if (truncated) {
          // The rest of the line is not split, but a quote in it may open a cell that runs over several lines.
          let nl = text.indexOf('\n', i);
          if (nl < 0) nl = n;
          if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
          if (nextQuote >= 0 && nextQuote < nl) quoted = true;
          else i = nl;
        } else if (quoted) nextQuote = i;
        else cells.push(text.slice(from, i));
        if (!quoted) {
          next = i + 1;
          nextLine = line + 1;
          split = true;
        } else truncated = false;
      }
      if (!split) {
        let nl = text.indexOf('\n', pos);
        if (nl < 0) nl = n;
        if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
        if (nextQuote < 0 || nextQuote >= nl) {
          // No quote on this line: split on the delimiter.
          cells.length = 0;
          let from = pos;
          for (;;) {
            if (nextDelim >= 0 && nextDelim < from) nextDelim = text.indexOf(d, from);
            if (nextDelim < 0 || nextDelim >= nl) {
              cells.push(text.slice(from, nl));
              break;
            }
            cells.push(text.slice(from, nextDelim));
            from = nextDelim + d.length;
            if (maxCells > 0 && cells.length >= maxCells) {
              truncated = true;
              break;
            }
          }
          next = nl + 1;
          nextLine = line + 1;
        } else {
          // A quote: papaparse reads this one row (its cells may run over several lines).
          const r = Papa.parse<string[]>(text.slice(pos), { delimiter: d, newline: '\n', quoteChar: '"', preview: 1, skipEmptyLines: false });
          if (r.errors.some((e) => e.type === 'Quotes')) {
            throw new ApiError('bad-input', `${this.fileName}, line ${line}: a quoted cell is never closed (the file may be truncated).`, { line });
          }
          const got = r.data[0] ?? [''];
          cells.length = 0;
          for (const c of got) cells.push(c);
          const consumed = Math.max(1, r.meta.cursor);
          next = pos + consumed;
          nextLine = line;
          for (let i = pos; i < next && i < n; i++) if (text.charCodeAt(i) === NEWLINE) nextLine++;
          // A row that ends at the end of the text without a newline still ends its line.
          if (next >= n && text.charCodeAt(n - 1) !== NEWLINE) nextLine++;
        }
      }
      // A blank line (or only spaces) is no row.
      const blank = !truncated && cells.length === 1 && cells[0]!.trim() === '';
      if (!blank) {
        row.line = line;
        if (!visit(row, next, nextLine)) return;
      }
      pos = next;
      line = nextLine;
    }
  }
}

/**
 * Open delimited text for reading. Throws 'bad-input' naming the file and the place for text that cannot be a
 * table: binary content, text that was not UTF-8 (replacement characters), or no header at all. (An unterminated
 * quote is found while the rows are read.)
 */
export function openDelimited(fileName: string, content: string): DelimitedReader {
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.includes('\u0000')) {
    throw new ApiError('bad-input', `${fileName}: this is not a text file (it contains NUL bytes).`);
  }
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (text.charCodeAt(i) === NEWLINE) line++;
    throw new ApiError('bad-input', `${fileName}, line ${line}: the file is not valid UTF-8 text (an unreadable character). Save it as UTF-8 and try again.`, {
      line,
    });
  }
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return new DelimitedReader(fileName, text, guessDelimiter(text));
}

/**
 * Parse delimited text into an array of rows. Blank lines are skipped; the first non-blank line is the header.
 * Throws 'bad-input' as `openDelimited` does, and for an unterminated quote.
 */
export function readDelimited(fileName: string, content: string): DelimitedTable {
  const reader = openDelimited(fileName, content);
  const rows = reader.rows();
  return { delimiter: reader.delimiter, headers: reader.headers, headerLine: reader.headerLine, rows };
}

