/**
 * Flags in the workspace: recompute (run every check and reconcile with the stored flags and their resolutions),
 * list, resolve (confirm, dismiss, reopen).
 *
 * Reconciliation, by identity (rule + what the flag is about):
 * - a raised flag with a stored open flag of the same identity updates it in place (ids stay stable);
 * - a stored dismissed or confirmed flag with the same fingerprint stays as the analyst left it (numbers refreshed);
 *   with a different fingerprint (its data changed) it is reopened, keeping the note;
 * - a stored flag that is no longer raised becomes 'fixed' when its results' values changed (data_hash differs, or a
 *   result was deleted); an open one whose data did not change is deleted (thresholds or the fit moved); a dismissed
 *   or confirmed one whose data did not change is kept as it is.
 */
import { ApiError } from '../../common/errors';
import type { Flag, FlagEvidence, FlagRecomputeSummary, FlagRule, FlagStatus, Severity } from '../../common/flags';
import { SEVERITIES, SEVERITY_RANK, SEVERITY_WEIGHT } from '../../common/flags';
import type { Db } from '../db/open';
import { backgroundJob } from '../background';
import { cacheWrite } from '../db/busy';
import { nowIso, stmt } from '../db/statements';
import { Snapshot } from './derive';
import { loadFlagInputs, type FlagInputs } from './inputs';
import { countFlags, resultValuesText, runChecks, sha } from './run';

interface FlagRow {
  id: number;
  rule: FlagRule;
  severity: Severity;
  model_id: number | null;
  model: string | null;
  benchmark_id: number | null;
  benchmark: string | null;
  subtask_id: number | null;
  subtask: string | null;
  result_ids: string;
  subject_result_ids: string;
  message: string;
  evidence: string;
  identity: string;
  fingerprint: string;
  data_hash: string;
  status: FlagStatus;
  bad_result_ids: string;
  note: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  created_at: string;
}

const SELECT_FLAGS = `
  SELECT f.*, m.name AS model, b.name AS benchmark, s.name AS subtask
    FROM flags f LEFT JOIN models m ON m.id = f.model_id LEFT JOIN benchmarks b ON b.id = f.benchmark_id
    LEFT JOIN subtasks s ON s.id = f.subtask_id`;

function toFlag(r: FlagRow): Flag {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    modelId: r.model_id,
    model: r.model,
    benchmarkId: r.benchmark_id,
    benchmark: r.benchmark,
    subtaskId: r.subtask_id,
    subtask: r.subtask,
    resultIds: JSON.parse(r.result_ids) as number[],
    subjectResultIds: JSON.parse(r.subject_result_ids) as number[],
    message: r.message,
    evidence: JSON.parse(r.evidence) as FlagEvidence,
    fingerprint: r.fingerprint,
    status: r.status,
    note: r.note,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    createdAt: r.created_at,
    badResultIds: JSON.parse(r.bad_result_ids) as number[],
  };
}

export function getFlag(db: Db, id: number): Flag {
  const row = stmt(db, `${SELECT_FLAGS} WHERE f.id = ?`).get(id) as FlagRow | undefined;
  if (!row) throw new ApiError('not-found', `No flag with id ${id}.`, { issues: [{ path: 'id', message: 'no such flag' }] });
  return toFlag(row);
}

export interface FlagQuery {
  rule?: FlagRule | undefined;
  minSeverity?: Severity | undefined;
  benchmarkId?: number | undefined;
  modelId?: number | undefined;
  status?: FlagStatus | undefined;
}

/**
 * Stored flags, by the expected value of a look first (flagPriority: severity weight × evidence.confidence, 0.5 when
 * a flag stored before confidences has none), then by rule, benchmark and model. Every filter is a bound parameter.
 */
