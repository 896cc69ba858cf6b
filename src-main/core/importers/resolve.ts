/**
 * Name resolution for imports: which existing model or benchmark a name in a file means.
 *
 * Exact hits (name or alias, case-insensitive, surrounding spaces ignored) are certain. Everything else that looks
 * like an existing entry is "unsure" and listed in the preview with its candidates, so the analyst can merge it
 * with an entry, create it, or skip its rows; an applied merge is remembered as an alias so the next import of the
 * same spelling is an exact hit. Model names also carry evaluation settings by convention (Epoch AI's
 * "o3-2025-04-16_high", "claude-3-7-sonnet-20250219_32K", simple-evals' "o3-mini-high"): those suffixes become the
 * result's effort or test-time compute instead of a new model.
 *
 * All names are loaded once per import into maps, so resolving a row is a map lookup, not a query.
 */
import type { UnsureName } from '../../common/api';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export type EntityKind = 'model' | 'benchmark';

/** A choice the analyst made in the preview for one unsure name. */
export interface NameDecision {
  action: 'merge' | 'create' | 'skip';
  targetId?: number | undefined;
}

/** What a name in the file resolves to. */
export interface ResolvedName {
  /** The name to write under (an existing entry's own name for a merge); null when the analyst chose skip. */
  name: string | null;
  /** Reasoning-effort label taken from the name's suffix ("_high" → high). */
  effort: string | null;
  /** Test-time compute budget taken from the name's suffix ("_32K" → 32000 thinking tokens). */
  testTimeCompute: number | null;
}

const EFFORTS = 'minimal|low|medium|high|xhigh|max';
const UNDERSCORE_EFFORT = new RegExp(`^(.+?)_(${EFFORTS})$`, 'i');
const HYPHEN_EFFORT = new RegExp(`^(.+?)-(${EFFORTS})$`, 'i');
const BUDGET = /^(.+?)_(\d+(?:\.\d+)?)([km])$/i;
/** Date snapshot suffixes: -2024-05-13, _20240513, -20241022, @20240620. */
const DATE_SUFFIX = /[-_@ ](?:20\d{2}-?[01]\d-?[0-3]\d)$/;

/** Lower case, letters and digits only: "LLaMA-2 7B " and "Llama 2 (7B)" share the key "llama27b". */
export function compactKey(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '');
}

/** The name without a trailing date snapshot: "gpt-4o-2024-05-13" → "gpt-4o". */
export function stripDateSuffix(name: string): string {
  return name.trim().replace(DATE_SUFFIX, '');
}

/** The numbers a name contains, in order; names with different numbers (sizes, versions) are never fuzzy matches. */
function numbers(name: string): string {
  return (name.match(/\d+(?:\.\d+)?/g) ?? []).join(',');
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Dice coefficient of letter pairs, 0–1: 2·|A∩B| / (|A| + |B|). Two one-letter keys compare as equal or not. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return (2 * both) / (x.size + y.size);
}

/**
 * Split a model name's setting suffix. Underscore suffixes (Epoch AI's API ids) are always settings. A hyphen
 * effort suffix ("o3-mini-high") is a setting only when `baseKnown(base)` says the base is a model in the workspace
 * or in the same file, because "mistral-medium" on its own is a model name.
 */
export function splitSettingSuffix(
  name: string,
  baseKnown: (base: string) => boolean,
): { base: string; effort: string | null; testTimeCompute: number | null } {
  const n = name.trim();
  let m = UNDERSCORE_EFFORT.exec(n);
  if (m) return { base: m[1]!, effort: m[2]!.toLowerCase(), testTimeCompute: null };
  m = BUDGET.exec(n);
  if (m) {
    const scale = m[3]!.toLowerCase() === 'k' ? 1e3 : 1e6;
    return { base: m[1]!, effort: null, testTimeCompute: Math.round(Number(m[2]) * scale) };
  }
  m = HYPHEN_EFFORT.exec(n);
  if (m && baseKnown(m[1]!)) return { base: m[1]!, effort: m[2]!.toLowerCase(), testTimeCompute: null };
  return { base: n, effort: null, testTimeCompute: null };
}

