/**
 * CSV and TSV exports neutralize spreadsheet formulas: a text cell starting with = + - @, a tab or a carriage return
 * is written with a leading apostrophe, so Excel or LibreOffice shows it as text instead of running it
 * ("=cmd|' /C calc'!A0"). Numbers stay numbers (-0.5 is not a formula). JSON exports keep values exactly: JSON is
 * read by programs, never evaluated by a spreadsheet.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TABLE_KINDS } from '../../../../src-main/common/schemas';
import { neutralizeFormula } from '../../../../src-main/core/importers/export';
import { apiFor } from '../../../helpers/api';
import { FC_SEED, withSeedHint } from '../../../helpers/property';
import { tempWorkspace } from '../../../helpers/workspace';

const DANGEROUS = ['=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR', '=HYPERLINK("http://evil.example")'];
const STARTS_A_FORMULA = /^[=+\-@\t\r]/;

let ws: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof apiFor>;

/**
 * Formula text in every text field a user can fill, written straight into the tables: the API and the importer
 * refuse much of it, but a workspace loaded from an export or written by an older version may hold it, and the
 * export must be safe whatever the data.
 */
beforeEach(async () => {
  ws = tempWorkspace();
  api = apiFor(ws);
  await api.call('benchmarks/upsert', { name: 'MMLU', unit: 'percent', floor: 25, ceiling: 100 });
  await api.call('subtasks/upsert', { benchmarkId: 1, name: 'astronomy' });
  await api.call('models/upsert', { name: 'Alpha-1', organization: 'Aurora', aliases: ['alpha'] });
  await api.call('results/upsertMany', { rows: [{ model: 'Alpha-1', benchmark: 'MMLU', subtask: 'astronomy', score: 70, effort: 'high', source: 'paper' }] });
  const [a, b, c, d, e, f, g] = DANGEROUS;
  ws.db.prepare('UPDATE models SET name = ?, family = ?, notes = ?').run(a, b, c);
  ws.db.prepare('UPDATE organizations SET name = ?').run(d);
  ws.db.prepare('UPDATE model_aliases SET alias = ?').run(e);
  ws.db.prepare('UPDATE benchmarks SET name = ?, category = ?, metric = ?, version = ?, description = ?, ceiling_reason = ?').run(f, g, a, b, c, d);
  ws.db.prepare('UPDATE subtasks SET name = ?').run(g);
  ws.db.prepare('UPDATE results SET source = ?, notes = ?, effort = ?').run(e, f, a);
});
afterEach(() => ws.dispose());

/** Every cell of a delimited export, header included. */
function cells(content: string, delimiter: string): string[] {
  const parsed = Papa.parse<string[]>(content, { delimiter, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data.flat();
}

const isNumber = (cell: string): boolean => cell.trim() !== '' && Number.isFinite(Number(cell));

describe('exports and spreadsheet formulas', () => {
  for (const kind of TABLE_KINDS) {
    for (const [format, delimiter] of [['csv', ','], ['tsv', '\t']] as const) {
      it(`writes no cell a spreadsheet would run in a ${format.toUpperCase()} export of ${kind}`, async () => {
        const out = await api.call('export/table', { kind, format });
        const all = cells(out.content, delimiter);
        const risky = all.filter((c) => STARTS_A_FORMULA.test(c) && !isNumber(c));
        expect(risky).toEqual([]);
        // The dangerous text is there, defused, not dropped.
        const defused = all.filter((c) => c.startsWith("'") && STARTS_A_FORMULA.test(c.slice(1)));
        expect(defused.length).toBeGreaterThan(0);
      });
    }

    it(`keeps values exactly in a JSON export of ${kind} (JSON is never evaluated as a formula)`, async () => {
      const out = await api.call('export/table', { kind, format: 'json' });
      const values = (JSON.parse(out.content) as Record<string, unknown>[]).flatMap((r) => Object.values(r));
      expect(values.some((v) => typeof v === 'string' && DANGEROUS.includes(v))).toBe(true);
    });
  }

  it('leaves negative and signed numbers as numbers', () => {
    expect(neutralizeFormula(-0.5)).toBe(-0.5);
    expect(neutralizeFormula(0)).toBe(0);
    expect(neutralizeFormula(null)).toBe(null);
    expect(neutralizeFormula('-2+3')).toBe("'-2+3");
  });

  it('neutralizes any text that starts like a formula, whatever follows (property)', async () => {
    await withSeedHint(async () =>
      fc.assert(
        fc.property(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string({ unit: 'grapheme', maxLength: 30 }), (lead, rest) => {
          const out = neutralizeFormula(lead + rest);
          expect(typeof out === 'string' && out.startsWith("'") && out.slice(1) === lead + rest).toBe(true);
        }),
        { seed: FC_SEED, numRuns: 200 },
      ),
    );
  });

  it('writes safe CSV for random notes that start like a formula (property, through the API)', async () => {
    const id = (ws.db.prepare('SELECT id FROM results').get() as { id: number }).id;
    await withSeedHint(() =>
      fc.assert(
        fc.asyncProperty(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), async (lead, rest) => {
          ws.db.prepare('UPDATE results SET notes = ? WHERE id = ?').run(lead + rest, id);
          const out = await api.call('export/table', { kind: 'results', format: 'csv' });
          const risky = cells(out.content, ',').filter((c) => STARTS_A_FORMULA.test(c) && !isNumber(c));
          expect(risky).toEqual([]);
        }),
        { seed: FC_SEED, numRuns: 50 },
      ),
    );
  });
});
