/**
 * Changes to stored results addressed by id: an edit of some of a result's values (the grid's cell edits, the flags
 * view's fixes) and the undo of one action on results (see schemas.resultsUndo). Callers wrap them in a transaction,
 * so an undo that fails half-way leaves nothing of itself behind.
 */
import type { z } from 'zod';
import { settingKey } from '../../common/domain';
import { ApiError } from '../../common/errors';
import type { resultPatch, resultsUndo } from '../../common/schemas';
import type { Db } from '../db/open';
import { deleteResults, getResult, restoreResults, updateResultValues } from '../db/repositories/results';

export type ResultPatchArg = z.output<typeof resultPatch>;
export type ResultsUndoArg = z.output<typeof resultsUndo>;

/** Write the fields a patch names over a stored result (the others keep their values); history records the change. */
export function patchResult(db: Db, id: number, patch: ResultPatchArg, user: string | null): void {
  const cur = getResult(db, id);
  const setting = {
    shots: patch.shots !== undefined ? patch.shots : cur.shots,
    cot: patch.cot !== undefined ? patch.cot : cur.cot,
    passK: patch.passK !== undefined ? patch.passK : cur.passK,
    testTimeCompute: patch.testTimeCompute !== undefined ? patch.testTimeCompute : cur.testTimeCompute,
    effort: patch.effort !== undefined ? patch.effort?.trim().toLowerCase() || null : cur.effort,
    // A replicate stays the same run unless the patch names another (the run is part of the setting key).
    run: patch.run !== undefined ? patch.run?.trim() || null : cur.run,
  };
  updateResultValues(db, id, {
    ...setting,
    settingKey: settingKey(setting),
    score: patch.score ?? cur.score,
    stderr: patch.stderr !== undefined ? patch.stderr : cur.stderr,
    n: patch.n !== undefined ? patch.n : cur.n,
    source: patch.source ?? cur.source,
    sourceKind: patch.sourceKind !== undefined ? patch.sourceKind : cur.sourceKind,
    evaluatedOn: patch.evaluatedOn !== undefined ? patch.evaluatedOn : cur.evaluatedOn,
    notes: patch.notes !== undefined ? patch.notes : cur.notes,
    // The analyst may clear a partial mark (or set one); left out, the stored mark stays.
    ...(patch.partial !== undefined ? { partial: patch.partial?.trim() || null } : {}),
    importId: null,
    sourceLine: null,
    loggedBy: user,
  });
}

/** Run one step of an undo; a refusal names the entry of the argument it concerns (`update.3.id`). */
function step<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.code, e.message, { ...e.details, issues: [{ path, message: e.message }] });
    throw e;
  }
}

/**
 * Undo one action on results: delete the rows it added, restore the rows it deleted (from their delete image in
 * history, ids and all), write back the values it replaced, in that order (deleting first frees any natural key a
 * restored row needs). The caller's transaction makes it whole or nothing: the first missing id throws, with its
 * place in the argument, and everything done before it rolls back. History records each step as any edit would:
 * a delete, an insert (the restore), an update by `user`.
 */
export function undoResults(db: Db, undo: ResultsUndoArg, user: string | null): { deleted: number; restored: number; updated: number } {
  const toDelete = undo.delete ?? [];
  const toRestore = undo.restore ?? [];
  const toUpdate = undo.update ?? [];
  toDelete.forEach((id, i) => step(`delete.${i}`, () => deleteResults(db, [id])));
  toRestore.forEach((id, i) => step(`restore.${i}`, () => restoreResults(db, [id])));
  toUpdate.forEach(({ id, patch }, i) => step(`update.${i}.id`, () => patchResult(db, id, patch, user)));
  return { deleted: toDelete.length, restored: toRestore.length, updated: toUpdate.length };
}
