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
import type { ImportDecision, UnsureName } from '../../common/api';
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

/**
 * Lower case, letters, digits and "+" (Command R+ is not Command R), with one "." wherever punctuation or spaces
 * stand between two digits:
 * "LLaMA-2 7B " and "Llama 2 (7B)" share the key "llama2.7b", while "opt-1.3b" ("opt1.3b") and "opt-13b"
 * ("opt13b") stay apart — removing the dot made a 1.3-billion and a 13-billion model one model.
 */
export function compactKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/(?<=\d)[^a-z0-9+]+(?=\d)/g, '.')
    .replace(/[^a-z0-9.+]+/g, '')
    .replace(/(?<!\d)\.|\.(?!\d)/g, '');
}

/** The words of a name as a set key: "Qwen2-72B-Instruct" and "Qwen2 Instruct (72B)" both give "72b instruct qwen2". */
export function wordsKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .split(/[^a-z0-9.+]+/)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** One word list is the other plus words ("gpt2" and "gpt2 xl"): a size or a variant of one model, not a spelling of it. */
function addsAWord(a: string, b: string): boolean {
  if (a === b) return false;
  const x = new Set(a.split(' '));
  const y = new Set(b.split(' '));
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size === big.size) return false;
  for (const w of small) if (!big.has(w)) return false;
  return true;
}

/**
 * The two names differ by a whole word, not by a misspelling of one: some word of either has no close counterpart
 * (letter-pair similarity ≥ 0.6) among the other's differing words ("Mixtral-8x7B-SFT" and "-DPO").
 */
function swapsAWord(a: string, b: string): boolean {
  const x = a.split(' ');
  const y = b.split(' ');
  const onlyX = x.filter((w) => !y.includes(w));
  const onlyY = y.filter((w) => !x.includes(w));
  const close = (w: string, others: string[]) => others.some((o) => similarity(w, o) >= 0.6);
  return onlyX.some((w) => !close(w, onlyY)) || onlyY.some((w) => !close(w, onlyX));
}

