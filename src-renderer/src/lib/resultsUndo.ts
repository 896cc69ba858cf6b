/**
 * Undo entries for actions on results. Every undo is one `results/undo` call, which the server applies in one
 * transaction: a pasted batch of any size, a multi-row delete or an edit comes back whole or not at all. Redo makes
 * the change again with the method that made it.
 */
import type { Result } from '../../../src-main/common/domain';
import type { ResultInput, ResultPatch } from '../../../src-main/common/schemas';
import { call } from './api';
import type { UndoEntry } from './undo.svelte';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The values of a stored result that writing a row over it may replace (results/upsertMany keeps its key). */
export function storedValues(r: Result): ResultPatch {
  return { score: r.score, stderr: r.stderr, n: r.n, sourceKind: r.sourceKind, evaluatedOn: r.evaluatedOn, notes: r.notes, partial: r.partial };
}

/** An edit of one result from `before` to `after` (the fields it changed); `then` runs after each undo and redo. */
export function editEntry(label: string, id: number, before: ResultPatch, after: ResultPatch, then?: () => Promise<unknown>): UndoEntry {
  return {
    label,
    undo: async () => {
      await call('results/undo', { update: [{ id, patch: before }] });
      await then?.();
    },
    redo: async () => {
      await call('results/update', { id, patch: after });
      await then?.();
    },
  };
}

/** A delete of results; its undo restores them from history, ids and all. */
export function deleteEntry(ids: number[]): UndoEntry {
  return {
    label: `delete ${plural(ids.length, 'result')}`,
    undo: async () => void (await call('results/undo', { restore: ids })),
    redo: async () => void (await call('results/delete', { ids })),
  };
}

/** Results a call added (a release logged with only new scores); its undo deletes them, its redo restores them. */
export function addEntry(label: string, ids: number[]): UndoEntry {
  return {
    label,
    undo: async () => void (await call('results/undo', { delete: ids })),
    redo: async () => void (await call('results/restore', { ids })),
  };
}

/**
 * A batch written with results/upsertMany (`ids` as it answered), given the stored results it may have met before
 * (`before`, by id): its undo deletes the rows it added and writes back the values of those it changed.
 */
export function batchEntry(rows: ResultInput[], ids: number[], before: ReadonlyMap<number, Result>): UndoEntry {
  const changed = ids.filter((id) => before.has(id)).map((id) => before.get(id)!);
  let added = ids.filter((id) => !before.has(id));
  return {
    label: `paste of ${plural(rows.length, 'row')}`,
    undo: async () => {
      if (!added.length && !changed.length) return;
      await call('results/undo', { delete: added, update: changed.map((r) => ({ id: r.id, patch: storedValues(r) })) });
    },
    redo: async () => {
      const s = await call('results/upsertMany', { rows, createMissing: false });
      added = s.ids.filter((id) => !before.has(id));
    },
  };
}
