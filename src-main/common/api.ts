/**
 * The one contract between the renderer (or any client) and the main process. Every method is named
 * `domain/verb`, takes one validated argument and returns plain JSON. Electron IPC and the local HTTP server
 * both forward to the same dispatcher, so the renderer never knows which transport it talks to.
 */
import type { z } from 'zod';
import type { ForecastBacktest, ForecastRow, SeriesFit } from './analysis';
import type { CapabilityReport, Flag, FlagCheckResult, FlagRecomputeSummary, FlagRule, Severity } from './flags';
import { flagsListRequest, flagsResolveRequest } from './flags';
import { reportRequest, type ReportHtml, type ReportPdf } from './report';
import { isJobMethod, LONG_RUNNING, type JobMethod, type JobStatus } from './jobs';
import type { DashboardSummary } from './dashboard';
import type { WorkContext } from './progress';
import type {
  Benchmark,
  Model,
  Organization,
  Result,
  ResultHistoryEntry,
  Subtask,
  WorkspaceInfo,
  PublicSourceRef,
} from './domain';
import * as s from './schemas';
import type { TableKind } from './schemas';
import { z as zod } from 'zod';

/**
 * Argument schema of every method that does its work itself (all but jobs/*, which run these in the background).
 * Adding a method starts here.
 */
export const METHOD_SCHEMAS = {
  'workspace/info': s.empty,
  'workspace/loadDemo': s.empty,
  'workspace/loadPublic': s.empty,
  'workspace/publicSources': s.empty,

  'organizations/list': s.empty,

  'models/list': s.empty,
  'models/get': s.byId,
  'models/upsert': s.modelInput,
  'models/delete': s.byId,
  'models/missingDates': zod.object({ benchmarkId: zod.number().int().positive().optional() }).strict(),
  'models/fillDates': zod.object({ dryRun: zod.boolean().optional() }).strict(),

  'benchmarks/list': s.empty,
  'benchmarks/get': s.byId,
  'benchmarks/upsert': s.benchmarkInput,
  'benchmarks/delete': s.byId,
  'subtasks/upsert': s.subtaskInput,
  'subtasks/delete': s.byId,

  'results/query': s.resultsQuery,
  'results/upsertMany': zod
    .object({ rows: zod.array(s.resultInput).min(1).max(100_000), createMissing: zod.boolean().optional() })
    .strict(),
  'results/update': zod.object({ id: s.byId.shape.id, patch: s.resultPatch }).strict(),
  'results/delete': s.byIds,
  'results/restore': s.byIds,
  /** Undo one action on results, whole or not at all (see schemas.resultsUndo). */
  'results/undo': s.resultsUndo,
  'results/history': s.byId,

  'releases/log': zod
    .object({
      model: s.modelInput,
      results: zod.array(s.resultInput.omit({ model: true })).max(10_000),
    })
    .strict(),

  'import/preview': s.importRequest,
  'import/apply': s.importRequest,
  'export/table': s.exportRequest,
  'export/workspace': s.empty,
  'import/workspace': s.workspaceImportRequest,

  'fits/series': s.seriesFitRequest,
  /** Fit every benchmark of the dashboard's selection in this thread (each fit cached as it finishes); long: a job. */
  'fits/refit': s.dashboardRequest,
  'forecasts/list': s.forecastListRequest,
  /** The rolling-origin track record of the date-axis frontier forecast, per benchmark and pooled, with the naive baselines. */
  'forecasts/backtest': s.backtestRequest,

  'flags/recompute': s.empty,
  'flags/list': flagsListRequest,
  'flags/resolve': flagsResolveRequest,
  /** The flags values would raise if saved (Log release, the results grid): written in a transaction that is rolled back. */
  'flags/check': zod
    .object({ model: s.modelInput.optional(), rows: zod.array(s.resultInput.partial({ model: true })).min(1).max(10_000) })
    .strict(),
  'capability/fit': s.empty,
  'dashboard/summary': s.dashboardRequest,

  'reports/html': reportRequest,
  'reports/pdf': reportRequest,
} as const;

