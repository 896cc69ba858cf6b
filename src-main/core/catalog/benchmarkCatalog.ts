/**
 * The benchmark catalog: facts about public benchmarks (unit, chance floor, ceiling, item count, release date, aliases,
 * fresh twins), each with its sources, shipped as data in `data/benchmark-catalog.json` rather than written into code
 * (docs/formats.md, "Benchmark catalog"). This module validates that file when it is first imported — a broken catalog
 * throws a `CatalogError` naming the entry and the field — and finds entries by any spelling of their names.
 *
 * The JSON is imported statically, so tsx, vitest and the electron-vite bundle all read the same file without a path
 * lookup at run time.
 */
import { z } from 'zod';
import { BENCHMARK_UNITS } from '../../common/domain';
import catalogJson from '../../../data/benchmark-catalog.json';

/** The categories an entry may have; the JSON's `schema.categories` documents each and must list exactly these. */
export const CATALOG_CATEGORIES = [
  'knowledge',
  'reasoning',
  'math',
  'code',
  'agents',
  'long-context',
  'multilingual',
  'language',
  'safety',
  'multimodal',
  'chat',
  'holistic',
] as const;
export type CatalogCategory = (typeof CATALOG_CATEGORIES)[number];

/**
 * How the headline score is built: one plain accuracy over a fixed set of items (`per-item`), a mean of sub-scores,
 * partial credit or judge grades (`averaged`), or a rating or fitted quantity (`continuous`).
 */
export const CATALOG_GRANULARITIES = ['per-item', 'averaged', 'continuous'] as const;
export type CatalogGranularity = (typeof CATALOG_GRANULARITIES)[number];

