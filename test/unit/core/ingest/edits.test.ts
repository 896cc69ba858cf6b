/**
 * results/undo: the undo of a pasted batch, a multi-row delete or an edit is one call and one transaction. A bad
 * entry anywhere in it (here in the middle) rolls back every step before it, and history records the steps of an
 * undo that lands as it records any edit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../../src-main/common/domain';
import type { ResultInput, ResultPatch } from '../../../../src-main/common/schemas';
import { apiFor } from '../../../helpers/api';
import { checkIntegrity, snapshot, tempWorkspace } from '../../../helpers/workspace';

let ws: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof apiFor>;

const MODELS = Array.from({ length: 25 }, (_, i) => `Model-${i + 1}`);
const BENCHMARKS = ['MMLU', 'GSM8K'];
/** 50 rows, one per model and benchmark. */
const KEYS = MODELS.flatMap((model) => BENCHMARKS.map((benchmark) => ({ model, benchmark })));

/** The values a paste may replace, as results/update takes them back. */
const valuesOf = (r: Result): ResultPatch => ({
  score: r.score,
  stderr: r.stderr,
  n: r.n,
  sourceKind: r.sourceKind,
  evaluatedOn: r.evaluatedOn,
  notes: r.notes,
  partial: r.partial,
});
/** What a person sees of a result (not who wrote it when). */
const visible = (r: Result) => ({ id: r.id, model: r.model, benchmark: r.benchmark, setting: r.shots, ...valuesOf(r), source: r.source });
const allResults = async () => (await api.call('results/query', { limit: 10_000 })).rows.map(visible).sort((a, b) => a.id - b.id);
/** Every table but the history, which an undo that lands adds to. */
const withoutHistory = (s: Record<string, unknown[]>) => ({ ...s, result_history: undefined });

beforeEach(async () => {
  ws = tempWorkspace();
  api = apiFor(ws);
  for (const name of BENCHMARKS) await api.call('benchmarks/upsert', { name, unit: 'percent' });
  for (const name of MODELS) await api.call('models/upsert', { name });
  // Ten of the fifty keys hold a result before the paste.
  const first: ResultInput[] = KEYS.slice(0, 10).map((k, i) => ({ ...k, score: 40 + i, stderr: 1, n: 100, notes: 'before', source: 'paper' }));
  await api.call('results/upsertMany', { rows: first });
});
afterEach(() => ws.dispose());

/** Paste 50 rows over the ten stored ones, as the Results view does; returns what its undo must send. */
async function pasteFifty(): Promise<{ added: number[]; changed: Result[] }> {
  const before = new Map((await api.call('results/query', { limit: 10_000 })).rows.map((r) => [r.id, r]));
  const rows: ResultInput[] = KEYS.map((k, i) => ({ ...k, score: 60 + i / 10, stderr: 0.5, notes: 'pasted', source: 'paper' }));
  const { ids } = await api.call('results/upsertMany', { rows });
  return { added: ids.filter((id) => !before.has(id)), changed: ids.filter((id) => before.has(id)).map((id) => before.get(id)!) };
}

