/**
 * The page's side of chartWorker.ts: one worker per kind of chart (started on first use, so the dashboard's two
 * charts draw side by side and each worker's code stays warm for its own chart), requests answered in order, and the
 * last few pictures kept (switching a filter back shows the earlier picture at once). When a worker cannot be
 * started (a page origin that refuses module workers), every request rejects and the caller draws the interactive
 * chart at once instead, as it would without this.
 */
import type { ChartSpec } from './chartSpecs';
import type { ChartWorkerReply, ChartWorkerRequest } from './chartWorker';

const workers = new Map<ChartSpec['kind'], Worker>();
let broken: string | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (svg: string) => void; reject: (e: Error) => void; key: string }>();
/** Pictures by request text, least recently used first. */
const pictures = new Map<string, string>();
const PICTURES_KEPT = 12;

function failAll(message: string): void {
  broken = message;
  for (const w of waiting.values()) w.reject(new Error(message));
  waiting.clear();
}

function start(kind: ChartSpec['kind']): Worker | null {
  const existing = workers.get(kind);
  if (existing || broken) return existing ?? null;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./chartWorker.ts', import.meta.url), { type: 'module', name: `charts-${kind}` });
    workers.set(kind, worker);
  } catch (e) {
    failAll(`The chart worker could not start: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  worker.onmessage = (e: MessageEvent<ChartWorkerReply>) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if ('svg' in e.data) {
      pictures.set(w.key, e.data.svg);
      if (pictures.size > PICTURES_KEPT) pictures.delete(pictures.keys().next().value ?? '');
      w.resolve(e.data.svg);
    } else w.reject(new Error(e.data.error));
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failAll(`The chart worker failed: ${e.message || 'it could not be loaded'}`);
    for (const w of workers.values()) w.terminate();
    workers.clear();
  };
  return worker;
}

/** The chart `spec` drawn at `width` × `height` CSS pixels, as SVG markup (ECharts escapes the text it holds). */
export function renderStatic(spec: ChartSpec, theme: Record<string, unknown>, width: number, height: number): Promise<string> {
  // $state proxies cannot be cloned: the request travels as plain copies, and its text is the cache key.
  const key = JSON.stringify([spec, theme, width, height]);
  const kept = pictures.get(key);
  if (kept !== undefined) {
    pictures.delete(key);
    pictures.set(key, kept);
    return Promise.resolve(kept);
  }
  const w = start(spec.kind);
  if (!w) return Promise.reject(new Error(broken ?? 'The chart worker is not available.'));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject, key });
    const [plainSpec, plainTheme] = JSON.parse(key) as [ChartSpec, Record<string, unknown>];
    const req: ChartWorkerRequest = { id, spec: plainSpec, theme: plainTheme, width, height };
    w.postMessage(req);
  });
}
