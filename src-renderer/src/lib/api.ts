/**
 * The renderer's one way to reach the main process. In Electron the preload exposes `window.api.call`; in a plain
 * browser (`headroom serve`, e2e tests) the same methods are POSTed to /api/<method> with the per-run token that
 * the server wrote into index.html. Either way a failure arrives as an ApiClientError with the field issues, so
 * views can put each message next to the field or cell it concerns.
 */
import type { ApiInput, ApiOutputs, Method } from '../../../src-main/common/api';
import { TOKEN_HEADER, TOKEN_META } from '../../../src-main/common/http';
import type { ApiErrorShape, Envelope, ErrorCode, FieldIssue } from '../../../src-main/common/errors';

declare global {
  interface Window {
    /** Present only inside Electron (see src-main/preload.ts). */
    api?: { call(method: string, arg: unknown): Promise<unknown> };
  }
}

/** A failed call: the server's code and message, plus the per-field issues when it sent any. */
export class ApiClientError extends Error {
  readonly code: ErrorCode | 'network';
  readonly issues: FieldIssue[];
  readonly details: ApiErrorShape['details'];
  constructor(code: ErrorCode | 'network', message: string, details?: ApiErrorShape['details']) {
    super(message);
    this.name = 'ApiClientError';
    this.code = code;
    this.details = details;
    this.issues = Array.isArray(details?.issues) ? details.issues : [];
  }
}

function token(): string {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`);
  return meta?.content ?? '';
}

function isEnvelope(v: unknown): v is Envelope<unknown> {
  return typeof v === 'object' && v !== null && 'ok' in v && typeof (v as { ok: unknown }).ok === 'boolean';
}

function unwrap<T>(reply: unknown): T {
  if (!isEnvelope(reply)) throw new ApiClientError('internal', 'The main process sent a reply in an unknown shape.');
  if (reply.ok) return reply.value as T;
  const e = reply.error;
  throw new ApiClientError(e.code, e.message, e.details);
}

async function overHttp(method: string, arg: unknown, signal?: AbortSignal): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token() },
      body: JSON.stringify(arg ?? {}),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw new ApiClientError('cancelled', 'Cancelled.');
    throw new ApiClientError('network', `Cannot reach the Headroom server: ${e instanceof Error ? e.message : String(e)}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiClientError('internal', `The server answered ${res.status} without a readable body.`);
  }
  return body;
}

/** Call one API method with its typed argument; resolves to its typed output or throws ApiClientError. */
export async function call<M extends Method>(method: M, arg: ApiInput<M>, opts: { signal?: AbortSignal } = {}): Promise<ApiOutputs[M]> {
  const reply = window.api ? await window.api.call(method, arg) : await overHttp(method, arg, opts.signal);
  return unwrap<ApiOutputs[M]>(reply);
}

/** A message fit for a toast from anything a call may throw. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiClientError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