interface Entry {
  id: number;
  name: string;
}

/** Resolves the names of one kind (models or benchmarks) for one import. */
export class NameResolver {
  /** lower-case name or alias → entry. */
  private readonly exact = new Map<string, Entry>();
  private readonly byCompact = new Map<string, Entry[]>();
  private readonly all: { entry: Entry; compact: string; undated: string; numbers: string }[] = [];
  private readonly memo = new Map<string, ResolvedName>();
  private readonly unsureByName = new Map<string, UnsureName>();
  /** Aliases to write when the import is applied: alias → entry id. */
  private readonly pendingAliases = new Map<string, number>();
  /** Entries that existed before this import (only those are merged into without being asked). */
  private readonly preexisting = new Set<number>();

  constructor(
    private readonly db: Db,
    readonly kind: EntityKind,
    private readonly decisions: Record<string, NameDecision>,
    /** Lower-case names that appear in the file (for hyphen effort suffixes). */
    private readonly namesInFile: Set<string> = new Set(),
  ) {
    const table = kind === 'model' ? 'models' : 'benchmarks';
    const aliasTable = kind === 'model' ? 'model_aliases' : 'benchmark_aliases';
    const idCol = kind === 'model' ? 'model_id' : 'benchmark_id';
    const rows = stmt(db, `SELECT id, name FROM ${table} ORDER BY id`).all() as Entry[];
    for (const r of rows) {
      this.add(r);
      this.preexisting.add(r.id);
    }
    const aliases = stmt(db, `SELECT a.alias, t.id, t.name FROM ${aliasTable} a JOIN ${table} t ON t.id = a.${idCol}`).all() as {
      alias: string;
      id: number;
      name: string;
    }[];
    for (const a of aliases) if (!this.exact.has(a.alias.toLowerCase())) this.exact.set(a.alias.toLowerCase(), { id: a.id, name: a.name });
  }

  /** Make an entry known (a pre-existing one, or one this import has just created). */
  add(entry: Entry): void {
    const lower = entry.name.toLowerCase();
    if (!this.exact.has(lower)) this.exact.set(lower, entry);
    const compact = compactKey(entry.name);
    const list = this.byCompact.get(compact) ?? [];
    if (!list.some((e) => e.id === entry.id)) list.push(entry);
    this.byCompact.set(compact, list);
    this.all.push({ entry, compact, undated: compactKey(stripDateSuffix(entry.name)), numbers: numbers(stripDateSuffix(entry.name)) });
  }

  /** The names this import was unsure of, with candidates. */
  unsure(): UnsureName[] {
    return [...this.unsureByName.values()];
  }

  /** Resolve a name from the file. Memoised: every row with the same spelling costs one map lookup. */
  resolve(raw: string): ResolvedName {
    // Rows come in runs of one benchmark: the previous answer first (a string comparison, not a hash of a new string).
    if (raw === this.lastRaw) return this.lastResolved!;
    const key = raw.trim();
    let r = this.memo.get(key);
    if (!r) {
      r = this.resolveFresh(key);
      this.memo.set(key, r);
    }
    this.lastRaw = raw;
    this.lastResolved = r;
    return r;
  }
  private lastRaw: string | null = null;
  private lastResolved: ResolvedName | null = null;

  private baseKnown = (base: string): boolean => this.exact.has(base.trim().toLowerCase()) || this.namesInFile.has(base.trim().toLowerCase());

