/**
 * RESULT_RULES is the one definition of a valid result; the zod schema, the importer's fast check and the writer's
 * check are derived from it, and SQLite's CHECKs stay the last line. On random rows (edge values included: NaN,
 * ±Infinity, -0, empty and padded texts, lengths at each limit ±1, impossible and full-width dates) they must agree:
 * the fast check passes exactly the rows zod accepts and gives back unchanged; a row zod accepts passes the writer's
 * check once resolved, and SQLite stores it with its CHECKs on; the writer's check refuses what SQLite's CHECKs refuse.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_FIELDS,
  CHECKED_FIELDS,
  columnOf,
  isCalendarDate,
  isTrimmedSpace,
  passesResultRules,
  RESULT_FIELDS,
  RESULT_RULES,
  storedRuleFailure,
  walkCheck,
  type FieldRule,
  type ResultRow,
} from '../../../src-main/common/resultRules';
import { resultInput } from '../../../src-main/common/schemas';
import { pushInsertParams, RESULT_INSERT_PARAMS, resultCheckFailure, type ResolvedResult } from '../../../src-main/core/db/repositories/results';
import { toResolved } from '../../../src-main/core/ingest/results';
import { FC_SEED } from '../../helpers/property';
import { propertyRuns } from '../../helpers/soak';
import { tempWorkspace } from '../../helpers/workspace';

const RUNS = propertyRuns(3_000, 30_000);

// ---- values ------------------------------------------------------------------------------------------------------

const EDGE_NUMBERS = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, -0.5, 2, 5, 100, 1e-300, -1e-12, 1e308, 2 ** 53 - 1, 2 ** 53, -(2 ** 53)];
const DATES = [
  '2024-01-15', '2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '2024-02-30', '2024-04-31', '2024-12-31', '0000-01-01', '9999-12-31',
  '２０２４-01-15', ' 2024-01-15', '2024-01-15 ', '2024-1-15', '2024-13-01', '2024-00-10', '2024-01-00', '1999-19-39', '2024-20-50',
  '2024/01/15', '2024-01-15T00:00', '202a-01-15', '',
];
/** Each text limit of the table ±1, and a few short lengths. */
const LENGTHS = [...new Set([0, 1, 2, ...Object.values(RESULT_RULES).flatMap((r) => (r.kind === 'text' ? [r.maxLength - 1, r.maxLength, r.maxLength + 1] : []))])];
const WORDS = ['lab-reported', 'third-party', 'own-run', 'Own-run', 'own run', 'high', 'run 2', 'paper', 'MMLU', 'gpt-4o', 'Ünïcode 模型'];
const PADDED = ['', ' ', '\t', 'a', ' a', 'a ', '\u00a0a', 'a\u3000', '\ufeff', '\u2028a', 'x\u0000', '\u0085a', '\u180ea'];

const ABSENT = Symbol('absent');
const edgeNumber = fc.constantFrom(...EDGE_NUMBERS);
const someNumber = fc.oneof(edgeNumber, fc.double(), fc.integer({ min: -3, max: 2_000 }), fc.double({ min: 0, max: 1, noNaN: true }));
const someDate = fc.oneof(
  fc.constantFrom(...DATES),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
);
const someText = fc.oneof(
  fc.constantFrom(...WORDS, ...PADDED),
  fc.constantFrom(...LENGTHS).map((n) => 'x'.repeat(n)),
  fc.constantFrom(...LENGTHS).map((n) => ` ${'y'.repeat(Math.max(0, n - 1))}`),
  fc.string({ maxLength: 12 }),
);
/** Anything at all, of any type (a field given the wrong kind of value, or left out). */
const anything = fc.oneof(someNumber, someText, someDate, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(ABSENT));

/** A value of the kind the field holds (often valid, often at an edge); sometimes null, sometimes left out. */
function plausible(field: (typeof RESULT_FIELDS)[number]): fc.Arbitrary<unknown> {
  const rule = RESULT_RULES[field];
  const kind: fc.Arbitrary<unknown> =
    rule.kind === 'text'
      ? someText
      : rule.kind === 'number' || rule.kind === 'integer'
        ? someNumber
        : rule.kind === 'boolean'
          ? fc.boolean()
          : rule.kind === 'choice'
            ? fc.constantFrom(...WORDS)
            : someDate;
  return fc.oneof({ arbitrary: kind, weight: 12 }, { arbitrary: fc.constantFrom(null, ABSENT), weight: 4 }, { arbitrary: anything, weight: 1 });
}

/** A row of every field of the table (a field drawn as ABSENT is left out). */
const rows: fc.Arbitrary<ResultRow> = fc.record(Object.fromEntries(RESULT_FIELDS.map((f) => [f, plausible(f)])) as Record<string, fc.Arbitrary<unknown>>).map(
  (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ABSENT)) as ResultRow,
);

