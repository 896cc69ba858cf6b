/** Shared set-up for the format importer tests: a temporary workspace and the import API over it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { ApiInput, CallContext } from '../../../../src-main/common/api';
import { untracked } from '../../../../src-main/common/progress';
import { importRequest } from '../../../../src-main/common/schemas';
import type { Db } from '../../../../src-main/core/db/open';
import { applyImport, previewImport } from '../../../../src-main/core/importers/tables';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'importers');

export function setup() {
  const ws = tempWorkspace();
  const api = apiFor(ws);
  type Req = Omit<ApiInput<'import/preview'>, 'fileName' | 'content'>;
  return {
    ws,
    api,
    preview: (fileName: string, content: string, extra: Req = {}) => api.call('import/preview', { fileName, content, ...extra }),
    apply: (fileName: string, content: string, extra: Req = {}) => api.call('import/apply', { fileName, content, ...extra }),
    raw: (fileName: string, content: string, extra: Req = {}) => api.raw('import/apply', { fileName, content, ...extra }),
    rows: (sql: string, ...params: unknown[]) => ws.db.prepare(sql).all(...params) as Record<string, unknown>[],
    one: (sql: string, ...params: unknown[]) => ws.db.prepare(sql).get(...params) as Record<string, unknown> | undefined,
  };
}

/**
 * The importer called directly, as the service does (one transaction per apply), over the workspace `get()` returns:
 * for tests that look at what previewImport/applyImport do without the dispatcher.
 */
export function directImport(get: () => { db: Db }, fileName = 'in.csv') {
  const ctx: CallContext = { user: 'tester', ...untracked };
  const req = (content: string, extra: Record<string, unknown> = {}) => importRequest.parse({ fileName, content, ...extra });
  return {
    req,
    apply: (content: string, extra: Record<string, unknown> = {}) => get().db.transaction(() => applyImport(get().db, req(content, extra), ctx))(),
    preview: (content: string, extra: Record<string, unknown> = {}) => previewImport(get().db, req(content, extra), ctx),
  };
}

/** Zip the members of a fixture folder into .eval bytes, as Inspect writes them, and return base64. */
export function evalArchive(folder: string, members: string[]): string {
  const files: Record<string, Uint8Array> = {};
  for (const m of members) files[m] = new Uint8Array(readFileSync(path.join(FIXTURES, 'inspect', folder, m)));
  return Buffer.from(zipSync(files)).toString('base64');
}

export const read = (p: string): string => readFileSync(p, 'utf8');
