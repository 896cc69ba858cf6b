/**
 * Jobs are methods of the one API: a job runs the long-running method's own handler (in its worker, over the worker's
 * connection) and answers what the direct call answers, and a method needs nothing but its LONG_RUNNING entry to run
 * as one.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiInput, ApiOutputs } from '../../../../src-main/common/api';
import { LONG_RUNNING, type JobMeta, type JobMethod, type JobStatus } from '../../../../src-main/common/jobs';
import type { PdfPrinter } from '../../../../src-main/core/report/printer';
import type { HandlerDeps } from '../../../../src-main/core/service';
import { apiFor } from '../../../helpers/api';
import { waitForJob } from '../../../helpers/jobs';
import { workspacesPerTest } from '../../../helpers/workspace';

const { workspace } = workspacesPerTest();

function setup(deps: HandlerDeps = {}) {
  const ws = workspace();
  const api = apiFor(ws, deps);
  /** Runs `method` as a job and resolves with its final status (every status seen goes into `seen`). */
  const asJob = async <M extends JobMethod>(method: M, arg: ApiInput<M>, seen: JobStatus[] = []): Promise<JobStatus<M>> => {
    // The cast pairs method and argument, which TypeScript cannot follow through the union of start requests.
    const start = await api.call('jobs/start', { method, arg } as ApiInput<'jobs/start'>);
    return (await waitForJob((jobId) => api.call('jobs/status', { jobId }), start.jobId, undefined, seen)) as JobStatus<M>;
  };
  return { ws, api, asJob };
}

/** A results CSV of `rows` distinct results, more than the 256 KiB that an import needs to get a worker. */
function bigCsv(rows: number): string {
  const lines = ['model,benchmark,score,source'];
  for (let i = 0; i < rows; i++) lines.push(`model-${i % 300},bench-${Math.floor(i / 300)},${((i * 7919) % 1000) / 1000},paper`);
  return lines.join('\n');
}

/** Results as stored, without the moments they were written at. */
async function storedResults(api: ReturnType<typeof apiFor>) {
  const { rows } = await api.call('results/query', { limit: 100_000 });
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !/At$/.test(k))));
}

describe('the direct and the job path of a method answer the same', () => {
  it('import/apply: the same summary and the same results', async () => {
    const direct = setup();
    const job = setup();
    const arg = { fileName: 'big.csv', content: bigCsv(12_000) };
    const answer = await direct.api.call('import/apply', arg);
    const end = await job.asJob('import/apply', arg);
    expect(end.state, end.message).toBe('done');
    expect(end.result).toEqual(answer);
    expect(await storedResults(job.api)).toEqual(await storedResults(direct.api));
  });

  it('fits/refit: the same dashboard', async () => {
    const direct = setup();
    const job = setup();
    await direct.api.call('workspace/loadDemo', {});
    await job.api.call('workspace/loadDemo', {});
    const arg = { resamples: 10, asOf: '2025-06-30' };
    const answer = await direct.api.call('fits/refit', arg);
    const seen: JobStatus[] = [];
    const end = await job.asJob('fits/refit', arg, seen);
    expect(end.state, end.message).toBe('done');
    expect(end.result).toEqual(answer);
    expect(seen.some((s) => s.phase === 'fitting' && / of \d+ series$/.test(s.message))).toBe(true);
  });

  it('reports/pdf: the same PDF from the same printer, and unavailable alike without one', async () => {
    // A printer whose "PDF" names the HTML it was given: equal files mean equal reports.
    const printer: PdfPrinter = async (html) => new TextEncoder().encode(`%PDF-1.4\n%${createHash('sha256').update(html).digest('hex')}\n%%EOF\n`);
    const direct = setup({ printPdf: printer });
    const job = setup({ printPdf: printer });
    await direct.api.call('workspace/loadDemo', {});
    await job.api.call('workspace/loadDemo', {});
    const ids = (await direct.api.call('benchmarks/list', {})).slice(0, 2).map((b) => b.id);
    const arg = { options: { benchmarkIds: ids, sections: ['summary' as const], asOf: '2025-06-30', title: 'Same' } };
    const answer = await direct.api.call('reports/pdf', arg);
    const end = await job.asJob('reports/pdf', arg);
    expect(end.state, end.message).toBe('done');
    expect(end.result).toEqual(answer);

    const none = setup();
    const refused = await none.api.raw('reports/pdf', { options: {} });
    expect(refused.ok).toBe(false);
    const failed = await none.asJob('reports/pdf', { options: {} });
    expect(failed.state).toBe('failed');
    if (!refused.ok) expect(failed.error).toEqual(refused.error);
  });
});

describe('a long-running method is one handler plus one metadata line', () => {
  it('runs a method given a LONG_RUNNING entry as a job, through its own handler, with no other edit', async () => {
    // forecasts/list is a direct method without an entry: give it one, as a new long-running method would get.
    const table = LONG_RUNNING as unknown as Record<string, JobMeta<ApiInput<'forecasts/list'>>>;
    table['forecasts/list'] = { title: (a) => `Forecasts (${a.resamples} resamples)`, lane: 'read', units: { fitting: 'series' } };
    try {
      const { api, asJob } = setup();
      await api.call('workspace/loadDemo', {});
      const arg = { resamples: 10, includeSubtasks: true };
      const seen: JobStatus[] = [];
      const end = (await asJob('forecasts/list' as JobMethod, arg as never, seen)) as JobStatus & { result?: ApiOutputs['forecasts/list'] };
      expect(end.state, end.message).toBe('done');
      expect(end.title).toBe('Forecasts (10 resamples)');
      expect(seen.some((s) => s.phase === 'fitting' && / of \d+ series$/.test(s.message))).toBe(true);
      // The job cached every fit it made: the direct call now reads them and must answer exactly the same.
      expect(end.result).toEqual(await api.call('forecasts/list', arg));
      // Its argument is checked with the method's own schema.
      const bad = await api.raw('jobs/start', { method: 'forecasts/list', arg: { resamples: -1 } });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.details?.issues?.[0]?.path).toBe('arg.resamples');
    } finally {
      delete table['forecasts/list'];
    }
    // Without the entry it is not a job.
    const { api } = setup();
    const refused = await api.raw('jobs/start', { method: 'forecasts/list', arg: {} });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.details?.issues?.[0]?.path).toBe('method');
  });
});
