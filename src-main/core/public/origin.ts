/**
 * What a workspace's data is: the public starter data, the synthetic demo, the user's own, or a mixture. Derived from
 * what the workspace records rather than kept as one flag, so the labels stay true whatever happens after the
 * workspace was made (docs/user-guide.md, "What the data is"):
 * - public: the public build wrote `public` in workspace_meta (its sources, as-of date and the ids of its imports);
 *   later imports in one of Epoch AI's own formats (a newer copy of their folder or zip of CSVs) count as a refresh
 *   of the public part, not as the user's data;
 * - demo: the demo generator wrote `demo` = 1;
 * - user: any other import (a row in `imports` the public build did not write; a models or benchmarks table, which
 *   has no such row, marks `user_edits` through noteImport), or any edit through the API (`user_edits` = 1, set by
 *   service.ts with the write), e.g. a result typed in the grid or a corrected score.
 */
import { z } from 'zod';
import type { DataOrigin, DataPart, PublicSourceRef } from '../../common/domain';
import type { Db } from '../db/open';
import { getMeta, setMeta } from '../db/repositories/meta';
import { stmt } from '../db/statements';

/** workspace_meta key of the public build's record. */
export const PUBLIC_META = 'public';
/** workspace_meta key set by every edit made through the API (not an import, which `imports` records). */
export const USER_EDITS_META = 'user_edits';
/** workspace_meta key: when a models or benchmarks table of a public source was last imported after the build. */
const PUBLIC_REFRESHED_META = 'public_refreshed';

const sourceRef = z.object({ name: z.string(), title: z.string(), url: z.string(), license: z.string(), date: z.string() });

/** What the public build records in the workspace. */
export const publicRecord = z.object({
  asOf: z.string(),
  sources: z.array(sourceRef),
  /** The `imports` rows the build wrote. */
  importIds: z.array(z.number().int()),
  builtAt: z.string(),
});
export type PublicRecord = z.infer<typeof publicRecord>;

/** Formats whose imports after the build are a newer copy of the public source (Epoch AI's files). */
const PUBLIC_REFRESH_FORMATS = new Set(['epoch-runs', 'epoch-external', 'epoch-models', 'epoch-benchmarks']);

export function readPublicRecord(db: Db): PublicRecord | null {
  const raw = getMeta(db, PUBLIC_META);
  if (raw === null) return null;
  try {
    const parsed = publicRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writePublicRecord(db: Db, record: PublicRecord): void {
  setMeta(db, PUBLIC_META, JSON.stringify(record));
}

/** Record that the user changed the data through the API (called inside the edit's transaction). */
export function markUserEdit(db: Db): void {
  if (getMeta(db, USER_EDITS_META) !== '1') setMeta(db, USER_EDITS_META, '1');
}

/**
 * After an import: a models or benchmarks table keeps no `imports` row, so its mark is written here; a results file
 * is told apart later by its `imports` row (dataOrigin). A table in a public source's format refreshes the public
 * part; any other table that changed something makes the data partly the user's own.
 */
export function noteImport(db: Db, summary: { importId: number | null; format: string; add: number; update: number }): void {
  if (summary.importId !== null || summary.add + summary.update === 0) return;
  if (readPublicRecord(db) && PUBLIC_REFRESH_FORMATS.has(summary.format)) setMeta(db, PUBLIC_REFRESHED_META, new Date().toISOString());
  else markUserEdit(db);
}

function sourceList(sources: readonly PublicSourceRef[]): string {
  return sources.map((s) => s.name).join(', ');
}

/** The parts of a workspace's data and the one line that says what it is. */
export function dataOrigin(db: Db): DataOrigin {
  const pub = readPublicRecord(db);
  const demo = getMeta(db, 'demo') === '1';
  const built = new Set(pub?.importIds ?? []);
  let userImports = 0;
  let refreshedAt: string | null = pub ? getMeta(db, PUBLIC_REFRESHED_META) : null;
  for (const row of stmt(db, 'SELECT id, format, imported_at AS at FROM imports').all() as { id: number; format: string; at: string }[]) {
    if (built.has(row.id)) continue;
    if (pub && PUBLIC_REFRESH_FORMATS.has(row.format)) {
      if (refreshedAt === null || row.at > refreshedAt) refreshedAt = row.at;
    } else userImports++;
  }
  const user = userImports > 0 || getMeta(db, USER_EDITS_META) === '1';
  const parts: DataPart[] = [...(pub ? (['public'] as const) : []), ...(demo ? (['demo'] as const) : []), ...(user ? (['user'] as const) : [])];
  const refreshedOn = refreshedAt ? refreshedAt.slice(0, 10) : null;
  const publicText = pub
    ? `public benchmark results from ${sourceList(pub.sources)}, as of ${pub.asOf}${refreshedOn ? ` (Epoch AI files imported ${refreshedOn})` : ''}`
    : '';
  const texts: Record<DataPart, string> = { public: publicText, demo: 'synthetic demo data (made up)', user: 'your own data' };
  const kind: DataOrigin['kind'] = parts.length === 0 ? 'empty' : parts.length === 1 ? parts[0]! : 'mixed';
  const label =
    kind === 'empty'
      ? 'No data yet'
      : kind === 'mixed'
        ? `Mixed: ${parts.map((p) => texts[p]).join(' + ')}`
        : kind === 'demo'
          ? 'Synthetic demo data: every model, benchmark and score is made up'
          : kind === 'user'
            ? 'Your own data'
            : `P${publicText.slice(1)}`;
  return { kind, parts, label, asOf: pub?.asOf ?? null, sources: pub?.sources ?? [], refreshedOn };
}