/** A Hugging Face id's repository part: "Qwen/Qwen2-72B-Instruct" → "Qwen2-72B-Instruct"; other names unchanged. */
export function repoName(name: string): string {
  const m = /^[\w.-]+\/([\w.-]+)$/.exec(name.trim());
  return m ? m[1]! : name;
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
 * Model families whose API takes a reasoning effort or a thinking budget, so that a suffix naming one is a setting of
 * the run rather than a model (docs/formats.md, "Setting suffixes"): OpenAI's o-series and GPT-5 (effort),
 * gpt-oss, Anthropic's Claude 3.7 and later, Google's Gemini 2.5 and later, xAI's Grok 3 mini and Grok 4, DeepSeek R1,
 * Qwen3, Magistral (thinking budgets). Matched at the start of the name, case-insensitively.
 */
const REASONING_FAMILY = /^(o[1-9](-mini|-pro)?(\b|-)|gpt-5|gpt-oss|claude-(3-7|sonnet-4|opus-4|haiku-4)|gemini-(2\.5|[3-9])|grok-(3-mini|[4-9])|deepseek-r\d|qwen3|magistral)/i;
/** OpenAI's own spelling of an effort in a name (simple-evals: "o3-mini-high", "o4-mini-low", "o3-high"). */
const OPENAI_EFFORT_BASE = /^(o[1-9](-mini|-pro)?|gpt-5(\.\d)?(-mini|-nano)?)$/i;

/**
 * Split a model name's setting suffix, by two documented conventions only (docs/formats.md, "Setting suffixes"):
 * - Epoch AI's API ids: `<id>_<effort>` ("o3-2025-04-16_high") and `<id>_<N>K` ("claude-3-7-sonnet-20250219_32K",
 *   a thinking budget of N thousand tokens), for models of a REASONING_FAMILY;
 * - OpenAI's hyphenated effort ("o3-mini-high") on an o-series or GPT-5 name.
 * Anything else is part of the name: "gpt2-medium" is a model size, "phi-1_5_chat_32k" a context length,
 * "mistral-medium" a model. The preview lists every split it makes, and the analyst can keep the name whole.
 */
export function splitSettingSuffix(name: string): { base: string; effort: string | null; testTimeCompute: number | null } {
  const n = name.trim();
  let m = UNDERSCORE_EFFORT.exec(n);
  if (m && REASONING_FAMILY.test(m[1]!)) return { base: m[1]!, effort: m[2]!.toLowerCase(), testTimeCompute: null };
  m = BUDGET.exec(n);
  if (m && m[3]!.toLowerCase() === 'k' && REASONING_FAMILY.test(m[1]!)) return { base: m[1]!, effort: null, testTimeCompute: Math.round(Number(m[2]) * 1e3) };
  m = HYPHEN_EFFORT.exec(n);
  if (m && OPENAI_EFFORT_BASE.test(m[1]!)) return { base: m[1]!, effort: m[2]!.toLowerCase(), testTimeCompute: null };
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
  private readonly all: { entry: Entry; compact: string; undated: string; numbers: string; words: string; repo: string }[] = [];
  private readonly memo = new Map<string, ResolvedName>();
  private readonly unsureByName = new Map<string, UnsureName>();
  /** Aliases to write when the import is applied: alias → entry id. */
  private readonly pendingAliases = new Map<string, number>();
  /** Entries that existed before this import (only those are merged into without being asked). */
  private readonly preexisting = new Set<number>();
  /** Canonical catalog name (lower case) → the entry stored under a spelling the catalog knows. */
  private readonly byCatalogName = new Map<string, Entry>();
  /** Readings of a name that change it (a catalog name for a spelling), for the preview. */
  private readonly nameReadings = new Map<string, ImportDecision>();

  constructor(
    private readonly db: Db,
    readonly kind: EntityKind,
    private readonly decisions: Record<string, NameDecision>,
    private readonly options: {
      /** Benchmarks: the canonical name the benchmark catalog gives a spelling ("ARC-C" → "ARC-Challenge"). */
      catalog?: (name: string) => string | null;
      /** The analyst's choices: "name:benchmark:<spelling>" = catalog | as-written; "suffix:<name>" = setting | name. */
      choices?: Record<string, string>;
    } = {},
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
    const canonical = this.options.catalog?.(entry.name)?.toLowerCase();
    if (canonical && !this.byCatalogName.has(canonical)) this.byCatalogName.set(canonical, entry);
    const compact = compactKey(entry.name);
    const list = this.byCompact.get(compact) ?? [];
    if (!list.some((e) => e.id === entry.id)) list.push(entry);
    this.byCompact.set(compact, list);
    this.all.push({
      entry,
      compact,
      undated: compactKey(stripDateSuffix(entry.name)),
      numbers: numbers(stripDateSuffix(entry.name)),
      words: wordsKey(repoName(entry.name)),
      repo: compactKey(repoName(entry.name)),
    });
  }

  /** Names this import reads as another (a catalog name for a spelling, a setting suffix), as preview decisions. */
  readings(): ImportDecision[] {
    return [...this.nameReadings.values()];
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

  private resolveFresh(name: string): ResolvedName {
    const exact = this.exact.get(name.toLowerCase());
    if (exact) return { name: exact.name, effort: null, testTimeCompute: null };
    const viaCatalog = this.catalogName(name);
    if (viaCatalog) return { name: viaCatalog, effort: null, testTimeCompute: null };
    const split = this.kind === 'model' ? this.settingSuffix(name) : { base: name, effort: null, testTimeCompute: null };
    const setting = { effort: split.effort, testTimeCompute: split.testTimeCompute };
    const base = split.base.trim();
    const baseExact = this.exact.get(base.toLowerCase());
    if (baseExact) return { name: baseExact.name, ...setting };

    const candidates = this.candidates(base);
    const decision = this.decisions[`${this.kind}:${base}`] ?? this.decisions[`${this.kind}:${name}`];
    if (candidates.length) {
      const best = candidates[0]!;
      // Never merged without the analyst's word: a name is created as written until the preview's choice (or
      // --resolve) says merge, however close the candidate; the candidates' scores are the proposal's confidence.
      const suggestion = 'create' as const;
      this.unsureByName.set(base, {
        kind: this.kind,
        name: base,
        candidates,
        suggestion,
        reason:
          best.score >= 0.999
            ? `"${base}" differs from "${best.name}" only in case, spacing or punctuation`
            : best.score >= 0.95
              ? `"${base}" has the same repository name or the same words as "${best.name}"`
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

  /**
   * A model name's setting suffix (splitSettingSuffix), listed in the preview as a decision the analyst can refuse
   * (request.choices "suffix:<name>" = "name" keeps the name whole).
   */
  private settingSuffix(name: string): { base: string; effort: string | null; testTimeCompute: number | null } {
    const split = splitSettingSuffix(name);
    if (split.base === name) return split;
    const id = `suffix:${name}`;
    const chosen = this.options.choices?.[id] === 'name' ? 'name' : 'setting';
    const setting = split.effort !== null ? `reasoning effort "${split.effort}"` : `a thinking budget of ${split.testTimeCompute!.toLocaleString('en-US')} tokens`;
    this.nameReadings.set(id, {
      id,
      kind: 'suffix',
      subject: name,
      message:
        chosen === 'setting'
          ? `"${name}" is read as model ${split.base} run with ${setting} (a known API convention), not as a model of its own.`
          : `"${name}" is kept whole as a model name (not read as ${split.base} with ${setting}).`,
      count: 0,
      options: [
        { value: 'setting', label: `${split.base}, ${setting}` },
        { value: 'name', label: `model "${name}"` },
      ],
      chosen,
      suggested: 'setting',
    });
    return chosen === 'setting' ? split : { base: name, effort: null, testTimeCompute: null };
  }

  /**
   * A benchmark spelling the catalog knows under another name ("ARC-C", "arc_challenge" → "ARC-Challenge"): the stored
   * benchmark of that catalog entry (whatever it is called), or the catalog's name for a new one. Listed in the
   * preview; the spelling is remembered as an alias when applied. null when the catalog does not know the spelling,
   * names it the same, or the analyst chose to keep it as written.
   */
  private catalogName(name: string): string | null {
    // An explicit choice for this name in the preview's list of unsure names wins.
    if (this.decisions[`${this.kind}:${name}`]) return null;
    const canonical = this.options.catalog?.(name);
    if (!canonical || canonical.toLowerCase() === name.toLowerCase()) return null;
    const id = `name:benchmark:${name}`;
    const chosen = this.options.choices?.[id] === 'as-written' ? 'as-written' : 'catalog';
    const stored = this.byCatalogName.get(canonical.toLowerCase()) ?? this.exact.get(canonical.toLowerCase()) ?? null;
    const target = stored?.name ?? canonical;
    this.nameReadings.set(id, {
      id,
      kind: 'name',
      subject: name,
      message:
        chosen === 'catalog'
          ? `"${name}" is ${canonical} in the benchmark catalog: ${stored ? `its results go to the stored benchmark ${stored.name}` : `the benchmark is created as ${canonical}`}, and "${name}" is kept as its alias.`
          : `"${name}" is ${canonical} in the benchmark catalog, but is kept as written, as a benchmark of its own.`,
      count: 0,
      options: [
        { value: 'catalog', label: stored ? `results into ${stored.name}` : `create as ${canonical}` },
        { value: 'as-written', label: `keep "${name}"` },
      ],
      chosen,
      suggested: 'catalog',
    });
    if (chosen === 'as-written') return null;
    if (stored) this.pendingAliases.set(name, stored.id);
    else this.pendingCatalogAliases.set(name, canonical);
    this.exact.set(name.toLowerCase(), stored ?? { id: -1, name: canonical });
    return target;
  }
  /** Spellings of benchmarks this import creates under their catalog name: alias → that name. */
  private readonly pendingCatalogAliases = new Map<string, string>();

  private byId(id: number): Entry | null {
    for (const e of this.all) if (e.entry.id === id) return e.entry;
    return null;
  }

  /**
   * Existing entries a new name may mean, best first, with a score (the confidence that they are one model):
   * 1 for the same compact key (case, spacing, punctuation), 0.95 for the same repository name or the same words in
   * another order ("org/Qwen2-72B-Instruct", "Qwen2 Instruct (72B)"), 0.9 for the same name once date snapshots are
   * removed, else letter-pair similarity ≥ 0.85 (at most 0.89) between names that contain the same numbers. Names
   * with different numbers (sizes, versions, checkpoints) are never candidates unless their words match. At most five.
   */
  private candidates(name: string): { id: number; name: string; score: number }[] {
    const compact = compactKey(name);
    const undated = compactKey(stripDateSuffix(name));
    const nums = numbers(stripDateSuffix(name));
    const words = wordsKey(repoName(name));
    const repo = compactKey(repoName(name));
    const found = new Map<number, { id: number; name: string; score: number }>();
    for (const e of this.byCompact.get(compact) ?? []) found.set(e.id, { id: e.id, name: e.name, score: 1 });
    if (found.size === 0 && compact.length > 0) {
      for (const e of this.all) {
        if (found.has(e.entry.id)) continue;
        let score = 0;
        if (e.numbers === nums && ((e.repo === repo && repo.length > 0) || (e.words === words && words.length > 0))) score = 0.95;
        else if (e.undated === undated && undated.length > 0 && (e.undated === e.compact || undated === compact)) score = 0.9;
        else if (e.undated === undated) continue; // two dated snapshots of one model (gpt-4o-2024-05-13, -08-06) are two versions
        else if (addsAWord(e.words, words)) continue; // a variant: gpt2 and gpt2-xl, llama-2-7b and llama-2-7b-chat
        else if (e.compact.replace(/\+/g, '') === compact.replace(/\+/g, '')) continue; // Command R and Command R+
        else if (swapsAWord(e.words, words)) continue; // another variant: -SFT and -DPO, Large and Huge, mini and MoE
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
    for (const [alias, canonical] of this.pendingCatalogAliases) {
      const owner = this.exact.get(canonical.toLowerCase());
      if (owner && owner.id > 0) n += stmt(this.db, `INSERT OR IGNORE INTO ${table} (alias, ${idCol}) VALUES (?, ?)`).run(alias, owner.id).changes;
    }
    return n;
  }
}