/** Mostly valid rows: each field a valid value of its kind, one field now and then an edge value or anything. */
const nearlyValidRows: fc.Arbitrary<ResultRow> = fc
  .record({
    shots: fc.integer({ min: 0, max: 25 }),
    cot: fc.boolean(),
    passK: fc.integer({ min: 1, max: 10 }),
    testTimeCompute: fc.double({ min: 1e-3, max: 1e12, noNaN: true }),
    effort: fc.constantFrom('low', 'high', null),
    run: fc.constantFrom('run 2', 'seed 7', null),
    model: fc.constantFrom('gpt-4o', 'Model Ünï 模型', 'x'),
    benchmark: fc.constantFrom('MMLU', 'GPQA Diamond'),
    subtask: fc.constantFrom('algebra', null),
    score: fc.double({ min: -10, max: 3000, noNaN: true }),
    stderr: fc.double({ min: 0, max: 5, noNaN: true }),
    n: fc.integer({ min: 1, max: 100_000 }),
    source: fc.constantFrom('', 'paper', 'https://example.org/leaderboard'),
    sourceKind: fc.constantFrom('lab-reported', 'third-party', 'own-run', null),
    evaluatedOn: fc.constantFrom('2024-01-15', '2024-02-29', null),
    notes: fc.constantFrom('a note', null),
    partial: fc.constantFrom('--limit: 2 of 56 items', null),
  })
  .chain((row) =>
    fc.tuple(fc.constantFrom(...RESULT_FIELDS), anything).map(([field, value]) => {
      const out: Record<string, unknown> = { ...row };
      if (value === ABSENT) delete out[field];
      else out[field] = value;
      return out as ResultRow;
    }),
  );
const mixedRows = fc.oneof(rows, nearlyValidRows);

const settings = { seed: FC_SEED, numRuns: RUNS };

// ---- helpers ------------------------------------------------------------------------------------------------------

/** zod's answer: the parsed row, or null when it refuses. */
function zodParse(row: ResultRow): Record<string, unknown> | null {
  const parsed = resultInput.safeParse(row);
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}

/** The same row with its present keys only (zod keeps an optional key given as undefined). */
function present(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
}

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  ws = tempWorkspace();
  ws.db.exec("INSERT INTO models (name) VALUES ('m'); INSERT INTO benchmarks (name) VALUES ('b')");
});
afterAll(() => ws.dispose());

let insert: ReturnType<typeof ws.db.prepare> | undefined;
/** Whether SQLite refuses to insert the row (rolled back either way), with its CHECKs on or ignored. */
function sqliteRefuses(r: ResolvedResult, ignoreChecks: boolean): boolean {
  const params: unknown[] = [];
  pushInsertParams(params, r);
  insert ??= ws.db.prepare(`INSERT INTO results (model_id, benchmark_id, subtask_id, shots, cot, pass_k, test_time_compute, effort, setting_key,
    score, stderr, n, source, source_kind, evaluated_on, notes, import_id, source_line, logged_by, source_place, partial, run)
    VALUES (${Array(RESULT_INSERT_PARAMS).fill('?').join(', ')})`);
  ws.db.pragma(`ignore_check_constraints = ${ignoreChecks ? 'ON' : 'OFF'}`);
  try {
    ws.db.transaction(() => {
      insert!.run(params);
      throw new Error('rollback');
    })();
  } catch (e) {
    return (e as Error).message !== 'rollback';
  } finally {
    ws.db.pragma('ignore_check_constraints = OFF');
  }
  return false;
}

const OPTS = { createMissing: false, user: 'test', importId: null };

// ---- the properties ------------------------------------------------------------------------------------------------

