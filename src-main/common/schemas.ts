/**
 * Validation schemas for every API argument (zod). They live beside the contract so the renderer can run the
 * same checks before sending, and the dispatcher runs them again on arrival: nothing unvalidated reaches a handler.
 */
import { z } from 'zod';
import { BENCHMARK_UNITS, SOURCE_KINDS } from './domain';
import { DATE_PATTERN, isCalendarDate, MAX_NAME, resultFieldSchemas as result } from './resultRules';

/** A calendar date YYYY-MM-DD that really exists (2023-02-30 is refused); the date rule of resultRules.ts. */
export const isoDate = z.string().trim().regex(DATE_PATTERN, 'must be a date written YYYY-MM-DD').refine(isCalendarDate, 'is not a real calendar date');

export const name = z.string().trim().min(1, 'must not be empty').max(MAX_NAME, `must be at most ${MAX_NAME} characters`);
const optText = z.string().trim().max(10_000).nullable().optional();
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be greater than 0');
const posInt = z.number().int('must be a whole number').min(1, 'must be 1 or more');

export const sourceKind = z.enum(SOURCE_KINDS);
export const benchmarkUnit = z.enum(BENCHMARK_UNITS);

/** The evaluation setting of a result; its fields' rules are those of RESULT_RULES (common/resultRules.ts). */
export const settingInput = z.object({
  shots: result.shots,
  cot: result.cot,
  passK: result.passK,
  testTimeCompute: result.testTimeCompute,
  effort: result.effort,
  /** Label of one run among replicates (a seed, a trial); see Setting.run. */
  run: result.run,
});

export const modelInput = z
  .object({
    id: posInt.optional(),
    name,
    family: optText,
    organization: z.string().trim().max(MAX_NAME).nullable().optional(),
    releaseDate: isoDate.nullable().optional(),
    parameters: positive.nullable().optional(),
    trainingComputeFlop: positive.nullable().optional(),
    trainingTokens: positive.nullable().optional(),
    openWeights: z.boolean().nullable().optional(),
    notes: optText,
    aliases: z.array(name).max(100).optional(),
  })
  .strict();
export type ModelInput = z.input<typeof modelInput>;

export const benchmarkInput = z
  .object({
    id: posInt.optional(),
    name,
    version: optText,
    category: optText,
    metric: z.string().trim().min(1).max(100).optional(),
    unit: benchmarkUnit.optional(),
    higherIsBetter: z.boolean().optional(),
    floor: finite.optional(),
    ceiling: finite.optional(),
    /** False: the scale has no top (Elo, a time horizon); the ceiling is then a placeholder. */
    bounded: z.boolean().optional(),
    ceilingReason: optText,
    humanBaseline: finite.nullable().optional(),
    releaseDate: isoDate.nullable().optional(),
    itemCount: posInt.nullable().optional(),
    description: optText,
    aliases: z.array(name).max(100).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const floor = b.floor ?? 0;
    if (b.bounded === false) {
      if (b.unit === 'fraction' || b.unit === 'percent') ctx.addIssue({ code: 'custom', path: ['bounded'], message: 'only a points benchmark can have no upper bound' });
      return;
    }
    const ceiling = b.ceiling ?? (b.unit === 'percent' ? 100 : 1);
    if (floor === ceiling) ctx.addIssue({ code: 'custom', path: ['ceiling'], message: 'must differ from the floor' });
    if (b.unit === 'fraction' && (ceiling > 1 || floor < 0))
      ctx.addIssue({ code: 'custom', path: ['ceiling'], message: 'a fraction benchmark keeps floor and ceiling within 0–1' });
    if (b.unit === 'percent' && (ceiling > 100 || floor < 0))
      ctx.addIssue({ code: 'custom', path: ['ceiling'], message: 'a percent benchmark keeps floor and ceiling within 0–100' });
  });
export type BenchmarkInput = z.input<typeof benchmarkInput>;