/** A method that does its work itself; the long-running ones among them (common/jobs.ts) can also run as jobs. */
export type DirectMethod = keyof typeof METHOD_SCHEMAS;
/** A direct method's argument after validation. */
export type DirectArg<M extends DirectMethod> = z.output<(typeof METHOD_SCHEMAS)[M]>;

/** Argument of 'jobs/start': a long-running method and its own argument, as its direct call takes it. */
export type JobStartRequest = { [M in JobMethod]: { method: M; arg: z.input<(typeof METHOD_SCHEMAS)[M]> } }[JobMethod];
/** 'jobs/start' after validation (the method's defaults applied to arg). */
export type JobStartArg = { [M in JobMethod]: { method: M; arg: DirectArg<M> } }[JobMethod];

/**
 * 'jobs/start' checks `arg` with the very schema of the direct method, issues coming back under `arg.`. The method is
 * looked up in LONG_RUNNING when the request arrives, so a method's metadata entry is all it takes to accept it; the
 * cast restores the per-method pairing of method and argument that a lookup cannot express.
 */
const jobStartRequest = zod
  .object({ method: zod.string(), arg: zod.unknown().optional() })
  .strict()
  .transform((req, ctx) => {
    if (!isJobMethod(req.method)) {
      ctx.addIssue({ code: 'custom', path: ['method'], message: `must be a long-running method (${Object.keys(LONG_RUNNING).join(', ')})` });
      return zod.NEVER;
    }
    const parsed = (METHOD_SCHEMAS[req.method] as zod.ZodType).safeParse(req.arg ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['arg', ...issue.path], message: issue.message });
      return zod.NEVER;
    }
    return { method: req.method, arg: parsed.data };
  }) as unknown as zod.ZodType<JobStartArg, JobStartRequest>;

export const jobIdRequest = zod.object({ jobId: zod.string().uuid('must be a job id from jobs/start') }).strict();

/** Argument schema of every method: the direct ones, and the jobs/* methods that run long ones in the background. */
export const API_SCHEMAS = {
  ...METHOD_SCHEMAS,
  'jobs/start': jobStartRequest,
  'jobs/status': jobIdRequest,
  'jobs/cancel': jobIdRequest,
  'jobs/list': s.empty,
} as const;

export type Method = keyof typeof API_SCHEMAS;
export const METHODS = Object.keys(API_SCHEMAS) as Method[];

/** What a caller passes (defaults not yet applied). */
export type ApiInput<M extends Method> = z.input<(typeof API_SCHEMAS)[M]>;
/** What a handler receives (after validation). */
export type ApiArg<M extends Method> = z.output<(typeof API_SCHEMAS)[M]>;

/** One row-level problem of an import or a batch: where and why. Lines count from 1 and include the header. */
export interface RowIssue {
  /** Line in the file (header is line 1), or row index + 1 in a batch. */
  line: number;
  /** The column or field concerned, as the file names it; null for the whole row. */
  column: string | null;
  reason: string;
  /** The offending text, cut to 80 characters. */
  value?: string;
  /** Where in the file when a line alone cannot say it: a JSON path, a markdown cell, an archive member. */
  place?: string;
}

/** Models with results but no release date (left out of date-axis charts), and how many the public model list can date. */
export interface MissingDates {
  /** Models with results (on the benchmark asked about, or anywhere) and no release date. */
  models: number;
  /** Their results. */
  results: number;
  /** Models with results, dated or not. */
  modelsWithResults: number;
  /** How many of the undated models the public model list dates (by name or alias). */
  fillable: number;
  /** The list's name ("Epoch AI") and snapshot date. */
  listName: string;
  listDate: string;
}

/** What filling release dates from the public model list did (or would do, for a dry run). */
export interface FillDatesResult {
  filled: { model: string; date: string; listedAs: string }[];
  listName: string;
  listDate: string;
}

/** A name in an imported file that matches an existing entry only loosely; the preview asks what to do with it. */
export interface UnsureName {
  kind: 'model' | 'benchmark';
  /** The name as the file writes it (after setting suffixes such as "_high" are taken off). */
  name: string;
  /** Entries it may mean, best first; score 1 = same letters and digits, 0.9 = same once a date is removed. */
  candidates: { id: number; name: string; score: number }[];
  /**
   * What the import does when no resolution is given: always 'create' (a name is never merged without the analyst's
   * choice); the candidates' scores say how likely a merge is right.
   */
  suggestion: 'merge' | 'create';
  reason: string;
}

