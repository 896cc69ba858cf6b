/**
 * The handlers: one function per API method, checked against the contract with `satisfies Api`. Every handler
 * that writes does so inside one transaction, so a rejected call leaves the workspace as it was.
 */
import path from 'node:path';
import type { FlagCheckResult } from '../common/flags';
import type { Api, Method, UpsertSummary } from '../common/api';
import { JOB_METHODS, jobMeta } from '../common/jobs';
import { ApiError } from '../common/errors';
import type { WorkspaceInfo } from '../common/domain';
import { writeDemo } from './demo/generate';
import { buildPublicWorkspace, publicSources } from './public/build';
import { fillDatesFromPublic, missingDates } from './public/dates';
import { dataOrigin, markUserEdit, noteImport } from './public/origin';
import { latestVersion } from './db/migrate';
import { getMeta, tableCounts } from './db/repositories/meta';
import { listOrganizations } from './db/repositories/organizations';
import { deleteModel, getModel, listModels, upsertModel } from './db/repositories/models';
import {
  deleteBenchmark,
  deleteSubtask,
  getBenchmark,
  getSubtask,
  listBenchmarks,
  upsertBenchmark,
  upsertSubtask,
} from './db/repositories/benchmarks';
import { deleteResults, getResult, queryResults, restoreResults, resultHistory } from './db/repositories/results';
import { patchResult, undoResults } from './ingest/edits';
import { emptyCreated, summarise, writeResult, type RowOutcome } from './ingest/results';
import { applyImport, IMPORT_CANCELLED, previewImport, withImportPragmas } from './importers/tables';
import { exportTable } from './importers/export';
import { exportWorkspace, importWorkspace } from './importers/workspaceExport';
import { forecastTable, seriesFitInWorker } from './saturation/fits';
import { forecastBacktest } from './saturation/frontierTrack';
import { capabilityFit } from './capability/workspace';
import { entryFlags } from './flags/entry';
import { listFlags, recomputeFlags, resolveFlag, scheduleFlagsRecompute } from './flags/store';
import { cachedDashboardSummary, cachedDashboardSummaryAsync, scheduleDashboardPrecompute } from './dashboard/summary';
import { buildReport } from './report/build';
import { REPORT_CANCELLED, type ReportContext } from './report/data';
import type { WorkContext } from '../common/progress';
import { pdfReply, printReport, type PdfPrinter } from './report/printer';
import type { Workspace } from './workspace';
import { JobManager } from './jobs/manager';

/** The workspace's display name: the one it was given, else its file name without the extension. */
function workspaceName(ws: Workspace): string {
  return getMeta(ws.db, 'name') ?? path.basename(ws.path).replace(/\.[^.]+$/, '');
}

export function workspaceInfo(ws: Workspace): WorkspaceInfo {
  return {
    path: ws.path,
    name: workspaceName(ws),
    isDemo: getMeta(ws.db, 'demo') === '1',
    origin: dataOrigin(ws.db),
    schemaVersion: latestVersion(),
    counts: tableCounts(ws.db),
  };
}

/** What a transport brings that core cannot do itself. */
export interface HandlerDeps {
  /** Prints a report to PDF (headless Chromium for the CLI and server, printToPDF in Electron); without it 'reports/pdf' is unavailable. */
  printPdf?: PdfPrinter;
  /**
   * Recompute the dashboard and the flags in the background after every write (the app and `headroom serve` do; tests
   * and the CLI's one-shot commands do not), so opening the dashboard answers from the cache and a saved value's flags
   * are recorded without asking.
   */
  precomputeDashboard?: boolean;
}

/**
 * Methods that change what the dashboard shows: after each, a background precompute is scheduled. Long-running ones
 * say so in their job metadata (`writes`, common/jobs.ts) and are added from there.
 */
const DATA_WRITES: readonly Method[] = [
  'workspace/loadDemo',
  'models/upsert',
  'models/delete',
  'models/fillDates',
  'benchmarks/upsert',
  'benchmarks/delete',
  'subtasks/upsert',
  'subtasks/delete',
  'results/upsertMany',
  'results/update',
  'results/delete',
  'results/restore',
  'results/undo',
  'releases/log',
  'import/workspace',
  'flags/resolve',
  ...JOB_METHODS.filter((m) => jobMeta(m).writes),
];

