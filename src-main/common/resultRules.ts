/**
 * One definition of a valid result. RESULT_RULES says, for each field of a result (ResultInput), what it holds, whether
 * it may be null or left out, its bound or longest text, and the column and CHECK clause that store it. Everything
 * that decides whether a result is valid is derived from it:
 *
 * - the zod schemas of results (schemas.ts: settingInput, resultInput, resultPatch), through resultFieldSchemas, with
 *   the messages ruleMessages derives from the bounds (so a bound and its message cannot disagree);
 * - the importer's fast check, passesResultRules: true exactly for the rows the zod schema accepts and gives back
 *   unchanged, so a million-row import runs zod only on the rows it refuses;
 * - the writer's check, storedRuleFailure (resultCheckFailure in db/repositories/results.ts): the rules that have a
 *   CHECK clause, read as SQLite reads that CHECK, run on every row a big import writes while SQLite skips its CHECKs.
 *
 * The two checks are compiled from the table into one function each on first use (compileCheck). SQLite's CHECKs
 * (db/migrations) stay the last line. test/unit/common/resultRules.test.ts checks the zod schema, the fast check, the
 * writer's check and SQLite against each other on random rows; test/unit/core/db/resultChecks.test.ts pins each rule's
 * `check` to the text of the schema, so a migration that changes a CHECK must change this table.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from './domain';

/** The longest name (model, benchmark, subtask) Headroom keeps. */
export const MAX_NAME = 300;
/** The longest partial mark (a reason in words) a result keeps. */
export const MAX_PARTIAL = 500;

/** Where a field may be missing, and how it is stored. */
interface RuleBase {
  /** null is a value of the field ("not stated"). */
  nullable: boolean;
  /** The field may be left out of a row. */
  optional: boolean;
  /** The results column that stores the field as given; null when it is stored otherwise (a name, as an id). */
  column: string | null;
  /** The column's CHECK clause in the schema, as SQLite keeps its text (without `CHECK (...)`); null when it has none. */
  check: string | null;
}

/** Text, trimmed before it is measured: at least minLength (1: "must not be empty") and at most maxLength characters. */
export interface TextRule extends RuleBase {
  kind: 'text';
  minLength: 0 | 1;
  maxLength: number;
}

/** A finite number, at least `min` (above it when minExclusive). */
export interface NumberRule extends RuleBase {
  kind: 'number';
  min?: number;
  minExclusive?: boolean;
}

/** A whole number that is exact as a double (a safe integer), at least `min`. */
export interface IntegerRule extends RuleBase {
  kind: 'integer';
  min: number;
}

export interface BooleanRule extends RuleBase {
  kind: 'boolean';
}

/** One of a fixed list of words. */
export interface ChoiceRule extends RuleBase {
  kind: 'choice';
  values: readonly [string, ...string[]];
}

/** A calendar date that exists, written YYYY-MM-DD (DATE_PATTERN) with ASCII digits; trimmed before it is read. */
export interface DateRule extends RuleBase {
  kind: 'date';
}

export type FieldRule = TextRule | NumberRule | IntegerRule | BooleanRule | ChoiceRule | DateRule;

/** The shape of a date field (the calendar is checked after it: isCalendarDate). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** The shape the CHECK of a date column lets through (a date rule's `check` says `GLOB '<DATE_GLOB>'`). */
export const DATE_GLOB = '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]';

const stated = { nullable: true, optional: true } as const;

/**
 * The rules of a result's fields, in the order of the zod schema's fields (the setting first, as it always was).
 * A field's rule is the only place its limits are written.
 */
