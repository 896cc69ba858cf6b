import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openWorkspace, type Db } from '../../src-main/core/db/open';
import type { Workspace } from '../../src-main/core/workspace';

/** A fresh workspace file in a temporary folder; `dispose` closes and deletes it. */
export function tempWorkspace(): Workspace & { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-test-'));
  const file = path.join(dir, 'ws.db');
  const db = openWorkspace(file);
  return {
    db,
    path: file,
    dir,
    dispose() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fresh workspaces for one test file: `workspace()` makes one, and every one made is closed and deleted after each
 * test, or earlier by `disposeAll()` (a property test's runs). Call it at the file's top level.
 */
export function workspacesPerTest(): { workspace: () => ReturnType<typeof tempWorkspace>; disposeAll: () => void } {
  const open: ReturnType<typeof tempWorkspace>[] = [];
  const disposeAll = () => {
    while (open.length) open.pop()!.dispose();
  };
  afterEach(disposeAll);
  return {
    workspace: () => {
      const ws = tempWorkspace();
      open.push(ws);
      return ws;
    },
    disposeAll,
  };
}

/** Every table's full contents, for "nothing changed" comparisons. */
export function snapshot(db: Db): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
  return out;
}

/** integrity_check and foreign_key_check, which must stay clean after any call. */
export function checkIntegrity(db: Db): { integrity: string; foreignKeyViolations: number } {
  return {
    integrity: db.pragma('integrity_check', { simple: true }) as string,
    foreignKeyViolations: (db.pragma('foreign_key_check') as unknown[]).length,
  };
}