describe('results/undo', () => {
  it('undoes a paste of 50 rows in one call: the added rows go, the changed ones get their values back', async () => {
    const before = await allResults();
    const { added, changed } = await pasteFifty();
    expect(added).toHaveLength(40);
    expect(changed).toHaveLength(10);
    expect(await allResults()).not.toEqual(before);

    const out = await api.call('results/undo', { delete: added, update: changed.map((r) => ({ id: r.id, patch: valuesOf(r) })) });
    expect(out).toEqual({ deleted: 40, restored: 0, updated: 10 });
    expect(await allResults()).toEqual(before);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('rolls everything back when an id in the middle does not exist, and says which entry it was', async () => {
    const { added, changed } = await pasteFifty();
    const afterPaste = snapshot(ws.db);
    const update = changed.map((r) => ({ id: r.id, patch: valuesOf(r) }));

    // A row to delete that is gone: the deletes before it are undone with it.
    const missing = 999_999;
    const badDelete = await api.raw('results/undo', { delete: [...added.slice(0, 20), missing, ...added.slice(20)], update });
    expect(badDelete).toMatchObject({ ok: false, error: { code: 'not-found', details: { issues: [{ path: 'delete.20' }] } } });
    expect(snapshot(ws.db)).toEqual(afterPaste);

    // A row to put values back on that is gone: every delete and every earlier update is undone with it.
    const badUpdate = await api.raw('results/undo', { delete: added, update: [...update.slice(0, 5), { id: missing, patch: { score: 1 } }, ...update.slice(5)] });
    expect(badUpdate).toMatchObject({ ok: false, error: { code: 'not-found', details: { issues: [{ path: 'update.5.id' }] } } });
    expect(snapshot(ws.db)).toEqual(afterPaste);

    // A row to restore that is still there.
    const badRestore = await api.raw('results/undo', { delete: added.slice(0, 3), restore: [changed[0]!.id] });
    expect(badRestore).toMatchObject({ ok: false, error: { code: 'conflict', details: { issues: [{ path: 'restore.0' }] } } });
    expect(snapshot(ws.db)).toEqual(afterPaste);

    // A value the schema refuses is caught before anything runs.
    const badValue = await api.raw('results/undo', { update: [{ id: changed[0]!.id, patch: { score: Number.NaN } }] });
    expect(badValue).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const empty = await api.raw('results/undo', {});
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(snapshot(ws.db)).toEqual(afterPaste);
  });

  it('restores a multi-row delete exactly, and history records every step of the undo', async () => {
    const stored = (await api.call('results/query', { limit: 10_000 })).rows;
    const ids = stored.slice(0, 4).map((r) => r.id);
    const beforeDelete = withoutHistory(snapshot(ws.db));
    await api.call('results/delete', { ids });
    expect(await api.call('results/undo', { restore: ids })).toEqual({ deleted: 0, restored: 4, updated: 0 });
    expect(withoutHistory(snapshot(ws.db))).toEqual(beforeDelete);
    for (const id of ids) expect((await api.call('results/history', { id })).map((h) => h.action)).toEqual(['insert', 'delete', 'insert']);

    // An edit's undo is an update by whoever undid it, from the edited value back to the old one.
    const [id] = ids;
    await api.call('results/update', { id: id!, patch: { score: 77, shots: 5 } });
    await api.call('results/undo', { update: [{ id: id!, patch: { score: stored[0]!.score, shots: null } }] });
    const history = await api.call('results/history', { id: id! });
    expect(history.at(-1)).toMatchObject({
      action: 'update',
      oldValue: { score: 77, setting_key: 'shots=5' },
      newValue: { score: stored[0]!.score, setting_key: '' },
      changedBy: 'tester',
    });

    // A paste's undo: the added rows' histories end in a delete, the changed rows' in an update back.
    const { added, changed } = await pasteFifty();
    await api.call('results/undo', { delete: added, update: changed.map((r) => ({ id: r.id, patch: valuesOf(r) })) });
    expect((await api.call('results/history', { id: added[0]! })).map((h) => h.action)).toEqual(['insert', 'delete']);
    expect((await api.call('results/history', { id: changed[1]!.id })).at(-1)).toMatchObject({
      action: 'update',
      oldValue: { notes: 'pasted' },
      newValue: { notes: 'before', score: changed[1]!.score },
    });
  });
});

describe('an edit of a replicate', () => {
  it('keeps the run: the result stays the same replicate, and its undo puts it back as it was', async () => {
    await api.call('results/upsertMany', {
      rows: [
        { model: 'Model-1', benchmark: 'GSM8K', score: 50, source: 'own run', run: 'seed 1' },
        { model: 'Model-1', benchmark: 'GSM8K', score: 52, source: 'own run', run: 'seed 2' },
      ],
    });
    const runs = (await api.call('results/query', { search: 'own run' })).rows;
    const second = runs.find((r) => r.run === 'seed 2')!;
    const edited = await api.call('results/update', { id: second.id, patch: { score: 53 } });
    expect(edited).toMatchObject({ run: 'seed 2', score: 53 });
    expect((await api.call('results/history', { id: second.id })).at(-1)).toMatchObject({ newValue: { setting_key: 'run=seed 2' } });
    await api.call('results/undo', { update: [{ id: second.id, patch: { score: 52 } }] });
    expect((await api.call('results/query', { search: 'own run' })).rows.map(visible).sort((a, b) => a.id - b.id)).toEqual(runs.map(visible).sort((a, b) => a.id - b.id));
    // A patch may name another run, or none.
    expect(await api.call('results/update', { id: second.id, patch: { run: 'seed 3' } })).toMatchObject({ run: 'seed 3' });
  });
});