  private resolveFresh(name: string): ResolvedName {
    const exact = this.exact.get(name.toLowerCase());
    if (exact) return { name: exact.name, effort: null, testTimeCompute: null };
    const split = this.kind === 'model' ? splitSettingSuffix(name, this.baseKnown) : { base: name, effort: null, testTimeCompute: null };
    const setting = { effort: split.effort, testTimeCompute: split.testTimeCompute };
    const base = split.base.trim();
    const baseExact = this.exact.get(base.toLowerCase());
    if (baseExact) return { name: baseExact.name, ...setting };

    const candidates = this.candidates(base);
    const decision = this.decisions[`${this.kind}:${base}`] ?? this.decisions[`${this.kind}:${name}`];
    if (candidates.length) {
      const best = candidates[0]!;
      // Same letters and digits as an entry already in the workspace: merge unless told otherwise. Two spellings that
      // both arrive in this file are kept apart until the analyst merges them.
      const suggestion: 'merge' | 'create' = best.score >= 0.999 && this.preexisting.has(best.id) ? 'merge' : 'create';
      this.unsureByName.set(base, {
        kind: this.kind,
        name: base,
        candidates,
        suggestion,
        reason:
          best.score >= 0.999
            ? `"${base}" differs from "${best.name}" only in case, spacing or punctuation`
            : best.score >= 0.9
              ? `"${base}" looks like a dated snapshot or a close spelling of "${best.name}"`
              : `"${base}" resembles "${best.name}"`,
      });
      const action = decision?.action ?? suggestion;
      if (action === 'skip') return { name: null, ...setting };
      if (action === 'merge') {
        const target = decision?.targetId !== undefined ? this.byId(decision.targetId) : { id: best.id, name: best.name };
        if (target) {
          this.pendingAliases.set(base, target.id);
          this.exact.set(base.toLowerCase(), target);
          return { name: target.name, ...setting };
        }
      }
      return { name: base, ...setting };
    }
    if (decision?.action === 'skip') return { name: null, ...setting };
    if (decision?.action === 'merge' && decision.targetId !== undefined) {
      const target = this.byId(decision.targetId);
      if (target) {
        this.pendingAliases.set(base, target.id);
        this.exact.set(base.toLowerCase(), target);
        return { name: target.name, ...setting };
      }
    }
    return { name: base, ...setting };
  }

  private byId(id: number): Entry | null {
    for (const e of this.all) if (e.entry.id === id) return e.entry;
    return null;
  }

  /**
   * Existing entries a new name may mean, best first, with a score: 1 for the same compact key (case, spacing,
   * punctuation), 0.9 for the same name once date snapshots are removed, else letter-pair similarity ≥ 0.85 between
   * names that contain the same numbers. At most five.
   */
  private candidates(name: string): { id: number; name: string; score: number }[] {
    const compact = compactKey(name);
    const undated = compactKey(stripDateSuffix(name));
    const nums = numbers(stripDateSuffix(name));
    const found = new Map<number, { id: number; name: string; score: number }>();
    for (const e of this.byCompact.get(compact) ?? []) found.set(e.id, { id: e.id, name: e.name, score: 1 });
    if (found.size === 0 && compact.length > 0) {
      for (const e of this.all) {
        if (found.has(e.entry.id)) continue;
        let score = 0;
        if (e.undated === undated && undated.length > 0) score = 0.9;
        else if (e.numbers === nums && Math.abs(e.compact.length - compact.length) <= 3) {
          const s = similarity(e.undated, undated);
          if (s >= 0.85) score = Math.min(0.89, s);
        }
        if (score > 0) found.set(e.entry.id, { id: e.entry.id, name: e.entry.name, score: Math.round(score * 1000) / 1000 });
      }
    }
    return [...found.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, 5);
  }

  /** Remember applied merges as aliases, so the next import of the same spelling is an exact hit. */
  writeAliases(): number {
    const table = this.kind === 'model' ? 'model_aliases' : 'benchmark_aliases';
    const idCol = this.kind === 'model' ? 'model_id' : 'benchmark_id';
    let n = 0;
    for (const [alias, id] of this.pendingAliases) {
      n += stmt(this.db, `INSERT OR IGNORE INTO ${table} (alias, ${idCol}) VALUES (?, ?)`).run(alias, id).changes;
    }
    return n;
  }
}