export const subtaskInput = z
  .object({
    id: posInt.optional(),
    benchmarkId: posInt,
    name,
    weight: finite.refine((v) => v >= 0, 'must be 0 or more').nullable().optional(),
    itemCount: posInt.nullable().optional(),
    floor: finite.nullable().optional(),
  })
  .strict();
export type SubtaskInput = z.input<typeof subtaskInput>;

/**
 * One result addressed by names, as typed in a grid, pasted, or read from a file: every field of RESULT_RULES
 * (common/resultRules.ts), whose rules are the only place a result's limits are written.
 */
export const resultInput = z.object(result).strict();
export type ResultInput = z.input<typeof resultInput>;

/** The fields of a stored result an edit may change (a score left out keeps the stored one). */
export const resultPatch = resultInput.omit({ model: true, benchmark: true, subtask: true }).extend({ score: result.score.optional() }).strict();
export type ResultPatch = z.input<typeof resultPatch>;

/**
 * The undo of one action on results (a pasted batch, a delete, an edit), applied in one transaction: the rows the
 * action added are deleted, the rows it deleted are restored from the image their delete left in history, and the
 * values it replaced are written back, in that order. Any id that is missing (or present, for a restore) rolls the
 * whole undo back, with an issue at `delete.<i>`, `restore.<i>` or `update.<i>.id`.
 */
export const resultsUndo = z
  .object({
    /** Results the action added. */
    delete: z.array(posInt).max(100_000).optional(),
    /** Results the action deleted. */
    restore: z.array(posInt).max(100_000).optional(),
    /** Results the action changed, each with the values it replaced (as results/update takes them). */
    update: z.array(z.object({ id: posInt, patch: resultPatch }).strict()).max(100_000).optional(),
  })
  .strict()
  .refine((u) => (u.delete?.length ?? 0) + (u.restore?.length ?? 0) + (u.update?.length ?? 0) > 0, 'names no result to delete, restore or update');
export type ResultsUndo = z.input<typeof resultsUndo>;

export const RESULT_SORT_FIELDS = ['model', 'benchmark', 'subtask', 'score', 'stderr', 'n', 'source', 'evaluatedOn', 'loggedAt', 'releaseDate'] as const;