/**
 * A reading of the file that changes what a cell says (a unit conversion, a new benchmark's unit and range, a column
 * read as a model attribute, a name suffix read as a setting, a date column's meaning), listed in the preview with
 * how many values it touches. Apply does what `chosen` says; request.choices[id] changes it.
 */
export interface ImportDecision {
  /** Key for request.choices, e.g. "unit:mmlu", "column:Model Size (B)", "suffix:o3-high". */
  id: string;
  kind: 'unit' | 'new-benchmark' | 'name' | 'column' | 'suffix' | 'date' | 'replicates';
  /** What it is about: a benchmark, a file column, a name. */
  subject: string;
  /** One sentence: what the import does, why, and how many values change. */
  message: string;
  /** Values (or rows) it changes. */
  count: number;
  options: { value: string; label: string }[];
  /** The option in effect. */
  chosen: string;
  /** The option chosen when the request says nothing (the reading that changes the fewest values). */
  suggested: string;
}

/** A result of the previous import of the same file name that the changed file no longer contains. */
export interface RemovedResult {
  id: number;
  model: string;
  benchmark: string;
  subtask: string | null;
  score: number;
  line: number | null;
  place: string | null;
}

/** What re-importing a changed file (same name, different content) does to the results of its previous import. */
export interface ImportDiff {
  previousImportedAt: string;
  previousHash: string;
  added: number;
  changed: number;
  /** Results of the previous import of this file name that are absent now (up to 1,000 listed). */
  removed: RemovedResult[];
  removedCount: number;
  /** True when this import deletes them (request removeMissing). */
  removing: boolean;
}

export type RowAction = 'add' | 'update' | 'unchanged' | 'reject';

export interface ImportRowOutcome {
  line: number;
  action: RowAction;
  /** The row as Headroom reads it (canonical column → value). */
  values: Record<string, string | number | boolean | null>;
  /** For updates: the fields that change, "field: old → new". */
  changes?: string[];
  issues?: RowIssue[];
}

export interface ImportCounts {
  add: number;
  update: number;
  unchanged: number;
  reject: number;
}

export interface ImportPreview {
  fileName: string;
  kind: TableKind;
  delimiter: string;
  headers: string[];
  /** File column → Headroom column actually used. */
  mapping: Record<string, string>;
  /** File columns that map to nothing and are ignored. */
  ignoredColumns: string[];
  totalRows: number;
  /** What the rows do to the workspace. Rows that repeat an earlier row of the same file are not in it: see `repeated`. */
  counts: ImportCounts;
  /**
   * Rows that repeat the key of an earlier row of the same file, identical or replacing it ("the later row is kept"):
   * they add, update or keep nothing the earlier row did not (a README's history repeats thousands). Repeats kept as
   * replicates are rows of their own and count as added.
   */
  repeated: number;
  /** Entities the import would create. */
  created: { organizations: string[]; models: string[]; benchmarks: string[]; subtasks: string[] };
  /** Every rejected row with line, column and reason. */
  rejected: RowIssue[];
  /** Up to sampleSize rows of each action, for the preview table. */
  sample: ImportRowOutcome[];
  /** The same bytes were imported before (on this date). */
  previouslyImportedAt: string | null;
  warnings: string[];
  /** The file's format as detected: headroom-csv, lm-eval, inspect, helm, opencompass, epoch-*, markdown. */
  format: string;
  /** Names matched only loosely (normalized or fuzzy), with candidates; resolve them with request.resolutions. */
  unsure: UnsureName[];
  /** Every reading that changes what a cell says, with its count; change one with request.choices. */
  decisions: ImportDecision[];
  /** Model attributes the file gives beside its results (a wide table's release dates, sizes): what they add or change. */
  attributes: { counts: ImportCounts; sample: ImportRowOutcome[]; rejected: RowIssue[] } | null;
  /** Set when a file of the same name but different content was imported before. */
  diff: ImportDiff | null;
  /**
   * The value flags the import's results would raise (below zero, out of range, above the ceiling, unit slips, tenfold
   * jumps), each cause once; importing is still allowed, and the flags are recorded when they recompute.
   */
  flags?: { total: number; bySeverity: Record<Severity, number>; sample: { rule: FlagRule; severity: Severity; message: string; results: number }[] };
}

