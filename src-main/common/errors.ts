/**
 * Error codes that travel across every process boundary as `{ code, message, details }`.
 * Kept as a closed list so the renderer can react to a code without parsing messages.
 */
export const ERROR_CODES = [
  'invalid-argument', // an argument failed validation; details.issues names each field and problem
  'unknown-method', // the method is not in the Api map
  'not-found', // a referenced row does not exist
  'conflict', // a uniqueness rule would be broken
  'bad-input', // a file or pasted block could not be read
  'workspace-too-new', // the database was written by a newer Headroom
  'unauthorized', // the HTTP token or Host/Origin check failed
  'cancelled', // long work was cancelled by the user
  'unavailable', // this process lacks what the call needs (e.g. no browser to print a PDF with)
  'internal', // a bug: anything else
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field, as shown inline next to the field or cell it concerns. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `rows.3.score`. Empty for the whole argument. */
  path: string;
  message: string;
}

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[]; [key: string]: unknown };
}

/** An error that the dispatcher turns into `{ ok: false, error }` instead of an 'internal' failure. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ApiErrorShape['details'];
  constructor(code: ErrorCode, message: string, details?: ApiErrorShape['details']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toJSON(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The reply of every API call, whatever the transport. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
