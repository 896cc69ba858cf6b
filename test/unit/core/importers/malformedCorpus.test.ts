/**
 * The malformed corpus (test/fixtures/malformed, described in its README): each file is imported as the bytes on
 * disk; a refusal must name the file, the place and the problem and write nothing; a partly good file must add only
 * its good rows and list every rejected row with line, column (or JSON path) and reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportSummary, RowIssue } from '../../../../src-main/common/api';
import { checkIntegrity, snapshot } from '../../../helpers/workspace';
import { setup } from './importHelpers';

const DIR = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'malformed');

type Expected =
  | { refused: RegExp }
  | { added: number; rejected: (Partial<Pick<RowIssue, 'line' | 'column' | 'place'>> & { reason: RegExp })[]; warnings?: RegExp[] };

const CORPUS: Record<string, Expected> = {
  'truncated.csv': { refused: /^truncated\.csv, line 2: a quoted cell is never closed \(the file may be truncated\)/ },
  'truncated.json': { refused: /^truncated\.json, line 40: not valid JSON \(the file ends in the middle: it may be truncated\)/ },
  'utf16le.csv': { refused: /^utf16le\.csv, line 1: the file is UTF-16 text .*Save it as UTF-8/ },
  'latin1.csv': { refused: /^latin1\.csv, line 3: the file is not valid UTF-8 text/ },
  'not-an-eval.zip': { refused: /^not-an-eval\.zip: a zip archive, but not an Inspect \.eval log \(it has no header\.json\): README\.txt, data\/scores\.csv/ },
  'duplicate-headers.csv': { refused: /^duplicate-headers\.csv, line 1: the header names "score" in columns 3 and 4; Headroom cannot tell which to read/ },
  'huge-numbers.csv': {
    added: 1,
    rejected: [
      { line: 2, column: 'score', reason: /"1e400" is too large to be a number/ },
      { line: 3, column: 'stderr', reason: /"1e400" is too large to be a number/ },
      { line: 4, column: 'n', reason: /"99999999999999999999999" is too large for a whole number/ },
      { line: 5, column: 'score', reason: /"-1e400" is too large to be a number/ },
      { line: 6, column: 'score', reason: /is too large to be a number/ },
    ],
  },
  'nan-strings.csv': {
    added: 1,
    rejected: [
      { line: 2, column: 'score', reason: /"NaN" is not a number/ },
      { line: 3, column: 'stderr', reason: /"nan" is not a number/ },
      { line: 4, column: 'score', reason: /"Infinity" is not a number/ },
      { line: 5, column: 'score', reason: /"-inf" is not a number/ },
    ],
  },
  'formulas.csv': {
    added: 0,
    rejected: [
      { line: 2, column: 'score', reason: /"=cmd\|' \/C calc'!A0" is not a number/ },
      { line: 3, column: 'score', reason: /"@SUM\(A1\)" is not a number/ },
      { line: 4, column: 'source', reason: /"=HYPERLINK\(.*" looks like a spreadsheet formula, not a value/ },
      { line: 4, column: 'notes', reason: /"@SUM\(A1\)" looks like a spreadsheet formula/ },
      { line: 5, column: 'model', reason: /"=cmd\|' \/C calc'!A0" looks like a spreadsheet formula/ },
      { line: 6, column: 'notes', reason: /"=1\+1" looks like a spreadsheet formula/ },
    ],
  },
  'lm-eval-wrong-types.json': {
    added: 0,
    rejected: [
      { line: 5, column: 'acc,none', place: 'results.arc_easy["acc,none"]', reason: /"high" is not a number/ },
      { line: 8, place: 'results.hellaswag', reason: /task hellaswag reports no metric/ },
      { line: 15, column: 'stderr', place: 'results.piqa["acc,none"]', reason: /stderr must be 0 or more/ },
    ],
  },
  'ragged.md': { added: 6, rejected: [], warnings: [/^line 7: the row has 5 cells but the header 3; ignored "12", "extra"\.$/] },
};

let t: ReturnType<typeof setup>;
beforeEach(async () => {
  t = setup();
  await t.api.call('benchmarks/upsert', { name: 'MMLU', unit: 'percent', floor: 25, ceiling: 100 });
  await t.api.call('benchmarks/upsert', { name: 'GSM8K', unit: 'fraction' });
  for (const name of ['Alpha-1', 'Beta-2', 'Gamma-3', 'Delta-4']) await t.api.call('models/upsert', { name });
});
afterEach(() => t.ws.dispose());

const bytesOf = (file: string): string => readFileSync(path.join(DIR, file)).toString('base64');
const countResults = (): number => (t.one('SELECT count(*) AS n FROM results') as { n: number }).n;

describe('the malformed corpus', () => {
  it('lists every file of the folder, here and in its README', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'README.md').sort();
    expect(Object.keys(CORPUS).sort()).toEqual(files);
    const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const f of files) expect(readme, `README.md lists ${f}`).toContain(`| \`${f}\` |`);
  });

  for (const [file, expected] of Object.entries(CORPUS)) {
    it(`${file}: ${'refused' in expected ? 'is refused naming the file, the place and the problem, and nothing is written' : 'adds only its good rows and names the line, column and reason of each rejected one'}`, async () => {
      const before = snapshot(t.ws.db);
      const req = { fileName: file, content: bytesOf(file), encoding: 'base64' as const };
      const preview = await t.api.raw('import/preview', req);
      const apply = await t.api.raw('import/apply', req);
      if ('refused' in expected) {
        for (const env of [preview, apply]) {
          expect(env.ok).toBe(false);
          if (env.ok) return;
          expect(env.error.code).toBe('bad-input');
          expect(env.error.message).toMatch(expected.refused);
        }
        expect(snapshot(t.ws.db)).toEqual(before);
        return;
      }
      expect(preview.ok && apply.ok, JSON.stringify(preview.ok ? apply : preview)).toBe(true);
      if (!preview.ok || !apply.ok) return;
      const p = preview.value as ImportPreview;
      const s = apply.value as ImportSummary;
      expect(s.add).toBe(expected.added);
      // reject counts rows; rejected lists each bad cell (a row can have two).
      expect(s.reject).toBe(new Set(expected.rejected.map((r) => r.line)).size);
      const sortKey = (i: { line?: number; column?: string | null }) => `${String(i.line).padStart(6, '0')} ${i.column ?? ''}`;
      const got = [...s.rejected].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(got).toHaveLength(expected.rejected.length);
      const want = [...expected.rejected].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      got.forEach((issue, i) => {
        const { reason, ...where } = want[i]!;
        expect(issue).toMatchObject(where);
        expect(issue.reason).toMatch(reason);
      });
      for (const w of expected.warnings ?? []) expect(p.warnings).toEqual(expect.arrayContaining([expect.stringMatching(w)]));
      // Only the good rows were written: the rejected values are nowhere in the workspace.
      expect(countResults()).toBe(expected.added);
      if (expected.added === 0) expect(snapshot(t.ws.db)).toEqual(before);
      expect(t.rows("SELECT score FROM results WHERE score > 1e300 OR score < -1e300 OR score <> score")).toEqual([]);
      expect(checkIntegrity(t.ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
    });
  }
});