export const RESULT_RULES = {
  // The evaluation setting (with `run`, the part of the natural key beside model, benchmark, subtask and source).
  shots: { kind: 'integer', min: 0, ...stated, column: 'shots', check: 'shots IS NULL OR shots >= 0' },
  cot: { kind: 'boolean', ...stated, column: 'cot', check: 'cot IS NULL OR cot IN (0, 1)' },
  passK: { kind: 'integer', min: 1, ...stated, column: 'pass_k', check: 'pass_k IS NULL OR pass_k >= 1' },
  testTimeCompute: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    ...stated,
    column: 'test_time_compute',
    check: 'test_time_compute IS NULL OR test_time_compute > 0',
  },
  effort: { kind: 'text', minLength: 0, maxLength: 40, ...stated, column: 'effort', check: null },
  /** Label of one run among replicates (a seed, a trial); see Setting.run. */
  run: { kind: 'text', minLength: 0, maxLength: 100, ...stated, column: 'run', check: null },
  // What was evaluated: names, stored as ids (results.model_id, benchmark_id, subtask_id).
  model: { kind: 'text', minLength: 1, maxLength: MAX_NAME, nullable: false, optional: false, column: null, check: null },
  benchmark: { kind: 'text', minLength: 1, maxLength: MAX_NAME, nullable: false, optional: false, column: null, check: null },
  subtask: { kind: 'text', minLength: 0, maxLength: MAX_NAME, ...stated, column: null, check: null },
  // The value and its provenance.
  score: { kind: 'number', nullable: false, optional: false, column: 'score', check: null },
  stderr: { kind: 'number', min: 0, ...stated, column: 'stderr', check: 'stderr IS NULL OR stderr >= 0' },
  n: { kind: 'integer', min: 1, ...stated, column: 'n', check: 'n IS NULL OR n > 0' },
  source: { kind: 'text', minLength: 0, maxLength: 2_000, nullable: false, optional: true, column: 'source', check: null },
  sourceKind: {
    kind: 'choice',
    values: SOURCE_KINDS,
    ...stated,
    column: 'source_kind',
    check: "source_kind IS NULL OR source_kind IN ('lab-reported', 'third-party', 'own-run')",
  },
  evaluatedOn: {
    kind: 'date',
    ...stated,
    column: 'evaluated_on',
    check: `evaluated_on IS NULL OR evaluated_on GLOB '${DATE_GLOB}'`,
  },
  notes: { kind: 'text', minLength: 0, maxLength: 10_000, ...stated, column: 'notes', check: null },
  /** Why the result covers only part of its benchmark; null says it is complete; absent leaves a stored mark. */
  partial: { kind: 'text', minLength: 0, maxLength: MAX_PARTIAL, ...stated, column: 'partial', check: null },
} as const satisfies Record<string, FieldRule>;

export type ResultRules = typeof RESULT_RULES;
export type ResultField = keyof ResultRules;

/** The fields of RESULT_RULES, in its order. */
export const RESULT_FIELDS = Object.keys(RESULT_RULES) as ResultField[];

/** The messages of a rule's refusals, derived from its bounds (the zod schema's messages). */
export function ruleMessages(rule: FieldRule): { empty: string; tooLong: string; notFinite: string; notWhole: string; tooSmall: string; notDate: string; notRealDate: string } {
  const min = rule.kind === 'number' || rule.kind === 'integer' ? rule.min : undefined;
  return {
    empty: 'must not be empty',
    tooLong: rule.kind === 'text' ? `must be at most ${rule.maxLength} characters` : '',
    notFinite: 'must be a finite number',
    notWhole: 'must be a whole number',
    tooSmall: min === undefined ? '' : rule.kind === 'number' && rule.minExclusive ? `must be greater than ${min}` : `must be ${min} or more`,
    notDate: 'must be a date written YYYY-MM-DD',
    notRealDate: 'is not a real calendar date',
  };
}

/**
 * True when `s` is exactly YYYY-MM-DD in ASCII digits and names a day of the proleptic Gregorian calendar (year 0000
 * to 9999; 2024-02-29 yes, 2023-02-29 and 2024-02-30 no), as `new Date(s)` reads it back; without allocating, as the
 * importer asks it of every row.
 */
