/**
 * What each kind of background job does, given a workspace connection and the job's hooks. The same function runs in
 * the job's worker thread (its own connection to the workspace file) or, for an in-memory workspace, in this thread.
 */
import path from 'node:path';
import type { CallContext } from '../../common/api';
import type { WorkContext } from '../../common/progress';
import { ApiError } from '../../common/errors';
import type { JobArgs, JobKind } from '../../common/jobs';
import type { ReportHtml } from '../../common/report';
import { cachedDashboardSummary } from '../dashboard/summary';
import { getMeta } from '../db/repositories/meta';
import { listFlags } from '../flags/store';
import { applyImport, IMPORT_CANCELLED, previewImport, withImportPragmas } from '../importers/tables';
import { buildReport } from '../report/build';
import type { ReportContext } from '../report/data';
import type { Workspace } from '../workspace';

/** What a job's thread hands back: the final result, except for a report, which is printed afterwards in the main process. */
export interface WorkOutputs {
  'import/preview': ReturnType<typeof previewImport>;
  'import/apply': ReturnType<typeof applyImport>;
  'fits/refit': ReturnType<typeof cachedDashboardSummary>;
  'reports/pdf': ReportHtml;
}

/** The report's context (name, demo, flags as last checked: building must not write) for a workspace. */
export function reportContextOf(ws: Workspace): ReportContext {
  return {
    workspaceName: getMeta(ws.db, 'name') ?? path.basename(ws.path).replace(/\.[^.]+$/, ''),
    isDemo: getMeta(ws.db, 'demo') === '1',
    flags: () => listFlags(ws.db),
  };
}

/** Runs one job's work. Throws ApiError('cancelled') when the job was cancelled (an import's transaction rolls back). */
export function performJob<K extends JobKind>(ws: Workspace, kind: K, arg: JobArgs[K], user: string | null, job: WorkContext): WorkOutputs[K] {
  const ctx: CallContext = { user, ...job };
  const db = ws.db;
  switch (kind) {
    case 'import/preview':
      return previewImport(db, arg as JobArgs['import/preview'], ctx) as WorkOutputs[K];
    case 'import/apply':
      // IMMEDIATE, as every write transaction (service.ts tx): the write lock at BEGIN, not on the first insert.
      // withImportPragmas sets foreign keys before BEGIN and puts them back however the transaction ends.
      return withImportPragmas(db, (arg as JobArgs['import/apply']).content, () =>
        db.transaction(() => {
          const summary = applyImport(db, arg as JobArgs['import/apply'], ctx);
          // The last chance to roll back: a cancel that arrives after this commits is too late, and the job says so.
          job.cancel.throwIfCancelled(IMPORT_CANCELLED);
          job.progress.report('committing', 0, 0);
          return summary;
        }).immediate(),
      ) as WorkOutputs[K];
    case 'fits/refit': {
      // Each series' fit is cached as it finishes (one INSERT, atomic), so stopping between series loses nothing.
      const summary = cachedDashboardSummary(db, arg as JobArgs['fits/refit'], job);
      job.cancel.throwIfCancelled('The refit was cancelled; the fits finished before it stopped are kept.');
      return summary as WorkOutputs[K];
    }
    case 'reports/pdf': {
      const { options } = arg as JobArgs['reports/pdf'];
      return buildReport(db, options, { ...reportContextOf(ws), ...job }) as WorkOutputs[K];
    }
    default:
      throw new ApiError('invalid-argument', `There is no job kind "${String(kind)}".`);
  }
}