export function listFlags(db: Db, q: FlagQuery = {}): Flag[] {
  const minRank = q.minSeverity ? SEVERITY_RANK[q.minSeverity] : 0;
  const allowed = SEVERITIES.filter((s) => SEVERITY_RANK[s] >= minRank);
  const rows = stmt(
    db,
    `${SELECT_FLAGS}
      WHERE (? IS NULL OR f.rule = ?) AND f.severity IN (SELECT value FROM json_each(?))
        AND (? IS NULL OR f.benchmark_id = ?) AND (? IS NULL OR f.model_id = ?) AND (? IS NULL OR f.status = ?)
      ORDER BY (CASE f.severity WHEN 'high' THEN ? WHEN 'medium' THEN ? ELSE ? END) * COALESCE(json_extract(f.evidence, '$.confidence'), 0.5) DESC,
               f.rule, b.name, m.name, s.name, f.id`,
  ).all(
    q.rule ?? null,
    q.rule ?? null,
    JSON.stringify(allowed),
    q.benchmarkId ?? null,
    q.benchmarkId ?? null,
    q.modelId ?? null,
    q.modelId ?? null,
    q.status ?? null,
    q.status ?? null,
    SEVERITY_WEIGHT.high,
    SEVERITY_WEIGHT.medium,
    SEVERITY_WEIGHT.low,
  ) as FlagRow[];
  return rows.map(toFlag);
}

/**
 * Run every check and reconcile with the stored flags (see the module comment). The caller wraps it in a
 * transaction. `inputs` defaults to the workspace's current snapshot.
 */