/** Why 'reports/pdf' fails in a process without a printer (the CLI's API, tests). */
const NO_PRINTER = 'PDF printing is not available in this process; use `npx headroom report --out FILE.pdf` or the desktop app.';
/** What a cancelled refit says. */
const REFIT_CANCELLED = 'The refit was cancelled; the fits finished before it stopped are kept.';

/** Delay of the background dashboard precompute after handlers are built on an open workspace (see createHandlers). */
const PRECOMPUTE_AT_OPEN_MS = 1500;

/** The dashboard's own two requests (see views/Overview.svelte), as the API schema parses them. */
const DASHBOARD_REQUESTS = [{ threshold: 0.9, resamples: 0 }, { threshold: 0.9 }] as const;

/** Build the handler map over the current workspace (the desktop app can switch workspaces, hence a getter). */
export function createHandlers(current: () => Workspace, deps: HandlerDeps = {}) {
  const db = () => current().db;
  // Long-running methods started with jobs/start run in worker threads (core/jobs/manager.ts), each calling its own
  // handler from this same map built over the worker's connection; work too small for a worker calls this map here.
  const jobs: JobManager = new JobManager(current, {
    inThread: (method, arg, ctx): unknown => (handlers[method] as (a: unknown, c: typeof ctx) => unknown)(arg, ctx),
    ...(deps.printPdf ? { printPdf: deps.printPdf } : {}),
    ...(deps.precomputeDashboard
      ? {
          onDataChanged: (ws: Workspace) => {
            if (ws.db.open) {
              scheduleDashboardPrecompute(ws.db, DASHBOARD_REQUESTS);
              scheduleFlagsRecompute(ws.db);
            }
          },
        }
      : {}),
  });
  const tx = <T>(fn: () => T): T => {
    // An import job holds the write lock: say so at once rather than wait for it.
    if (jobs.writing(current().path)) {
      throw new ApiError('unavailable', 'An import is being written to this workspace; try again when it has finished, or cancel it.');
    }
    // IMMEDIATE: take the write lock at BEGIN (waiting up to busy_timeout for a refit worker's cache write) rather
    // than on the first write, where a commit by another connection in between fails with SQLITE_BUSY at once.
    return db().transaction(fn).immediate();
  };
  // A change the user makes to the data (not an import, which `imports` records): the workspace's data is then
  // partly their own, and its labels say so (core/public/origin.ts).
  const edit = <T>(fn: () => T): T =>
    tx(() => {
      const out = fn();
      markUserEdit(db());
      return out;
    });
  // Reports list the flags as last checked (no recompute: building a preview must not write).
  const reportContext = (work: WorkContext): ReportContext => {
    const ws = current();
    return { workspaceName: workspaceName(ws), origin: dataOrigin(ws.db), flags: () => listFlags(ws.db), progress: work.progress, cancel: work.cancel };
  };

  const handlers = {
    'workspace/info': () => workspaceInfo(current()),
    'workspace/loadDemo': () => {
      const counts = tableCounts(db());
      if (counts.results > 0 || counts.models > 0 || counts.benchmarks > 0) {
        throw new ApiError('conflict', 'The demo can only be loaded into an empty workspace; open a new workspace first.');
      }
      tx(() => writeDemo(db()));
      return workspaceInfo(current());
    },
    // One transaction of its own (buildPublicWorkspace), refused unless the workspace is empty; usually a job.
    'workspace/loadPublic': (_arg, ctx) => {
      buildPublicWorkspace(db(), ctx, undefined, ctx.user);
      return workspaceInfo(current());
    },
    'workspace/publicSources': () => publicSources(),

    'organizations/list': () => listOrganizations(db()),

    'models/list': () => listModels(db()),
    'models/get': ({ id }) => getModel(db(), id),
    'models/upsert': (arg) => edit(() => getModel(db(), upsertModel(db(), arg))),
    'models/delete': ({ id }) => edit(() => deleteModel(db(), id)),
    'models/missingDates': ({ benchmarkId }) => missingDates(db(), benchmarkId),
    // Through the importers (an Epoch AI models table): noteImport in fillDatesFromPublic records it as such.
    'models/fillDates': ({ dryRun }, ctx) => (dryRun ? fillDatesFromPublic(db(), ctx, true) : tx(() => fillDatesFromPublic(db(), ctx, false))),

    'benchmarks/list': () => listBenchmarks(db()),
    'benchmarks/get': ({ id }) => getBenchmark(db(), id),
    'benchmarks/upsert': (arg) => edit(() => getBenchmark(db(), upsertBenchmark(db(), arg))),
    'benchmarks/delete': ({ id }) => edit(() => deleteBenchmark(db(), id)),
    'subtasks/upsert': (arg) => edit(() => getSubtask(db(), upsertSubtask(db(), arg))),
    'subtasks/delete': ({ id }) => edit(() => deleteSubtask(db(), id)),

    'results/query': (q) => queryResults(db(), q),
    'results/upsertMany': ({ rows, createMissing }, ctx) =>
      edit(() => {
        const created = emptyCreated();
        const outcomes = rows.map((r, i) => writeResult(db(), r, i + 1, { createMissing: createMissing ?? false, user: ctx.user }, created));
        return allOrNothing(outcomes, 'rows');
      }),
    'results/update': ({ id, patch }, ctx) =>
      edit(() => {
        patchResult(db(), id, patch, ctx.user);
        return getResult(db(), id);
      }),
    'results/delete': ({ ids }) => edit(() => ({ deleted: deleteResults(db(), ids) })),
    'results/restore': ({ ids }) => edit(() => ({ restored: restoreResults(db(), ids) })),
    // One call and one transaction however many rows the undone action touched: it lands whole or not at all.
    'results/undo': (undo, ctx) => edit(() => undoResults(db(), undo, ctx.user)),
    'results/history': ({ id }) => resultHistory(db(), id),

    'releases/log': ({ model, results }, ctx) =>
      edit(() => {
        const modelId = upsertModel(db(), model);
        const saved = getModel(db(), modelId);
        const created = emptyCreated();
        const outcomes = results.map((r, i) =>
          writeResult(db(), { ...r, model: saved.name }, i + 1, { createMissing: false, user: ctx.user }, created),
        );
        return { model: getModel(db(), modelId), summary: allOrNothing(outcomes, 'results') };
      }),

    'import/preview': (req, ctx) => previewImport(db(), req, ctx),
    // Foreign keys are set before BEGIN (withImportPragmas), so around tx, not in it.
    'import/apply': (req, ctx) =>
      withImportPragmas(db(), req.content, () =>
        tx(() => {
          const summary = applyImport(db(), req, ctx);
          noteImport(db(), summary);
          // The last chance to roll back: a cancel that arrives after this commits is too late (a job says so).
          ctx.cancel.throwIfCancelled(IMPORT_CANCELLED);
          ctx.progress.report('committing', 0, 0);
          return summary;
        }),
      ),
    'export/table': (req) => exportTable(db(), req),
    'export/workspace': () => exportWorkspace(db()),
    // A whole workspace brings its own record of what its data is (workspace_meta), so it is not marked as an edit.
    'import/workspace': ({ content }) => tx(() => importWorkspace(db(), content)),

    // The bootstrap of one series runs in a worker thread, so the app stays responsive while it resamples.
    'fits/series': (req, ctx) => seriesFitInWorker(db(), req, ctx),
    // In this thread: as a job (its usual way) that is the job's worker thread. Each series' fit is cached as it
    // finishes (one INSERT, atomic), so a cancel between series loses nothing.
    'fits/refit': (req, ctx) => {
      const summary = cachedDashboardSummary(db(), req, ctx);
      ctx.cancel.throwIfCancelled(REFIT_CANCELLED);
      return summary;
    },
    'dashboard/summary': (req, ctx) => cachedDashboardSummaryAsync(db(), req, ctx.progress),
    'forecasts/list': (req, ctx) => forecastTable(db(), req, ctx),
    'forecasts/backtest': (req) => forecastBacktest(db(), req),
    'flags/recompute': (_arg, ctx) => tx(() => recomputeFlags(db(), undefined, ctx.user)),
    'flags/check': ({ model, rows }, ctx) => {
      // The rows are written as saving would write them, checked, and rolled back. Each is written as a report of its
      // own (its source marked), so a stored value of the same cell stays beside it as another report: a tenfold jump
      // or a unit slip against it shows. A row that saving would refuse raises nothing here (saving names its fault).
      let found: FlagCheckResult = { flags: [] };
      try {
        tx(() => {
          const name = model ? getModel(db(), upsertModel(db(), model)).name : '';
          const created = emptyCreated();
          const ids = rows.map((r, i) => writeResult(db(), { ...r, model: r.model ?? name, source: `${r.source ?? ''} (being entered)` }, i + 1, { createMissing: false, user: ctx.user }, created).id);
          const row = new Map(ids.map((id, i) => [id, i]));
          found = { flags: entryFlags(db(), ids.filter((id): id is number => id !== null)).map((f) => ({ row: row.get(f.resultId)!, rule: f.rule, severity: f.severity, kind: f.kind, message: f.message.replace(' (being entered)', '') })) };
          throw new CheckRollback();
        });
      } catch (e) {
        if (!(e instanceof CheckRollback)) throw e;
      }
      return found;
    },
    'flags/list': (q) => listFlags(db(), q),
    'flags/resolve': (arg, ctx) => tx(() => resolveFlag(db(), arg, ctx.user)),
    'capability/fit': () => capabilityFit(db()),
    'reports/html': ({ options }, ctx) => buildReport(db(), options, reportContext(ctx)),
    'reports/pdf': async ({ options }, ctx) => {
      if (!deps.printPdf) throw new ApiError('unavailable', NO_PRINTER);
      const report = buildReport(db(), options, reportContext(ctx));
      ctx.progress.report('printing', 0, 0);
      const printed = await printReport(deps.printPdf, report);
      // Printing cannot be interrupted; a cancel during it drops the PDF.
      ctx.cancel.throwIfCancelled(REPORT_CANCELLED);
      return pdfReply(report, printed);
    },

    'jobs/start': (req, ctx) => jobs.start(req, ctx.user),
    'jobs/status': ({ jobId }) => jobs.status(jobId),
    'jobs/cancel': ({ jobId }) => jobs.cancel(jobId),
    'jobs/list': () => jobs.list(),
  } satisfies Api;

  if (deps.precomputeDashboard) {
    // The workspace being opened too: a file whose dashboard cache is missing or stale (written by an older version
    // or another tool) is brought up to date soon after the window opens; on a fresh cache this only reads it. Not
    // at once: the window's own first requests (the page, the dashboard's frontiers) go first.
    try {
      const d = db();
      if (d.open) scheduleDashboardPrecompute(d, DASHBOARD_REQUESTS, PRECOMPUTE_AT_OPEN_MS);
    } catch {
      // No workspace open yet (the desktop app before its first open): nothing to precompute.
    }
    for (const method of DATA_WRITES) {
      const handler = handlers[method] as (arg: unknown, ctx: unknown) => unknown;
      (handlers as Record<string, unknown>)[method] = async (arg: unknown, ctx: unknown) => {
        const out = await handler(arg, ctx);
        scheduleDashboardPrecompute(db(), DASHBOARD_REQUESTS);
        // A resolution is itself a flags write; every other write may raise or fix flags.
        if (method !== 'flags/resolve') scheduleFlagsRecompute(db());
        return out;
      };
    }
  }

  return handlers;
}

/** Thrown inside flags/check's transaction so that nothing it wrote stays. */
class CheckRollback extends Error {}

/**
 * A batch typed by hand (grid, paste, release form) lands whole or not at all: if any row is rejected the
 * transaction is rolled back by throwing, and every row's issues travel back so the grid can show them inline.
 */
function allOrNothing(outcomes: RowOutcome[], field: 'rows' | 'results'): UpsertSummary {
  const summary = summarise(outcomes);
  if (summary.reject > 0) {
    throw new ApiError('invalid-argument', `${summary.reject} of ${outcomes.length} rows cannot be saved; nothing was written.`, {
      issues: summary.rejected.map((r) => ({ path: `${field}.${r.line - 1}.${r.column ?? ''}`, message: r.reason })),
      rejected: summary.rejected,
    });
  }
  return summary;
}