export function isCalendarDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  // Each digit's value; `>>> 0` turns a character below '0' into a large number, so one test per digit (≤ 9) suffices.
  const y0 = (s.charCodeAt(0) - 48) >>> 0;
  const y1 = (s.charCodeAt(1) - 48) >>> 0;
  const y2 = (s.charCodeAt(2) - 48) >>> 0;
  const y3 = (s.charCodeAt(3) - 48) >>> 0;
  const m0 = (s.charCodeAt(5) - 48) >>> 0;
  const m1 = (s.charCodeAt(6) - 48) >>> 0;
  const d0 = (s.charCodeAt(8) - 48) >>> 0;
  const d1 = (s.charCodeAt(9) - 48) >>> 0;
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return false;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  if (month === 2) {
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** True for a UTF-16 code unit that String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
export function isTrimmedSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// ---- zod --------------------------------------------------------------------------------------------------------

/** The zod schema of a field under `R`: its base type, nullable and optional as the rule says. */
export type RuleSchema<R> = WithPresence<R, BaseSchema<R>>;
type BaseSchema<R> = R extends { kind: 'text' | 'date' }
  ? z.ZodString
  : R extends { kind: 'number' | 'integer' }
    ? z.ZodNumber
    : R extends { kind: 'boolean' }
      ? z.ZodBoolean
      : R extends { kind: 'choice'; values: readonly (infer V extends string)[] }
        ? z.ZodEnum<{ [K in V]: K }>
        : never;
type WithPresence<R, S extends z.ZodType> = R extends { nullable: true }
  ? R extends { optional: true }
    ? z.ZodOptional<z.ZodNullable<S>>
    : z.ZodNullable<S>
  : R extends { optional: true }
    ? z.ZodOptional<S>
    : S;

/** The zod schema of one rule (the checks in the order the messages were always given). */
export function ruleSchema<R extends FieldRule>(rule: R): RuleSchema<R> {
  const m = ruleMessages(rule);
  let s: z.ZodType;
  switch (rule.kind) {
    case 'text': {
      const t = z.string().trim();
      s = (rule.minLength > 0 ? t.min(rule.minLength, m.empty) : t).max(rule.maxLength, m.tooLong);
      break;
    }
    case 'number': {
      const finite = z.number().refine(Number.isFinite, m.notFinite);
      const { min, minExclusive } = rule;
      s = min === undefined ? finite : finite.refine((v) => (minExclusive ? v > min : v >= min), m.tooSmall);
      break;
    }
    case 'integer':
      s = z.number().int(m.notWhole).min(rule.min, m.tooSmall);
      break;
    case 'boolean':
      s = z.boolean();
      break;
    case 'choice':
      s = z.enum(rule.values);
      break;
    case 'date':
      s = z.string().trim().regex(DATE_PATTERN, m.notDate).refine(isCalendarDate, m.notRealDate);
      break;
  }
  if (rule.nullable) s = s.nullable();
  if (rule.optional) s = s.optional();
  // The switch builds what RuleSchema<R> names; TypeScript cannot follow a conditional type through it.
  return s as RuleSchema<R>;
}

/** The zod schema of every field of a result, by field (schemas.ts composes resultInput and its kin from these). */
export const resultFieldSchemas = Object.fromEntries(RESULT_FIELDS.map((f) => [f, ruleSchema(RESULT_RULES[f])])) as {
  [F in ResultField]: RuleSchema<ResultRules[F]>;
};

// ---- the fast checks ----------------------------------------------------------------------------------------------

/** A result-shaped row: the fields of RESULT_RULES (no others: the zod schema is strict). */
export type ResultRow = { readonly [F in ResultField]?: unknown };

/**
 * How a check reads a rule. 'rule': as the zod schema does, and only for a text already trimmed (so zod would give
 * the value back unchanged). 'stored': as the column's CHECK clause does: the bound alone (no finiteness or
 * whole-number test; SQLite's STRICT columns refuse a fraction in an INTEGER column whether CHECKs run or not), the
 * words, and for a date the GLOB's shape (DATE_GLOB), not the calendar.
 */
export type Reading = 'rule' | 'stored';

/** A SQLite GLOB made of literal characters and [...] classes, as an anchored RegExp (no * or ?: none is needed yet). */
function globRegExp(glob: string): RegExp {
  const parts = glob.match(/\[[^\]]+\]|[^[]/g) ?? [];
  if (parts.join('') !== glob || parts.some((p) => p === '*' || p === '?')) throw new Error(`unsupported GLOB ${glob}`);
  return new RegExp(`^${parts.map((p) => (p.length > 1 ? p : p.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))).join('')}$`);
}
const DATE_GLOB_RE = globRegExp(DATE_GLOB);

/**
 * Whether `v` passes `rule` as `reading` reads it (undefined and null as the rule's presence says). The reading of
 * the table that compileCheck writes out as code; tests hold the two to each other.
 */
export function passesRule(rule: FieldRule, v: unknown, reading: Reading = 'rule'): boolean {
  if (v === undefined) return rule.optional;
  if (v === null) return rule.nullable;
  const stored = reading === 'stored';
  switch (rule.kind) {
    case 'text':
      if (typeof v !== 'string' || v.length > rule.maxLength) return false;
      if (v.length === 0) return rule.minLength === 0;
      return !isTrimmedSpace(v.charCodeAt(0)) && !isTrimmedSpace(v.charCodeAt(v.length - 1));
    case 'number':
    case 'integer': {
      if (typeof v !== 'number') return false;
      // v - v is 0 for a finite number, NaN for NaN and ±Infinity.
      if (!stored && (rule.kind === 'integer' ? !Number.isSafeInteger(v) : v - v !== 0)) return false;
      const exclusive = rule.kind === 'number' && rule.minExclusive === true;
      // A comparison with NaN is false: NaN is refused under both readings (SQLite would store it as NULL).
      return rule.min === undefined ? v === v : exclusive ? v > rule.min : v >= rule.min;
    }
    case 'boolean':
      return typeof v === 'boolean';
    case 'choice':
      return rule.values.includes(v as string);
    case 'date':
      return typeof v === 'string' && (stored ? DATE_GLOB_RE.test(v) : isCalendarDate(v));
  }
}

/** The condition of passesRule(rule, v, reading) as JavaScript source over `v` (numbers and words from the table only). */
function ruleSource(rule: FieldRule, reading: Reading): string {
  const num = (x: number): string => {
    if (!Number.isFinite(x)) throw new Error(`a rule's bound must be a finite number, not ${x}`);
    return String(x);
  };
  const stored = reading === 'stored';
  let test: string;
  switch (rule.kind) {
    case 'text':
      test =
        `typeof v === 'string' && v.length <= ${num(rule.maxLength)} && ` +
        // The first and last characters: a visible ASCII one at once, any other through isSpace.
        `(v.length === 0 ? ${rule.minLength === 0} : (((c = v.charCodeAt(0)) > 32 && c < 127) || !isSpace(c)) && ` +
        `(((c = v.charCodeAt(v.length - 1)) > 32 && c < 127) || !isSpace(c)))`;
      break;
    case 'number':
    case 'integer': {
      const type = stored ? `typeof v === 'number'` : rule.kind === 'integer' ? 'Number.isSafeInteger(v)' : `typeof v === 'number' && v - v === 0`;
      const exclusive = rule.kind === 'number' && rule.minExclusive === true;
      test = `${type} && ${rule.min === undefined ? 'v === v' : `v ${exclusive ? '>' : '>='} ${num(rule.min)}`}`;
      break;
    }
    case 'boolean':
      test = `typeof v === 'boolean'`;
      break;
    case 'choice':
      test = rule.values.map((w) => `v === ${JSON.stringify(w)}`).join(' || ');
      break;
    case 'date':
      test = `typeof v === 'string' && ${stored ? 'dateGlob.test(v)' : 'isDate(v)'}`;
      break;
  }
  const missing = [...(rule.optional ? ['v === undefined'] : []), ...(rule.nullable ? ['v === null'] : [])];
  return [...missing, `(${test})`].join(' || ');
}

/**
 * One function that reads each field of `fields` (indexes into RESULT_FIELDS) once and tests it against its rule,
 * written out as code from the table, as zod and ajv compile their schemas: each field's test then has its own type
 * feedback and its limits as constants, 4–9× faster than walking the table per row (bench/validRow.ts). The code
 * is built from the table's field names, numbers and words alone, never from data. Where code cannot be compiled (a
 * page whose CSP forbids eval) the table is walked instead, with the same answers.
 */
function compileCheck<T>(fields: readonly number[], reading: Reading, pass: T, fail: (i: number) => T): (row: ResultRow) => T {
  const body = fields.map((i) => {
    const field = RESULT_FIELDS[i]!;
    if (!/^[A-Za-z_$][\w$]*$/.test(field)) throw new Error(`a result field must be a plain name, not ${JSON.stringify(field)}`);
    return `  v = row.${field};\n  if (!(${ruleSource(RULES[i]!, reading)})) return ${JSON.stringify(fail(i))};`;
  });
  const source = `'use strict';\nreturn function check(row) {\n  let v;\n  let c;\n${body.join('\n')}\n  return ${JSON.stringify(pass)};\n};`;
  try {
    // Code written from the rule table above, never from data.
    return new Function('isSpace', 'isDate', 'dateGlob', source)(isTrimmedSpace, isCalendarDate, DATE_GLOB_RE) as (row: ResultRow) => T;
  } catch {
    return walkCheck(fields, reading, pass, fail);
  }
}

/** compileCheck's answers, found by walking the table (where code cannot be compiled, and as the tests' reference). */
export function walkCheck<T>(fields: readonly number[], reading: Reading, pass: T, fail: (i: number) => T): (row: ResultRow) => T {
  return (row) => {
    const r = row as Readonly<Record<string, unknown>>;
    for (const i of fields) if (!passesRule(RULES[i]!, r[RESULT_FIELDS[i]!], reading)) return fail(i);
    return pass;
  };
}

const RULES: readonly FieldRule[] = RESULT_FIELDS.map((f) => RESULT_RULES[f]);
/** Every field, as indexes into RESULT_FIELDS. */
export const ALL_FIELDS: readonly number[] = RULES.map((_, i) => i);
/** The fields whose column has a CHECK clause, as indexes into RESULT_FIELDS. */
export const CHECKED_FIELDS: readonly number[] = RULES.flatMap((r, i) => (r.check === null ? [] : [i]));
/** The column of the field at index `i` (storedRuleFailure's answer). */
export const columnOf = (i: number): string | null => RULES[i]!.column;

// Compiled on first use, so a page that only builds the zod schemas (the renderer) never compiles code.
let fastCheck = (row: ResultRow): boolean => (fastCheck = compileCheck(ALL_FIELDS, 'rule', true, () => false))(row);
let storedCheck = (row: ResultRow): string | null => (storedCheck = compileCheck<string | null>(CHECKED_FIELDS, 'stored', null, columnOf))(row);

/**
 * The importer's fast check: true when every field of `row` passes its rule and its texts are already trimmed, so
 * resultInput accepts `row` and gives it back unchanged (test/unit/common/resultRules.test.ts). False says only
 * "ask zod", which then accepts (a text it trims) or names what is wrong. Keys beyond RESULT_RULES are not looked at:
 * the caller's type rules them out. Allocates nothing: it runs on every row of an import.
 */
export function passesResultRules(row: ResultRow): boolean {
  return fastCheck(row);
}

/**
 * The writer's check: the column of the first field of `row` whose CHECK clause it breaks, or null; each rule with a
 * `check` read as that CHECK reads it (Reading 'stored'). So it refuses what SQLite's CHECKs refuse, and more only
 * where SQLite would not store the value as given (NaN, which it stores as NULL; a cot that is not a boolean). Every
 * row a rule passes passes this.
 */
export function storedRuleFailure(row: ResultRow): string | null {
  return storedCheck(row);
}
