/**
 * The public starter workspace, built from the files vendored in data/public (sources.json names them, in import
 * order) through the same importers as `headroom import`, so every result keeps its file, line and column and every
 * reading of a file is the importer's, never a hand edit (data/public/README.md, docs/formats.md "Public data").
 *
 * Nobody is there to answer the preview, so the build decides it, the same way on every run:
 * - every reading the preview proposes (units, a new benchmark's unit and range from the catalog, catalog names,
 *   reasoning-effort and thinking-budget suffixes read as settings, replicates kept as runs) is taken as proposed:
 *   each is the reading that changes the fewest values;
 * - an unsure name is merged into a stored one when the match is near-certain (`mergeTarget`): its best candidate
 *   scores at least 0.95 (the same letters and digits, or the same Hugging Face repository) and no other candidate
 *   scores as high, or it has a single candidate at 0.9 (a bare name and the one dated snapshot of it:
 *   OpenAI's "o3" and Epoch AI's "o3-2025-04-16"); otherwise it is created as a model of its own;
 * - the order of sources.json: the models table first, so every model Epoch AI lists exists under its own id before
 *   any result names it (a provider's copy, "chutes/Llama-4-Maverick-...", stays a model of its own with its own
 *   date instead of being merged into the original and overwriting its date); then the results files, so each
 *   benchmark is created by its results with the catalog's unit, chance floor, ceiling and category; then the
 *   benchmarks table, which adds release dates and Epoch AI's coding/math categories.
 * The whole build is one transaction: it lands whole or not at all.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { UnsureName } from '../../common/api';
import type { PublicSourceRef } from '../../common/domain';
import { ApiError } from '../../common/errors';
import { untracked, type WorkContext } from '../../common/progress';
import { getMeta, setMeta, tableCounts, type TableCounts } from '../db/repositories/meta';
import { openWorkspace, type Db } from '../db/open';
import { stmt } from '../db/statements';
import { applyImportWithPreview } from '../importers/tables';
import { appRoot } from '../paths';
import { writePublicRecord, type PublicRecord } from './origin';

const sourceSchema = z.object({
  id: z.string().min(1),
  /** Short name for labels ("Epoch AI"). */
  name: z.string().min(1),
  title: z.string().min(1),
  /** Folder under data/public. */
  folder: z.string().min(1),
  url: z.string().url(),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  license: z.string().min(1),
  /** Files of the folder, in import order. */
  files: z.array(z.string().min(1)).min(1),
});

