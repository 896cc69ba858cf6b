/**
 * The dispatcher: the single entry point behind every transport (Electron IPC, HTTP, tests). It checks that the
 * method exists, validates the argument with the method's schema, calls the handler and returns plain JSON:
 * `{ ok: true, value }` or `{ ok: false, error: { code, message, details } }`. It never throws.
 */
import type { ZodError } from 'zod';
import { API_SCHEMAS, type Api, type CallContext, type Method } from '../common/api';
import { ApiError, type Envelope, type FieldIssue } from '../common/errors';
import { neverCancelled, noProgress } from '../common/progress';

/**
 * One call into the API. The transport says who acts and, where a request can go away (HTTP), gives a `cancel` tied
 * to it; what it leaves out is supplied here (no progress, never cancelled).
 */
export type Call = (method: string, arg: unknown, ctx?: Partial<CallContext>) => Promise<Envelope<unknown>>;

function isMethod(m: string): m is Method {
  return Object.prototype.hasOwnProperty.call(API_SCHEMAS, m);
}

/** Turn zod issues into field issues with dotted paths and plain messages. */
export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function describe(issues: FieldIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}

/** Map an error thrown inside a handler to the wire shape. SQLite constraint failures become 'conflict'. */
export function toErrorShape(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof Error && (e as { code?: unknown }).code && String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) {
    return new ApiError('conflict', `The change breaks a rule of the workspace: ${e.message}`, { sqlite: String((e as { code?: unknown }).code) });
  }
  if (e instanceof Error && String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
    // Another connection (an import running in a background job) holds the write lock.
    return new ApiError('unavailable', 'The workspace is busy with another write (an import or a refit in the background); try again in a moment.', { sqlite: 'SQLITE_BUSY' });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError('internal', `Unexpected error: ${message}`);
}

export function createDispatcher(handlers: Api, log: (msg: string) => void = () => {}): Call {
  return async (method, arg, ctx = {}) => {
    if (typeof method !== 'string' || !isMethod(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `There is no API method "${String(method)}".` } };
    }
    const parsed = API_SCHEMAS[method].safeParse(arg ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return {
        ok: false,
        error: { code: 'invalid-argument', message: `Invalid argument to ${method}: ${describe(issues)}`, details: { issues } },
      };
    }
    const context: CallContext = { user: ctx.user ?? null, progress: ctx.progress ?? noProgress, cancel: ctx.cancel ?? neverCancelled };
    try {
      // The cast is the one place the per-method pairing of schema and handler is erased; both come from API_SCHEMAS.
      const handler = handlers[method] as (a: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, context);
      return { ok: true, value };
    } catch (e) {
      const err = toErrorShape(e);
      if (err.code === 'internal') log(`${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { ok: false, error: err.toJSON() };
    }
  };
}