export interface ImportSummary extends ImportCounts {
  /** As ImportPreview.repeated. */
  repeated: number;
  importId: number | null;
  kind: TableKind;
  created: ImportPreview['created'];
  rejected: RowIssue[];
  format: string;
  /** Results of the previous import of this file name deleted because the new file lacks them (removeMissing). */
  removed: number;
  /** Name decisions remembered as aliases. */
  aliasesAdded: number;
}

/** A whole workspace as plain JSON: every table's rows, so it imports back into an empty workspace unchanged. */
export interface WorkspaceExport {
  format: 'headroom-workspace';
  schemaVersion: number;
  exportedAt: string;
  tables: Record<string, Record<string, unknown>[]>;
}

export interface UpsertSummary extends ImportCounts {
  ids: number[];
  rejected: RowIssue[];
}

/** Output of every method. */
export interface ApiOutputs {
  'workspace/info': WorkspaceInfo;
  'workspace/loadDemo': WorkspaceInfo;
  /** The public benchmark results (data/public) imported into this empty workspace; see core/public/build.ts. */
  'workspace/loadPublic': WorkspaceInfo;
  /** What 'workspace/loadPublic' would load: the shipped sources and their as-of date (data/public/sources.json). */
  'workspace/publicSources': { asOf: string; sources: PublicSourceRef[] };
  'organizations/list': Organization[];
  'models/list': Model[];
  'models/get': Model;
  'models/upsert': Model;
  'models/delete': { deleted: number; results: number };
  'models/missingDates': MissingDates;
  'models/fillDates': FillDatesResult;
  'benchmarks/list': Benchmark[];
  'benchmarks/get': Benchmark;
  'benchmarks/upsert': Benchmark;
  'benchmarks/delete': { deleted: number; results: number };
  'subtasks/upsert': Subtask;
  'subtasks/delete': { deleted: number; results: number };
  'results/query': { rows: Result[]; total: number };
  'results/upsertMany': UpsertSummary;
  'results/update': Result;
  'results/delete': { deleted: Result[] };
  'results/restore': { restored: number };
  'results/undo': { deleted: number; restored: number; updated: number };
  'results/history': ResultHistoryEntry[];
  'releases/log': { model: Model; summary: UpsertSummary };
  'import/preview': ImportPreview;
  'import/apply': ImportSummary;
  'export/table': { fileName: string; content: string; rows: number };
  'export/workspace': { fileName: string; content: string; rows: number };
  'import/workspace': { tables: Record<string, number> };
  'fits/series': SeriesFit;
  /** The dashboard with every benchmark's fit. */
  'fits/refit': DashboardSummary;
  'forecasts/list': ForecastRow[];
  'forecasts/backtest': ForecastBacktest;
  'flags/recompute': FlagRecomputeSummary;
  'flags/list': Flag[];
  'flags/resolve': Flag;
  'flags/check': FlagCheckResult;
  'capability/fit': CapabilityReport;
  'dashboard/summary': DashboardSummary;
  'reports/html': ReportHtml;
  'reports/pdf': ReportPdf;
  'jobs/start': JobStatus;
  'jobs/status': JobStatus;
  'jobs/cancel': JobStatus;
  'jobs/list': JobStatus[];
}

/**
 * Context every handler receives from its transport: who acts, and the progress and cancel of long work (see
 * common/progress.ts). A direct call gets a progress that goes nowhere and a cancel tied to its request; a background
 * job (jobs/start) gets its worker's progress and its jobs/cancel flag. Handlers never ask which one they got.
 */
export interface CallContext extends WorkContext {
  /** Who is acting, written into provenance (logged_by, changed_by). */
  user: string | null;
}

/** The handler map type: implementations are checked with `satisfies Api`. */
export type Api = {
  [M in Method]: (arg: ApiArg<M>, ctx: CallContext) => ApiOutputs[M] | Promise<ApiOutputs[M]>;
};