const manifestSchema = z.object({
  /** The date the app shows ("as of"): the newest source snapshot. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sources: z.array(sourceSchema).min(1),
});
export type PublicManifest = z.infer<typeof manifestSchema>;

/** The folder of the vendored public data (data/public beside package.json). */
export function publicDataDir(): string {
  return path.join(appRoot(), 'data', 'public');
}

/** data/public/sources.json, validated: a broken manifest names its field. */
export function readPublicManifest(dir: string = publicDataDir()): PublicManifest {
  const file = path.join(dir, 'sources.json');
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The shipped sources and their as-of date, as the public workspace will record them. */
export function publicSources(dir: string = publicDataDir()): { asOf: string; sources: PublicSourceRef[] } {
  const manifest = readPublicManifest(dir);
  return { asOf: manifest.asOf, sources: manifest.sources.map(sourceRef) };
}

function sourceRef(s: PublicManifest['sources'][number]): PublicSourceRef {
  return { name: s.name, title: s.title, url: s.url, license: s.license, date: s.date };
}

/** What one vendored file added to the workspace. */
export interface PublicFileSummary {
  /** As the import records it: "<folder>/<file>", the name `headroom import FOLDER` gives it too. */
  fileName: string;
  importId: number | null;
  format: string;
  add: number;
  update: number;
  unchanged: number;
  reject: number;
  /** Readings of the file taken as proposed (units, names, suffixes, replicates). */
  decisions: number;
  /** Unsure names merged by the build's rule: "name → stored name". */
  merged: string[];
  /** Unsure names created as models or benchmarks of their own. */
  created: string[];
}

export interface PublicBuildSummary {
  asOf: string;
  files: PublicFileSummary[];
  counts: TableCounts;
}

/** The workspace's display name after the build (unless it already has one). */
export const PUBLIC_WORKSPACE_NAME = 'Public benchmark results';

function storedName(db: Db, kind: UnsureName['kind'], id: number): string | null {
  const table = kind === 'model' ? 'models' : 'benchmarks';
  const row = stmt(db, `SELECT name FROM ${table} WHERE id = ?`).get(id) as { name: string } | undefined;
  return row?.name ?? null;
}

/**
 * Run `fn` inside a savepoint that stays open, so the caller can keep what it wrote or undo it after looking at the
 * answer: `keep` releases the savepoint, `undo` rolls back to it.
 */
function attempt<T>(db: Db, fn: () => T): { result: T; keep: () => void; undo: () => void } {
  db.exec('SAVEPOINT public_file');
  try {
    const result = fn();
    return {
      result,
      keep: () => db.exec('RELEASE public_file'),
      undo: () => {
        db.exec('ROLLBACK TO public_file');
        db.exec('RELEASE public_file');
      },
    };
  } catch (e) {
    db.exec('ROLLBACK TO public_file');
    db.exec('RELEASE public_file');
    throw e;
  }
}

/**
 * The stored entry an unsure name is merged into by the build, or null to create it: a best candidate at ≥ 0.95 that
 * no other candidate ties, or a single candidate at ≥ 0.9 (see the module comment). Only entries stored before the
 * file (the preview's candidates are what the workspace holds).
 */
export function mergeTarget(u: UnsureName): { id: number; name: string } | null {
  const [best, second] = u.candidates;
  if (!best) return null;
  if (best.score >= 0.95 && (!second || second.score < best.score)) return best;
  if (u.candidates.length === 1 && best.score >= 0.9) return best;
  return null;
}

/**
 * Build the public workspace into `db`, which must hold no data. Reads the files of `dir` (data/public by default)
 * as sources.json lists them, imports each (applied, and applied again with the build's merges when its preview names
 * unsure names that `mergeTarget` merges), and records the sources, as-of date and import ids in workspace_meta
 * (`public`, see origin.ts). One transaction.
 */
export function buildPublicWorkspace(db: Db, ctx: WorkContext = untracked, dir: string = publicDataDir(), user: string | null = null): PublicBuildSummary {
  const counts = tableCounts(db);
  if (counts.results > 0 || counts.models > 0 || counts.benchmarks > 0) {
    throw new ApiError('conflict', 'The public benchmark results can only be loaded into an empty workspace; open a new workspace first.');
  }
  const manifest = readPublicManifest(dir);
  const total = manifest.sources.reduce((n, s) => n + s.files.length, 0);
  const files: PublicFileSummary[] = [];
  db.transaction(() => {
    for (const source of manifest.sources) {
      for (const file of source.files) {
        ctx.cancel.throwIfCancelled('Building the public workspace was cancelled; nothing was written.');
        ctx.progress.report('importing files', files.length, total);
        const fileName = `${source.folder}/${file}`;
        const content = readFileSync(path.join(dir, source.folder, file), 'utf8');
        const call = { user, progress: untracked.progress, cancel: ctx.cancel };
        // Apply at once; when the preview it answers has names the build merges, roll this file back and apply it
        // again with those merges (one import run per file, two for the few files with such names).
        let run = attempt(db, () => applyImportWithPreview(db, { fileName, content }, call));
        const merged: string[] = [];
        const created: string[] = [];
        const resolutions: Record<string, { action: 'merge'; targetId: number }> = {};
        for (const u of run.result.preview.unsure) {
          const target = mergeTarget(u);
          const name = target ? storedName(db, u.kind, target.id) : null;
          if (target && name !== null) {
            resolutions[`${u.kind}:${u.name}`] = { action: 'merge', targetId: target.id };
            merged.push(`${u.name} → ${name}`);
          } else created.push(u.name);
        }
        if (merged.length) {
          run.undo();
          run = attempt(db, () => applyImportWithPreview(db, { fileName, content, resolutions }, call));
        }
        run.keep();
        const { summary, preview } = run.result;
        files.push({
          fileName,
          importId: summary.importId,
          format: summary.format,
          add: summary.add,
          update: summary.update,
          unchanged: summary.unchanged,
          reject: summary.reject,
          decisions: preview.decisions?.length ?? 0,
          merged,
          created,
        });
      }
    }
    ctx.progress.report('importing files', total, total);
    const record: PublicRecord = {
      asOf: manifest.asOf,
      sources: manifest.sources.map(sourceRef),
      importIds: files.map((f) => f.importId).filter((id): id is number => id !== null),
      builtAt: new Date().toISOString(),
    };
    writePublicRecord(db, record);
    if (getMeta(db, 'name') === null) setMeta(db, 'name', PUBLIC_WORKSPACE_NAME);
  })();
  return { asOf: manifest.asOf, files, counts: tableCounts(db) };
}

/**
 * Write the public workspace to a new file `file` (refused if it exists). Built in a temporary file beside it and
 * renamed when complete, so an interrupted build never leaves a half-built workspace under the real name.
 */
export function writePublicWorkspaceFile(
  file: string,
  ctx: WorkContext = untracked,
  user: string | null = null,
  dir: string = publicDataDir(),
): PublicBuildSummary & { path: string } {
  const abs = path.resolve(file);
  if (existsSync(abs)) throw new ApiError('conflict', `${abs} already exists; name a new file, or delete that one first.`);
  mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.building-${process.pid}`;
  const clean = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  };
  clean();
  const db = openWorkspace(tmp);
  try {
    const summary = buildPublicWorkspace(db, ctx, dir, user);
    db.close();
    renameSync(tmp, abs);
    return { ...summary, path: abs };
  } catch (e) {
    if (db.open) db.close();
    clean();
    throw e;
  }
}

/**
 * The folder Headroom keeps its own files in when no workspace is named: HEADROOM_DATA_DIR, else the platform's
 * per-user application data folder (the same place Electron's userData is for an app named Headroom).
 */
export function userDataDir(): string {
  if (process.env.HEADROOM_DATA_DIR) return path.resolve(process.env.HEADROOM_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Headroom');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Headroom');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Headroom');
}

/** File name of the public workspace in the user data folder. */
export const PUBLIC_WORKSPACE_FILE = 'public-benchmarks.headroom';

/**
 * The public workspace at `file`, built there on first use (a few seconds; later opens are instant). Built on the
 * user's machine rather than shipped as a database file: the vendored CSVs are the one source (a prebuilt file would
 * be a second copy to keep in step with them and with every schema migration), and the build is the same importer
 * run the user can repeat. Returns whether it was built now.
 */
export function ensurePublicWorkspace(file: string, ctx: WorkContext = untracked): { path: string; built: boolean } {
  const abs = path.resolve(file);
  if (existsSync(abs)) return { path: abs, built: false };
  writePublicWorkspaceFile(abs, ctx);
  return { path: abs, built: true };
}
