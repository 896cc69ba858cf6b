/**
 * Parsing single cells of imported tables. Each parser returns a value or a reason that names what is wrong, so a
 * rejected row can say "column score: "abc" is not a number" instead of failing silently.
 */
import type { SourceKind } from '../../common/domain';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MISSING = new Set(['', 'n/a', 'na', 'null', 'none', '-', '—', '–', '?']);

/** True for cells that mean "no value": empty, n/a, NA, -, —, null. */
export function isMissing(text: string): boolean {
  // Every marker is at most 4 characters: a longer cell that starts and ends with a visible ASCII character (so
  // trimming cannot shorten it) is a value, found without lower-casing it.
  if (text.length > 4) {
    const first = text.charCodeAt(0);
    const last = text.charCodeAt(text.length - 1);
    if (first > 32 && first < 127 && last > 32 && last < 127) return false;
  }
  return MISSING.has(text.trim().toLowerCase());
}

function cut(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Strip markdown emphasis and trailing footnote markers ("**77.0**", "45.3*", "12.1†", "88.0[1]"). */
export function stripDecorations(text: string): string {
  return text
    .trim()
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/^__(.*)__$/, '$1')
    .replace(/^\*(.*)\*$/, '$1')
    .replace(/(\[\d+\]|[*†‡§¹²³⁴⁵⁶⁷⁸⁹])+$/u, '')
    .trim();
}

/** A number as found in a cell, remembering whether it was written as a percentage ("77.0%"). */
export interface CellNumber {
  value: number;
  percent: boolean;
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
/** Digits with an optional sign and decimals, short enough that Number() is always finite. */
const PLAIN_NUMBER_RE = /^[+-]?\d{1,15}(\.\d{1,20})?$/;

/** A cell written as a plain number (digits, an optional sign and decimals, no exponent or %), else null: parseNumberCell's common case. */
export function plainNumberCell(raw: string): CellNumber | null {
  return PLAIN_NUMBER_RE.test(raw) ? { value: Number(raw), percent: false } : null;
}

/**
 * Read a number: plain ("0.77", "1.2e21", "07.6"), or a percentage ("77.0%", "77.0 %").
 * Missing markers give null. NaN, infinities and text are refused with a reason.
 */
export function parseNumberCell(raw: string): Parsed<CellNumber | null> {
  // Fast path for the common case, a plain number: no decoration to strip, no missing marker to look up.
  const plain = plainNumberCell(raw);
  if (plain !== null) return { ok: true, value: plain };
  if (isMissing(raw)) return { ok: true, value: null };
  let t = stripDecorations(raw).replace(/\s+/g, '');
  let percent = false;
  if (t.endsWith('%')) {
    percent = true;
    t = t.slice(0, -1);
  }
  if (!NUMBER_RE.test(t)) return { ok: false, reason: `"${cut(raw.trim())}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${cut(raw.trim())}" is too large to be a number` };
  return { ok: true, value: { value, percent } };
}

/** A whole number ≥ min. */
export function parseIntCell(raw: string, min: number): Parsed<number | null> {
  const n = parseNumberCell(raw);
  if (!n.ok) return n;
  if (n.value === null) return { ok: true, value: null };
  if (n.value.percent || !Number.isInteger(n.value.value)) return { ok: false, reason: `"${cut(raw.trim())}" is not a whole number` };
  // Beyond 2^53 a count is no longer exact, and SQLite would refuse it in an INTEGER column (failing the whole import).
  if (!Number.isSafeInteger(n.value.value)) return { ok: false, reason: `"${cut(raw.trim())}" is too large for a whole number (at most ${Number.MAX_SAFE_INTEGER})` };
  if (n.value.value < min) return { ok: false, reason: `${n.value.value} is below ${min}` };
  return { ok: true, value: n.value.value };
}

/** A positive quantity (parameters, FLOP, tokens). */
export function parsePositiveCell(raw: string): Parsed<number | null> {
  const n = parseNumberCell(raw);
  if (!n.ok) return n;
  if (n.value === null) return { ok: true, value: null };
  if (n.value.percent) return { ok: false, reason: `"${cut(raw.trim())}" is a percentage, not a quantity` };
  if (n.value.value <= 0) return { ok: false, reason: `${n.value.value} must be greater than 0` };
  return { ok: true, value: n.value.value };
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'cot', 'on', 'x', '✓', '✔']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'no-cot', 'direct']);

