import path from 'node:path';
import { openWorkspace, type Db } from './db/open';

/** An open workspace: its database connection and the file it lives in. */
export interface Workspace {
  db: Db;
  path: string;
}

export function openWorkspaceFile(file: string): Workspace {
  const abs = path.resolve(file);
  return { db: openWorkspace(abs), path: abs };
}

export function closeWorkspace(ws: Workspace): void {
  if (ws.db.open) ws.db.close();
}
