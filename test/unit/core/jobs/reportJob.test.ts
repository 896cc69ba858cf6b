/**
 * The PDF report as a background job: built in a worker thread with progress per benchmark, printed in the main
 * process, and cancellable between steps (a report writes nothing, so a cancel loses nothing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../../src-main/common/jobs';
import { createDispatcher } from '../../../../src-main/core/dispatch';
import { createHandlers } from '../../../../src-main/core/service';
import { chromiumPrinter } from '../../../../src-main/print/chromium';
import type { PdfPrinter } from '../../../../src-main/core/report/printer';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const finished = (s: JobStatus) => s.state === 'done' || s.state === 'failed' || s.state === 'cancelled';

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

async function setup(printPdf: PdfPrinter) {
  const ws = tempWorkspace();
  disposers.push(() => ws.dispose());
  await apiFor(ws).call('workspace/loadDemo', {});
  const dispatch = createDispatcher(createHandlers(() => ws, { printPdf }));
  const call = async <T>(method: string, arg: unknown): Promise<T> => {
    const env = await dispatch(method, arg, { user: 'tester' });
    if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
    return env.value as T;
  };
  const ids = (await call<{ id: number }[]>('benchmarks/list', {})).map((b) => b.id);
  const follow = async (jobId: string, until: (s: JobStatus) => boolean = finished, seen: JobStatus[] = []) => {
    for (;;) {
      const s = await call<JobStatus>('jobs/status', { jobId });
      seen.push(s);
      if (until(s)) return s;
      await sleep(20);
    }
  };
  return { call, ids, follow };
}

describe('reports/pdf as a job', () => {
  it('builds in a worker with progress per benchmark, then prints', async () => {
    const { call, ids, follow } = await setup(chromiumPrinter('/usr/bin/chromium'));
    const start = await call<JobStatus>('jobs/start', {
      method: 'reports/pdf',
      arg: { options: { benchmarkIds: ids.slice(0, 3), sections: ['summary', 'benchmarks'], title: 'Three', resamples: 20 } },
    });
    expect(start.title).toBe('Report “Three” (PDF)');
    const seen: JobStatus[] = [];
    const end = await follow(start.jobId, finished, seen);
    expect(end.state, end.message).toBe('done');
    const pdf = end.result as { pdfBase64: string; pages: number; fileName: string };
    expect(pdf.fileName).toBe('Three.pdf');
    expect(pdf.pages).toBe(4);
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const phases = [...new Set(seen.map((s) => s.phase))];
    expect(phases).toContain('printing');
    expect(phases.some((p) => p === 'fitting' || p === 'benchmark pages' || p === 'drawing charts')).toBe(true);
  });

  it('a cancel while it builds stops it; a cancel while it prints drops the PDF', async () => {
    let printing = false;
    const slowPrinter: PdfPrinter = async () => {
      printing = true;
      await sleep(1_500);
      return new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    };
    const { call, ids, follow } = await setup(slowPrinter);
    const arg = { options: { benchmarkIds: ids, sections: ['summary', 'benchmarks'] as const, resamples: 200 } };
    const a = await call<JobStatus>('jobs/start', { method: 'reports/pdf', arg });
    await call('jobs/cancel', { jobId: a.jobId });
    const stopped = await follow(a.jobId);
    expect(stopped.state).toBe('cancelled');
    expect(stopped.message).toBe('The report was cancelled.');
    expect(printing).toBe(false);

    const b = await call<JobStatus>('jobs/start', { method: 'reports/pdf', arg: { options: { benchmarkIds: ids.slice(0, 1), sections: ['summary'] } } });
    await follow(b.jobId, (s) => finished(s) || s.phase === 'printing');
    await call('jobs/cancel', { jobId: b.jobId });
    const dropped = await follow(b.jobId);
    expect(dropped.state).toBe('cancelled');
    expect(dropped.result).toBeUndefined();
  });
});