describe('the pieces the checks are built from', () => {
  it('isCalendarDate reads a date as new Date does, for every month and day of leap and common years and odd strings', () => {
    // The reading isoDate had before the rule table: the regex, then Date's own calendar.
    const byDate = (s: string) => {
      const d = new Date(`${s}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    };
    for (const y of ['0000', '0004', '1900', '2000', '2023', '2024', '2100', '9999']) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isCalendarDate(s), s).toBe(byDate(s));
        }
      }
    }
    fc.assert(
      fc.property(fc.oneof(someDate, fc.string({ maxLength: 11 }), fc.stringMatching(/^[0-9０-９/-]{10}$/)), (s) => {
        expect(isCalendarDate(s)).toBe(byDate(s));
      }),
      settings,
    );
  });

  it('isTrimmedSpace is true for exactly the code units String.prototype.trim removes', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isTrimmedSpace(c) !== (String.fromCharCode(c).trim() === '')) wrong.push(`U+${c.toString(16)}`);
    expect(wrong).toEqual([]);
  });

  it('the compiled checks answer as walking the table does', () => {
    const walkedFast = walkCheck(ALL_FIELDS, 'rule', true, () => false);
    const walkedStored = walkCheck<string | null>(CHECKED_FIELDS, 'stored', null, columnOf);
    fc.assert(
      fc.property(mixedRows, (row) => {
        expect(passesResultRules(row)).toBe(walkedFast(row));
        expect(storedRuleFailure(row)).toBe(walkedStored(row));
      }),
      settings,
    );
  });
});

describe('the zod schema, the fast check, the writer check and SQLite agree', () => {
  it('the fast check passes exactly the rows zod accepts and gives back unchanged', () => {
    let passed = 0;
    let trimmed = 0;
    fc.assert(
      fc.property(mixedRows, (row) => {
        const fast = passesResultRules(row);
        const parsed = zodParse(row);
        if (fast) {
          passed++;
          expect(parsed, 'zod refuses a row the fast check passed').not.toBeNull();
          expect(present(parsed!)).toEqual(present(row));
        } else if (parsed !== null) {
          // zod accepts it only by trimming a text: the fast check sent it to zod for that.
          trimmed++;
          expect(present(parsed)).not.toEqual(present(row));
        }
      }),
      settings,
    );
    // Not vacuous: both sides of the property were met often.
    expect(passed).toBeGreaterThan(RUNS / 5);
    expect(trimmed).toBeGreaterThan(0);
  });

  it('a row zod accepts passes the writer check once resolved, and SQLite stores it with its CHECKs on', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mixedRows, (row) => {
        const parsed = resultInput.safeParse(row);
        if (!parsed.success) return;
        accepted++;
        const resolved = toResolved(parsed.data, 2, { modelId: 1, benchmarkId: 1, subtaskId: null }, OPTS);
        expect(resultCheckFailure(resolved)).toBeNull();
        expect(sqliteRefuses(resolved, false)).toBe(false);
      }),
      settings,
    );
    expect(accepted).toBeGreaterThan(RUNS / 5);
  });

  it('the writer check refuses every row SQLite refuses with a CHECK, and more only for NaN', () => {
    const base: ResolvedResult = {
      modelId: 1, benchmarkId: 1, subtaskId: null, shots: null, cot: null, passK: null, testTimeCompute: null, effort: null, settingKey: '',
      score: 0.5, stderr: null, n: null, source: '', sourceKind: null, evaluatedOn: null, notes: null, importId: null, sourceLine: null,
      sourcePlace: null, loggedBy: null,
    };
    const numeric = fc.oneof(someNumber, fc.constant(null));
    const stored = fc.record({
      shots: numeric,
      cot: fc.constantFrom(true, false, null),
      passK: numeric,
      testTimeCompute: numeric,
      stderr: numeric,
      n: numeric,
      sourceKind: fc.oneof(fc.constantFrom(...WORDS), someText, fc.constant(null)),
      evaluatedOn: fc.oneof(someDate, someText, fc.constant(null)),
    });
    let checkRefusals = 0;
    fc.assert(
      fc.property(stored, (fields) => {
        const row = { ...base, ...fields } as ResolvedResult;
        const withChecks = sqliteRefuses(row, false);
        const withoutChecks = sqliteRefuses(row, true);
        const bad = resultCheckFailure(row);
        // Never less: a row the CHECKs refuse is refused with them ignored too (a STRICT type error) or by the writer.
        if (withChecks) expect(withoutChecks || bad !== null, JSON.stringify(fields)).toBe(true);
        if (withChecks && !withoutChecks) checkRefusals++;
        // More only where SQLite would not store the value as given: NaN (stored as NULL).
        if (bad !== null && !withChecks) {
          const field = RESULT_FIELDS.find((f) => RESULT_RULES[f].column === bad)!;
          expect(Number.isNaN((row as unknown as Record<string, unknown>)[field]), `${bad} refused: ${JSON.stringify(fields)}`).toBe(true);
        }
      }),
      settings,
    );
    expect(checkRefusals).toBeGreaterThan(RUNS / 10);
  });
});

describe('the documented rules', () => {
  /** A rule in words, as docs/formats.md states it. */
  function inWords(rule: FieldRule): string {
    switch (rule.kind) {
      case 'text':
        return `text, ${rule.minLength > 0 ? 'not empty, ' : ''}at most ${rule.maxLength.toLocaleString('en-US')} characters`;
      case 'number':
        return `a finite number${rule.min === undefined ? '' : rule.minExclusive ? `, greater than ${rule.min}` : `, ${rule.min} or more`}`;
      case 'integer':
        return `a whole number, ${rule.min} or more`;
      case 'boolean':
        return 'yes or no';
      case 'choice':
        return `one of ${rule.values.map((v) => `\`${v}\``).join(', ')}`;
      case 'date':
        return 'a date that exists, written YYYY-MM-DD';
    }
  }

  it('docs/formats.md lists every rule of RESULT_RULES as it is (a changed limit is a documented one)', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/formats.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## What a valid result is'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| field |'))).split('\n').filter((l) => l.startsWith('| `'));
    const expected = RESULT_FIELDS.map((f) => {
      const rule: FieldRule = RESULT_RULES[f];
      return `| \`${f}\` | ${inWords(rule)} | ${rule.nullable || rule.optional ? 'yes' : 'no'} |`;
    });
    expect(table).toEqual(expected);
  });
});
