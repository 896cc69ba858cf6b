/** The streaming reader against papaparse reading the whole file (what readDelimited did before it streamed). */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src-main/common/errors';
import { guessDelimiter, openDelimited, readDelimited, type DelimitedRow } from '../../../../src-main/core/importers/delimited';

/** The former implementation: papaparse over the whole text, counting the newlines each row consumed. */
function reference(content: string): { headers: string[]; headerLine: number; rows: DelimitedRow[] } | { error: number } {
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  text = text.replace(/\r\n?/g, '\n');
  const delimiter = guessDelimiter(text);
  const rows: DelimitedRow[] = [];
  let line = 1;
  let consumed = 0;
  const errors: { type: string; row: number }[] = [];
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      const cells = result.data;
      if (result.errors.length) errors.push(...result.errors.map((e) => ({ type: e.type, row: line })));
      if (!(cells.length === 1 && cells[0]?.trim() === '') && cells.length > 0) rows.push({ line, cells });
      for (let i = consumed; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      consumed = end;
    },
  });
  const q = errors.find((e) => e.type === 'Quotes');
  if (q) return { error: q.row };
  const header = rows.shift();
  if (!header) return { error: 0 };
  return { headers: header.cells.map((h) => h.trim()), headerLine: header.line, rows };
}

function ours(content: string): ReturnType<typeof reference> {
  try {
    const t = readDelimited('f.csv', content);
    return { headers: t.headers, headerLine: t.headerLine, rows: t.rows };
  } catch (e) {
    if (e instanceof ApiError) {
      const m = /line (\d+): a quoted cell/.exec(e.message);
      if (m) return { error: Number(m[1]) };
      if (/the file is empty/.test(e.message)) return { error: 0 };
    }
    throw e;
  }
}

describe('delimited reader', () => {
  it('reads rows, lines, quoted cells over several lines, blank lines and CRLF exactly as papaparse over the whole file', () => {
    const cases = [
      'a,b,c\n1,2,3\n4,5,6\n',
      'a,b,c\n1,2,3\n4,5,6',
      '\n\na,b\n\n1,2\n   \n3,4\n\n',
      'a,b,notes\n1,2,"x\ny"\n3,4,"p, q"\n5,6,"say ""hi"""\n7,8,\n',
      'a,b\r\n1,"two\r\nlines"\r\n3,4\r\n',
      'a\tb\tc\n1\t"q\tq"\t3\n\t\t\n',
      'a;b\n"1";2\n3;"4\n\n5"\n6;7\n',
      'a,b\n1,ab"c\n2,"x"\n',
      'x\n1\n2\n\n3\n',
      'a,b\n,,\n , \n',
      '\ufeffa,b\n1,2\n',
      'a,b\n1,"never closed\n2,3\n',
      'a,"b\nc"\n1,2\n',
    ];
    for (const c of cases) expect(ours(c), JSON.stringify(c)).toEqual(reference(c));
  });

  it('agrees with papaparse on random files of quotes, delimiters, blanks and newlines', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['a', 'bc', ',', ',', '\n', '\n', '"', '""', ' ', '\r\n', 'x"y', '"q,\nr"', '\t'];
    for (let k = 0; k < 3000; k++) {
      let s = k % 3 === 0 ? '' : 'h1,h2,h3\n';
      const len = Math.floor(rand() * 40);
      for (let i = 0; i < len; i++) s += pieces[Math.floor(rand() * pieces.length)];
      expect(ours(s), JSON.stringify(s)).toEqual(reference(s));
    }
  });

  it('stopping after the first cells, reads the same rows on the same lines with the same first cells, on random files', () => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['a', 'bc', ',', ',', ',', '\n', '\n', '"', '""', ' ', 'x"y', '"q,\nr"', '\t', ';'];
    for (let k = 0; k < 3000; k++) {
      let s = ['h1,h2,h3\n', 'h1\th2\th3\n', 'h1;h2;h3\n'][k % 3]!;
      const len = Math.floor(rand() * 40);
      for (let i = 0; i < len; i++) s += pieces[Math.floor(rand() * pieces.length)];
      let reader;
      try {
        reader = openDelimited('f.csv', s);
      } catch {
        continue;
      }
      for (const maxCells of [1, 2, 3]) {
        const full: string[] = [];
        const cut: string[] = [];
        let fullError = '';
        let cutError = '';
        try {
          reader.forEach((r) => full.push(`${r.line}:${JSON.stringify(r.cells.slice(0, maxCells))}`));
        } catch (e) {
          fullError = (e as Error).message;
        }
        try {
          reader.forEach((r) => cut.push(`${r.line}:${JSON.stringify(r.cells.slice(0, maxCells))}`), maxCells);
        } catch (e) {
          cutError = (e as Error).message;
        }
        expect({ cut, cutError }, `${JSON.stringify(s)} maxCells ${maxCells}`).toEqual({ cut: full, cutError: fullError });
      }
    }
  });

  it('reads a long file twice without keeping its rows, and can stop splitting after the first cells', () => {
    const lines = ['model,benchmark,score,notes'];
    for (let i = 0; i < 2000; i++) lines.push(i % 100 === 7 ? `m${i},b,0.5,"multi\nline"` : `m${i},b,0.${i % 10},n`);
    const reader = openDelimited('f.csv', `${lines.join('\n')}\n`);
    const firstPass: string[] = [];
    expect(reader.forEach((r) => firstPass.push(`${r.line}:${r.cells[0]}:${r.cells.length}`), 2)).toBe(2000);
    const secondPass: string[] = [];
    reader.forEach((r) => secondPass.push(`${r.line}:${r.cells[0]}:${r.cells.length}`));
    expect(firstPass.length).toBe(2000);
    expect(secondPass[0]).toBe('2:m0:4');
    expect(firstPass[0]).toBe('2:m0:2');
    // Row 7 holds a two-line cell, so the row after it starts two lines later.
    expect(secondPass[8]).toBe('11:m8:4');
    expect(reader.rows().map((r) => r.line)).toEqual(reference(`${lines.join('\n')}\n`) && (reference(`${lines.join('\n')}\n`) as { rows: DelimitedRow[] }).rows.map((r) => r.line));
  });
});
