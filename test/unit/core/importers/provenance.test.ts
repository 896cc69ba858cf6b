import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../../../helpers/workspace';
import { setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const V1 = 'model,benchmark,score\nA,Q,0.5\nB,Q,0.6\nC,Q,0.7\n';
const V2 = 'model,benchmark,score\nA,Q,0.5\nB,Q,0.65\nD,Q,0.8\n';

describe('import provenance', () => {
  it('keeps the file name, content hash and line of every imported row', async () => {
    await t.apply('board.csv', V1);
    expect(t.rows(`SELECT i.file_name, i.content_hash, r.source_line FROM results r JOIN imports i ON i.id = r.import_id ORDER BY r.source_line`)).toEqual([
      { file_name: 'board.csv', content_hash: expect.stringMatching(/^[0-9a-f]{64}$/), source_line: 2 },
      { file_name: 'board.csv', content_hash: expect.stringMatching(/^[0-9a-f]{64}$/), source_line: 3 },
      { file_name: 'board.csv', content_hash: expect.stringMatching(/^[0-9a-f]{64}$/), source_line: 4 },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    await t.apply('board.csv', V1);
    const before = snapshot(t.ws.db);
    const p = await t.preview('board.csv', V1);
    expect(p.diff).toBeNull();
    expect(p.previouslyImportedAt).not.toBeNull();
    const s = await t.apply('board.csv', V1);
    expect(s).toMatchObject({ add: 0, update: 0, unchanged: 3, removed: 0, importId: null });
    expect(snapshot(t.ws.db)).toEqual(before);
  });

  it('shows what a changed file adds, changes and removes before it is applied', async () => {
    await t.apply('board.csv', V1);
    const before = snapshot(t.ws.db);
    const p = await t.preview('board.csv', V2);
    expect(snapshot(t.ws.db)).toEqual(before);
    expect(p.diff).toMatchObject({ added: 1, changed: 1, removedCount: 1, removing: false, removed: [{ model: 'C', benchmark: 'Q', subtask: null, score: 0.7, line: 4 }] });
    expect(p.sample.find((o) => o.action === 'update')?.changes).toEqual(['score: 0.6 → 0.65']);
  });

  it('keeps the removed results unless asked to remove them', async () => {
    await t.apply('board.csv', V1);
    const kept = await t.apply('board.csv', V2);
    expect(kept.removed).toBe(0);
    expect(t.one("SELECT count(*) AS c FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'C'")).toEqual({ c: 1 });
  });

  it('removes the results the changed file no longer has when asked, keeping them in history', async () => {
    await t.apply('board.csv', V1);
    const s = await t.apply('board.csv', V2, { removeMissing: true });
    expect(s).toMatchObject({ add: 1, update: 1, removed: 1 });
    expect(t.rows('SELECT m.name, r.score FROM results r JOIN models m ON m.id = r.model_id ORDER BY m.name')).toEqual([
      { name: 'A', score: 0.5 },
      { name: 'B', score: 0.65 },
      { name: 'D', score: 0.8 },
    ]);
    expect(t.one("SELECT count(*) AS c FROM result_history WHERE action = 'delete'")).toEqual({ c: 1 });
  });

  it('stores the JSON path of results from JSON formats', async () => {
    const content = JSON.stringify({ results: { toy: { 'acc,none': 0.5 } }, config: { model_args: 'pretrained=org/toy' } }, null, 2);
    await t.apply('results.json', content);
    expect(t.one('SELECT source_line, source_place FROM results')).toEqual({ source_line: 4, source_place: 'results.toy["acc,none"]' });
  });
});
