/** The history of imported results: their insert is recorded by the import (migration 0005), edits row by row. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

describe('history of imported results', () => {
  it('writes no history row per imported result, and shows the insert from the import', async () => {
    await t.apply('board.csv', 'model,benchmark,score,source\nA,Q,0.5,paper\nB,Q,0.6,paper\n');
    expect(t.one('SELECT count(*) AS c FROM result_history')).toEqual({ c: 0 });
    const id = (t.one("SELECT r.id FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'A'") as { id: number }).id;
    const history = await t.api.call('results/history', { id });
    expect(history).toEqual([
      {
        id: 0,
        resultId: id,
        action: 'insert',
        oldValue: null,
        newValue: { score: 0.5, stderr: null, n: null, source: 'paper', source_kind: null, evaluated_on: null, notes: null, setting_key: '', partial: null },
        changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        changedBy: 'tester',
      },
    ]);
  });

  it('keeps per-row history of updates (by a re-import or an edit), deletes and restores', async () => {
    await t.apply('board.csv', 'model,benchmark,score\nA,Q,0.5\n');
    const id = (t.one('SELECT id FROM results') as { id: number }).id;
    await t.apply('board.csv', 'model,benchmark,score\nA,Q,0.55\n');
    await t.api.call('results/update', { id, patch: { score: 0.6 } });
    let history = await t.api.call('results/history', { id });
    expect(history.map((h) => [h.action, h.oldValue?.score ?? null, h.newValue?.score ?? null])).toEqual([
      ['insert', null, 0.5],
      ['update', 0.5, 0.55],
      ['update', 0.55, 0.6],
    ]);
    await t.api.call('results/delete', { ids: [id] });
    await t.api.call('results/restore', { ids: [id] });
    history = await t.api.call('results/history', { id });
    expect(history.map((h) => h.action)).toEqual(['insert', 'update', 'update', 'delete', 'insert']);
    expect(history[4]!.newValue).toMatchObject({ score: 0.6 });
  });
});
