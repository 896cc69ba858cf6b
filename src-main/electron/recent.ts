import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MAX_RECENT = 10;

/** Recently opened workspace files, newest first, kept in the app's user-data folder. */
export class RecentWorkspaces {
  constructor(private readonly file: string) {}

  list(): string[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string' && existsSync(p)) : [];
    } catch {
      return [];
    }
  }

  add(workspace: string): string[] {
    const next = [workspace, ...this.list().filter((p) => p !== workspace)].slice(0, MAX_RECENT);
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Write then rename, so a crash never leaves a half-written list.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(next, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
    return next;
  }
}