export function recomputeFlags(db: Db, inputs: FlagInputs = loadFlagInputs(db), user: string | null = null): FlagRecomputeSummary {
  const t0 = performance.now();
  const run = runChecks(inputs);
  const snap: Snapshot = run.context.snap;
  const stored = stmt(db, 'SELECT * FROM flags ORDER BY id').all() as FlagRow[];
  const byIdentity = new Map<string, FlagRow>();
  // A fixed flag is history: if its problem comes back, that is a new flag.
  for (const r of stored) if (r.status !== 'fixed') byIdentity.set(r.identity, r);
  const seen = new Set<number>();
  const now = nowIso();
  let kept = 0;
  let reopened = 0;
  let fixed = 0;
  const insert = stmt(
    db,
    `INSERT INTO flags (rule, severity, model_id, benchmark_id, subtask_id, result_ids, subject_result_ids, message, evidence,
                        identity, fingerprint, data_hash, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
  );
  const refresh = stmt(
    db,
    `UPDATE flags SET rule = ?, severity = ?, model_id = ?, benchmark_id = ?, subtask_id = ?, result_ids = ?, subject_result_ids = ?,
            message = ?, evidence = ?, fingerprint = ?, data_hash = ?, updated_at = ? WHERE id = ?`,
  );
  const reopen = stmt(db, "UPDATE flags SET status = 'open', bad_result_ids = '[]', resolved_at = NULL, resolved_by = NULL WHERE id = ?");
  for (const f of run.flags) {
    const ex = byIdentity.get(f.identity);
    const args = [
      f.rule,
      f.severity,
      f.modelId,
      f.benchmarkId,
      f.subtaskId,
      JSON.stringify(f.resultIds),
      JSON.stringify(f.subjectResultIds),
      f.message,
      JSON.stringify(f.evidence),
    ] as const;
    if (!ex || seen.has(ex.id)) {
      insert.run(...args, f.identity, f.fingerprint, f.dataHash, now, now);
      continue;
    }
    seen.add(ex.id);
    if ((ex.status === 'dismissed' || ex.status === 'confirmed') && ex.fingerprint === f.fingerprint) kept++;
    else if (ex.status === 'dismissed' || ex.status === 'confirmed') {
      reopen.run(ex.id);
      reopened++;
    }
    refresh.run(...args, f.fingerprint, f.dataHash, now, ex.id);
  }
  for (const ex of stored) {
    if (seen.has(ex.id) || ex.status === 'fixed') continue;
    const ids = JSON.parse(ex.result_ids) as number[];
    const changed = ids.length > 0 && sha(resultValuesText(snap, ids)) !== ex.data_hash;
    if (changed) {
      stmt(db, "UPDATE flags SET status = 'fixed', resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ?").run(now, user ?? 'recompute', now, ex.id);
      fixed++;
    } else if (ex.status === 'open') {
      stmt(db, 'DELETE FROM flags WHERE id = ?').run(ex.id);
    } else {
      // Confirmed results leave the comparisons, so a confirmed flag is often not raised again: it stands as resolved.
      kept++;
    }
  }
  const counts = countFlags(run.flags);
  const open = (stmt(db, "SELECT count(*) AS c FROM flags WHERE status = 'open'").get() as { c: number }).c;
  const cap = run.context.capability;
  return {
    raised: run.flags.length,
    open,
    kept,
    reopened,
    fixed,
    byRule: counts.byRule,
    bySeverity: counts.bySeverity,
    capability: cap
      ? { models: cap.modelIndex.size, items: cap.itemIndex.size, observations: cap.observations, iterations: cap.fit.sweeps, converged: cap.fit.converged }
      : null,
    elapsedMs: performance.now() - t0,
  };
}

/**
 * Confirm (the value is bad: its results are left out of fits), dismiss (the value is fine) or reopen a flag.
 * Confirm marks `resultIds` bad when given (they must belong to the flag), else the flag's subject results.
 */
export function resolveFlag(
  db: Db,
  arg: { id: number; action: 'confirm' | 'dismiss' | 'reopen'; note?: string | null | undefined; resultIds?: number[] | undefined },
  user: string | null,
): Flag {
  const flag = getFlag(db, arg.id);
  const now = nowIso();
  const note = arg.note !== undefined ? arg.note : flag.note;
  if (arg.action === 'reopen') {
    stmt(db, "UPDATE flags SET status = 'open', bad_result_ids = '[]', note = ?, resolved_at = NULL, resolved_by = NULL, updated_at = ? WHERE id = ?").run(note, now, arg.id);
    return getFlag(db, arg.id);
  }
  let bad: number[] = [];
  if (arg.action === 'confirm') {
    bad = arg.resultIds ?? (flag.subjectResultIds.length ? flag.subjectResultIds : flag.resultIds);
    const foreign = bad.filter((id) => !flag.resultIds.includes(id));
    if (foreign.length) {
      throw new ApiError('invalid-argument', `Results ${foreign.join(', ')} are not part of flag ${flag.id}.`, {
        issues: [{ path: 'resultIds', message: 'must be results of this flag' }],
      });
    }
  }
  stmt(db, 'UPDATE flags SET status = ?, bad_result_ids = ?, note = ?, resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ?').run(
    arg.action === 'confirm' ? 'confirmed' : 'dismissed',
    JSON.stringify(bad),
    note,
    now,
    user,
    now,
    arg.id,
  );
  return getFlag(db, arg.id);
}

const background = backgroundJob((db) => cacheWrite(() => db.transaction(() => recomputeFlags(db)).immediate()));

/**
 * Recompute the flags in the background `delayMs` after a write (debounced: a burst of writes recomputes once), as
 * the dashboard precompute is scheduled (core/background.ts), so a value saved from Log release, the grid or an
 * import has its flag recorded without the user asking. Runs in the main thread between requests, one transaction;
 * skipped when another connection holds the write lock (an import job: its end schedules another), and when the
 * workspace was closed meanwhile.
 */
export function scheduleFlagsRecompute(db: Db, delayMs = 300): void {
  if (!db.open) return;
  const { n } = stmt(db, 'SELECT count(*) AS n FROM results').get() as { n: number };
  if (n > BACKGROUND_FLAGS_MAX_RESULTS) return;
  background.schedule(db, delayMs);
}

/**
 * Above this many results the flags are not recomputed after every write; the inbox's Recompute does it. The
 * recompute runs in the main thread (one transaction, the capability fit included) and grows with the workspace:
 * 0.6–0.7 s at 4,737 results (the public workspace, load ≈ 4) and 27–44 s at 100k (bench flags-precision, under
 * load), so past about 10k a save would leave the app unresponsive for seconds. Moving it to a job worker lifts this.
 */
export const BACKGROUND_FLAGS_MAX_RESULTS = 10_000;

/** Resolves when no background flags recompute is pending or running for `db` (for tests). */
export async function flagsRecomputeIdle(db: Db): Promise<void> {
  await background.idle(db);
}