/** YYYY-MM-DD or YYYY-MM, a real calendar date (2023-02-30 and 2023-13 are refused). */
const partialDate = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be written YYYY-MM-DD, or YYYY-MM when only the month is known')
  .refine((s) => {
    const full = s.length === 7 ? `${s}-01` : s;
    const d = new Date(`${full}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === full;
  }, 'is not a real calendar date');

const text = z.string().trim().min(1, 'must not be empty');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const scaleSchema = z
  .object({
    unit: z.enum(BENCHMARK_UNITS),
    floor: finite.nullable(),
    ceiling: finite.nullable(),
  })
  .strict();

const entrySchema = z
  .object({
    name: text,
    aliases: z.array(text),
    category: z.enum(CATALOG_CATEGORIES),
    metric: text,
    higherIsBetter: z.boolean(),
    scale: scaleSchema,
    granularity: z.enum(CATALOG_GRANULARITIES),
    itemCount: z.number().int('must be a whole number').min(1, 'must be 1 or more').nullable(),
    releaseDate: partialDate.nullable(),
    freshTwins: z.array(z.object({ name: text, reason: text }).strict()),
    sources: z.array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })).min(1, 'must give at least one source'),
    notes: text.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const { unit, floor, ceiling } = e.scale;
    const bound = unit === 'fraction' ? 1 : unit === 'percent' ? 100 : null;
    if (bound !== null) {
      if (ceiling === null) ctx.addIssue({ code: 'custom', path: ['scale', 'ceiling'], message: `a ${unit} benchmark needs a ceiling (only points may be unbounded)` });
      else if (ceiling <= 0 || ceiling > bound) ctx.addIssue({ code: 'custom', path: ['scale', 'ceiling'], message: `a ${unit} ceiling must lie in (0, ${bound}]` });
      if (floor !== null && (floor < 0 || floor >= bound)) ctx.addIssue({ code: 'custom', path: ['scale', 'floor'], message: `a ${unit} floor must lie in [0, ${bound})` });
    }
    if (floor !== null && ceiling !== null && (e.higherIsBetter ? floor >= ceiling : floor <= ceiling))
      ctx.addIssue({ code: 'custom', path: ['scale', 'floor'], message: e.higherIsBetter ? 'must be below the ceiling' : 'must be above the ceiling (lower is better)' });
    // A missing floor or ceiling is a fact someone could not state; the reason belongs next to it.
    if ((floor === null || ceiling === null) && !e.notes)
      ctx.addIssue({ code: 'custom', path: ['notes'], message: 'must say why the floor or ceiling is null' });
    if (e.itemCount !== null && e.granularity !== 'per-item')
      ctx.addIssue({ code: 'custom', path: ['itemCount'], message: `must be null for an ${e.granularity} metric (item counts are only for per-item accuracy)` });
  });

const catalogSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.2.0'),
    updated: partialDate.refine((s) => s.length === 10, 'must be a full date YYYY-MM-DD'),
    schema: z
      .object({
        description: text,
        categories: z.record(z.string(), text),
        fields: z.record(z.string(), text),
      })
      .strict(),
    entries: z.array(entrySchema).min(1, 'must hold at least one entry'),
  })
  .strict();

/** One benchmark as the catalog describes it. */
export type CatalogEntry = z.infer<typeof entrySchema>;

/** The whole catalog, validated, with its lookup. */
export interface BenchmarkCatalog {
  /** Semantic version of the data file; bump it with every change to an entry. */
  version: string;
  /** Date of the last change, YYYY-MM-DD. */
  updated: string;
  entries: readonly CatalogEntry[];
  /** The entry a name or alias means (see `catalogKey`), or undefined. */
  find(name: string): CatalogEntry | undefined;
}

/** One problem found while loading the catalog: the entry it concerns (if any), the field path and what is wrong. */
export interface CatalogIssue {
  entry: string | null;
  path: string;
  message: string;
}

/** Thrown when the catalog file is broken; the message lists every problem with its entry and field. */
export class CatalogError extends Error {
  readonly issues: CatalogIssue[];
  constructor(issues: CatalogIssue[]) {
    const lines = issues.slice(0, 20).map((i) => `  ${i.entry === null ? '' : `entry "${i.entry}" `}${i.path || '(root)'}: ${i.message}`);
    if (issues.length > 20) lines.push(`  ... and ${issues.length - 20} more`);
    super(`The benchmark catalog (data/benchmark-catalog.json) is invalid:\n${lines.join('\n')}`);
    this.name = 'CatalogError';
    this.issues = issues;
  }
}

/** Shot-count phrases: "(5-shot)", "5-shot", "5 shot", "0shot", "zero-shot", "few-shot", "_fewshot_" (lm-eval task names). */
const SHOTS = /(^|[\s_(,-])(?:\d+|zero|one|few)[\s_-]?shots?(?=$|[\s_),-])/g;
/** Everything a spelling may differ in without naming another benchmark: spaces, underscores, dashes, brackets, quotes. */
const SEPARATORS = /[\s_\p{Pd}()[\]{},:;'"‘’“”]+/gu;

/**
 * The key two spellings must share to name the same entry: NFKC, lower case; markdown footnote markers ("[^5]"), HTML
 * tags ("<br>"), emphasis marks and "%" removed; shot counts ("(5-shot)", "5-shot", "zero-shot", "_fewshot") removed;
 * dots removed except between digits; then spaces, underscores, dashes, brackets, commas, colons and quotes removed.
 *
 * So "MMLU (5-shot)", "mmlu" and "MMLU%" share the key "mmlu", and "arc_challenge" and "ARC-Challenge" share
 * "arcchallenge". Digits, "+" and every letter are kept, so GSM8K/GSM1k, MATH/MATH-500/MATH level 5,
 * HumanEval/HumanEval+ and GPQA/GPQA Diamond keep different keys. An empty key (a name that was only decoration)
 * matches nothing.
 */
export function catalogKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[\^[^\]]*\]/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[*`]/g, '')
    .replace(/%/g, ' ')
    .replace(SHOTS, '$1 ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(SEPARATORS, '');
}

function entryLabel(data: unknown, index: unknown): string | null {
  if (typeof index !== 'number' || typeof data !== 'object' || data === null) return null;
  const entries = (data as { entries?: unknown }).entries;
  const entry = Array.isArray(entries) ? (entries[index] as { name?: unknown } | undefined) : undefined;
  return typeof entry?.name === 'string' && entry.name.trim() ? entry.name : `#${index}`;
}

/**
 * Validate catalog data (the parsed JSON) and build its lookup. Checks each entry's fields and types (zod), then the
 * catalog as a whole: names unique, no key (see `catalogKey`) shared by two entries, every fresh twin an existing other
 * entry, and `schema.categories` documenting exactly `CATALOG_CATEGORIES`.
 *
 * @throws CatalogError listing every problem with its entry and field.
 */
export function parseBenchmarkCatalog(data: unknown): BenchmarkCatalog {
  const parsed = catalogSchema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogError(
      parsed.error.issues.map((issue) => {
        const path = issue.path.map(String);
        if (path[0] === 'entries' && path.length >= 2) {
          return { entry: entryLabel(data, issue.path[1]), path: path.slice(2).join('.'), message: issue.message };
        }
        return { entry: null, path: path.join('.'), message: issue.message };
      }),
    );
  }
  const catalog = parsed.data;
  const issues: CatalogIssue[] = [];

  const documented = Object.keys(catalog.schema.categories).sort();
  const expected = [...CATALOG_CATEGORIES].sort();
  if (documented.join(',') !== expected.join(','))
    issues.push({ entry: null, path: 'schema.categories', message: `must document exactly ${expected.join(', ')}` });

  const byName = new Map<string, CatalogEntry>();
  const byKey = new Map<string, CatalogEntry>();
  for (const entry of catalog.entries) {
    if (byName.has(entry.name)) issues.push({ entry: entry.name, path: 'name', message: 'is used by another entry' });
    byName.set(entry.name, entry);
    const spellings = [entry.name, ...entry.aliases];
    for (const [i, spelling] of spellings.entries()) {
      const key = catalogKey(spelling);
      const field = i === 0 ? 'name' : `aliases.${i - 1}`;
      if (!key) {
        issues.push({ entry: entry.name, path: field, message: `"${spelling}" has no letters or digits left to match on` });
        continue;
      }
      const other = byKey.get(key);
      if (other && other !== entry) issues.push({ entry: entry.name, path: field, message: `"${spelling}" also matches entry "${other.name}"` });
      else byKey.set(key, entry);
    }
  }
  for (const entry of catalog.entries) {
    for (const [i, twin] of entry.freshTwins.entries()) {
      if (twin.name === entry.name) issues.push({ entry: entry.name, path: `freshTwins.${i}.name`, message: 'an entry cannot be its own fresh twin' });
      else if (!byName.has(twin.name)) issues.push({ entry: entry.name, path: `freshTwins.${i}.name`, message: `"${twin.name}" is not the name of an entry` });
    }
  }
  if (issues.length) throw new CatalogError(issues);

  return {
    version: catalog.version,
    updated: catalog.updated,
    entries: catalog.entries,
    find: (name) => {
      const key = catalogKey(name);
      return key ? byKey.get(key) : undefined;
    },
  };
}