export const resultsQuery = z
  .object({
    benchmarkIds: z.array(posInt).max(10_000).optional(),
    modelIds: z.array(posInt).max(10_000).optional(),
    /** 'aggregate' keeps whole-benchmark results, 'subtasks' keeps subtask results. */
    level: z.enum(['all', 'aggregate', 'subtasks']).optional(),
    sourceKinds: z.array(sourceKind).optional(),
    /** Case-insensitive text matched against model, benchmark, subtask and source. */
    search: z.string().trim().max(200).optional(),
    sort: z.object({ field: z.enum(RESULT_SORT_FIELDS), dir: z.enum(['asc', 'desc']) }).optional(),
    limit: z.number().int().min(1).max(1_000_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type ResultsQuery = z.input<typeof resultsQuery>;

export const TABLE_KINDS = ['results', 'models', 'benchmarks'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const importRequest = z
  .object({
    fileName: z.string().trim().min(1).max(1_000),
    content: z.string().max(512 * 1024 * 1024),
    /** File column header → Headroom column name, for files that name things differently. */
    mapping: z.record(z.string(), z.string()).optional(),
    /** Values for columns the file lacks, applied to every row (e.g. { benchmark: 'MMLU' } for a one-benchmark leaderboard). */
    constants: z.record(z.string(), z.string().max(2_000)).optional(),
    /** Force the kind instead of telling it from the headers. */
    kind: z.enum(TABLE_KINDS).optional(),
    /** How many rows of each outcome to send back in a preview. */
    sampleSize: z.number().int().min(0).max(100_000).optional(),
    /** How `content` is written: text (default) or base64 for binary files such as Inspect .eval archives. */
    encoding: z.enum(['utf8', 'base64']).optional(),
    /** Decisions for names the preview was unsure of, keyed "model:<name>" or "benchmark:<name>". */
    resolutions: z
      .record(z.string().max(1_000), z.object({ action: z.enum(['merge', 'create', 'skip']), targetId: posInt.optional() }).strict())
      .optional(),
    /** The analyst's choices for the preview's decisions: decision id → option value (see ImportDecision). */
    choices: z.record(z.string().max(1_000), z.string().max(1_000)).optional(),
    /** Delete results of the previous import of this file name that the changed file no longer contains. */
    removeMissing: z.boolean().optional(),
    /** Other files of the same run read together with this one (HELM run_spec.json; lm-eval samples_*.jsonl). */
    companions: z
      .array(z.object({ fileName: z.string().trim().min(1).max(1_000), content: z.string().max(512 * 1024 * 1024) }).strict())
      .max(1_000)
      .optional(),
  })
  .strict();
export type ImportRequest = z.input<typeof importRequest>;

export const exportRequest = z
  .object({
    kind: z.enum(TABLE_KINDS),
    format: z.enum(['csv', 'tsv', 'json']).optional(),
    query: resultsQuery.optional(),
  })
  .strict();
export type ExportRequest = z.input<typeof exportRequest>;

/** A whole-workspace JSON export (export/workspace) to load into an empty workspace. */
export const workspaceImportRequest = z.object({ content: z.string().min(1).max(1024 * 1024 * 1024) }).strict();

export const empty = z.object({}).strict();
export const byId = z.object({ id: posInt }).strict();
export const byIds = z.object({ ids: z.array(posInt).min(1).max(100_000) }).strict();

export const axis = z.enum(['date', 'compute', 'parameters', 'ttc', 'capability']);
export const fitForm = z.enum(['logistic', 'gompertz', 'richards', 'auto']);
const threshold = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');

/** A two-sided interval level, strictly between 0 and 1 (0.8 = the 10th to the 90th percentile). */
const intervalLevel = z.number().gt(0).lt(1);

export const seriesFitRequest = z
  .object({
    benchmarkId: posInt,
    subtaskId: posInt.nullable().optional(),
    axis,
    form: fitForm.optional(),
    points: z.enum(['all', 'frontier']).optional(),
    floor: z.enum(['fixed', 'free']).optional(),
    ceiling: z.enum(['fixed', 'free']).optional(),
    threshold: threshold.optional(),
    resamples: z.number().int().min(0).max(2_000).optional(),
    /** Take partial evaluations (a --limit run, a cancelled run) as points; they are left out by default. */
    includePartial: z.boolean().optional(),
    /** Two-sided level of the frontier forecast's predictive interval. Default 0.8. */
    level: intervalLevel.optional(),
  })
  .strict();

export const forecastListRequest = z
  .object({
    axis: axis.optional(),
    threshold: threshold.optional(),
    benchmarkIds: z.array(posInt).max(10_000).optional(),
    includeSubtasks: z.boolean().optional(),
    form: fitForm.optional(),
    resamples: z.number().int().min(0).max(2_000).optional(),
    /** Two-sided level of the predictive intervals (crossing and frontierAt). Default 0.8. */
    level: intervalLevel.optional(),
    /** Dates at which to give the predicted frontier (each row's frontierAt), release-date axis only. */
    at: z.array(isoDate).max(100).optional(),
  })
  .strict();

export const backtestRequest = z
  .object({
    threshold: threshold.optional(),
    level: intervalLevel.optional(),
  })
  .strict();

export const dashboardRequest = z
  .object({
    threshold: threshold.optional(),
    horizonYears: z.number().gt(0).max(50).optional(),
    asOf: isoDate.optional(),
    resamples: z.number().int().min(0).max(2_000).optional(),
    category: z.string().trim().max(200).optional(),
    /** Answer at once from the frontiers when the fits are not cached (see core/dashboard/summary.ts). */
    frontiersOnly: z.boolean().optional(),
  })
  .strict();