/** Answers of a parser by cell text, for columns that repeat few distinct values (bounded, like the date memo). */
export function memoized<T>(parse: (raw: string) => Parsed<T>): (raw: string) => Parsed<T> {
  const memo = new Map<string, Parsed<T>>();
  // The previous cell's answer first: a column often repeats the row above, and comparing two short strings is
  // cheaper than hashing a cell sliced fresh from the line.
  let lastRaw: string | null = null;
  let last: Parsed<T> | null = null;
  return (raw) => {
    if (raw === lastRaw) return last!;
    let r = memo.get(raw);
    if (!r) {
      r = parse(raw);
      if (memo.size < 1000) memo.set(raw, r);
    }
    lastRaw = raw;
    last = r;
    return r;
  };
}

export const parseBoolCell = memoized(parseBoolCellFresh);

function parseBoolCellFresh(raw: string): Parsed<boolean | null> {
  if (isMissing(raw)) return { ok: true, value: null };
  const t = raw.trim().toLowerCase();
  if (TRUE.has(t)) return { ok: true, value: true };
  if (FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, reason: `"${cut(raw.trim())}" is not yes/no (write true, false, yes, no, 1 or 0)` };
}

/** Answers of parseDateCell by cell text: a file repeats few distinct dates. */
const dateMemo = new Map<string, Parsed<string | null>>();

/**
 * A calendar date: YYYY-MM-DD, YYYY/MM/DD, or an ISO timestamp (its date part). Impossible dates are refused.
 * Month-only or day-first forms are refused rather than guessed, because 03/04/2024 means two different days.
 */
export function parseDateCell(raw: string): Parsed<string | null> {
  // A file repeats few distinct dates; remember each answer (bounded, so a file of unique junk cannot grow it).
  const hit = dateMemo.get(raw);
  if (hit) return hit;
  const r = parseDateCellFresh(raw);
  if (dateMemo.size < 10_000) dateMemo.set(raw, r);
  return r;
}

function parseDateCellFresh(raw: string): Parsed<string | null> {
  if (isMissing(raw)) return { ok: true, value: null };
  const t = raw.trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t);
  if (!m) return { ok: false, reason: `"${cut(t)}" is not a date (write YYYY-MM-DD)` };
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return { ok: false, reason: `"${t}" is not a real calendar date` };
  return { ok: true, value: iso };
}

const KINDS: Record<string, SourceKind> = {
  'lab-reported': 'lab-reported',
  lab: 'lab-reported',
  'lab reported': 'lab-reported',
  official: 'lab-reported',
  reported: 'lab-reported',
  'third-party': 'third-party',
  'third party': 'third-party',
  '3rd party': 'third-party',
  '3rd-party': 'third-party',
  external: 'third-party',
  leaderboard: 'third-party',
  'own-run': 'own-run',
  'own run': 'own-run',
  own: 'own-run',
  ours: 'own-run',
};

export const parseSourceKindCell = memoized(parseSourceKindCellFresh);

function parseSourceKindCellFresh(raw: string): Parsed<SourceKind | null> {
  if (isMissing(raw)) return { ok: true, value: null };
  const k = KINDS[raw.trim().toLowerCase()];
  return k ? { ok: true, value: k } : { ok: false, reason: `"${cut(raw.trim())}" is not a source kind (lab-reported, third-party or own-run)` };
}

/**
 * A name or free text. Cells that start like a spreadsheet formula ("=cmd|...", "=HYPERLINK(...)") are refused:
 * they are almost always an export accident, and would be dangerous if exported again.
 */
export function parseTextCell(raw: string): Parsed<string | null> {
  const v = textCellValue(raw);
  return v === undefined ? { ok: false, reason: `"${cut(raw.trim())}" looks like a spreadsheet formula, not a value` } : { ok: true, value: v };
}

/** parseTextCell's answer without its wrapper (a million-row import reads four text cells a row): the trimmed text, null for a missing marker, undefined for a formula. */
export function textCellValue(raw: string): string | null | undefined {
  const t = raw.trim();
  if (isMissing(t)) return null;
  const c = t.charCodeAt(0);
  // = @ + - start a formula (+/- only before a letter or parenthesis); checked by character, it is every row's cost.
  if (c === 61 || c === 64 || ((c === 43 || c === 45) && /^[+-][A-Za-z(]/.test(t))) return undefined;
  return t;
}