/** The catalog shipped with Headroom, validated when this module is first imported. */
export const BENCHMARK_CATALOG: BenchmarkCatalog = parseBenchmarkCatalog(catalogJson);

/**
 * The catalog entry a benchmark name means, matching canonical names and aliases by `catalogKey` (case, spacing,
 * underscores, dashes, shot-count suffixes and footnote markers ignored); undefined when no entry matches.
 */
export function findCatalogEntry(name: string): CatalogEntry | undefined {
  return BENCHMARK_CATALOG.find(name);
}

/** What a benchmark an import creates takes from its catalog entry. */
export interface CatalogDefaults {
  entry: CatalogEntry;
  /** Unit, floor (0 where the catalog states none) and ceiling (null: unbounded above). */
  scale: { unit: CatalogEntry['scale']['unit']; floor: number; ceiling: number | null };
  /** Where the defaults come from, for the preview: "the benchmark catalog (MMLU, https://arxiv.org/abs/2009.03300)". */
  source: string;
  /** Benchmark fields besides the scale. A release date known only to the month is stored as its first day. */
  fields: { category: string; metric: string; higherIsBetter: boolean; releaseDate?: string; itemCount?: number };
}

/** The defaults for a benchmark called `name`, when the catalog knows it; null otherwise. */
export function catalogDefaults(name: string): CatalogDefaults | null {
  const entry = findCatalogEntry(name);
  if (!entry) return null;
  const { unit, floor, ceiling } = entry.scale;
  return {
    entry,
    scale: { unit, floor: floor ?? 0, ceiling },
    source: `the benchmark catalog (${entry.name}, ${entry.sources[0]})`,
    fields: {
      category: entry.category,
      metric: entry.metric,
      higherIsBetter: entry.higherIsBetter,
      ...(entry.releaseDate ? { releaseDate: entry.releaseDate.length === 7 ? `${entry.releaseDate}-01` : entry.releaseDate } : {}),
      ...(entry.itemCount !== null ? { itemCount: entry.itemCount } : {}),
    },
  };
}
