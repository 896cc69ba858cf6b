/**
 * What a workspace says its data is (core/public/origin.ts), after each way data gets in: the public build, the
 * demo, the user's imports and edits, and their mixtures; and what the report prints about it.
 */
import { describe, expect, it } from 'vitest';
import { dataOrigin, writePublicRecord } from '../../../../src-main/core/public/origin';
import { applyImportWithPreview } from '../../../../src-main/core/importers/tables';
import { untracked } from '../../../../src-main/common/progress';
import { apiFor } from '../../../helpers/api';
import { workspacesPerTest } from '../../../helpers/workspace';

const { workspace } = workspacesPerTest();

const OWN_CSV = 'model,benchmark,score\nmy-model,MMLU,0.5\n';
const EPOCH_MODELS = 'id,Model,Version release date\nmy-model,Mine,2024-01-02\n';

/** A stand-in for the public build: one results file imported as the build imports, and its record. */
function fakePublic(ws: ReturnType<typeof workspace>): void {
  const csv = 'model,benchmark,score,source\nalpha,MMLU,0.6,Epoch AI\nbeta,MMLU,0.7,Epoch AI\n';
  const { summary } = applyImportWithPreview(ws.db, { fileName: 'epoch/x.csv', content: csv }, { user: null, ...untracked });
  writePublicRecord(ws.db, {
    asOf: '2025-12-03',
    sources: [{ name: 'Epoch AI', title: 'Epoch AI data', url: 'https://example.org/epoch', license: 'MIT', date: '2025-12-03' }],
    importIds: [summary.importId as number],
    builtAt: '2026-01-01T00:00:00Z',
  });
}

describe('data origin', () => {
  it('is empty, then the demo, then a mixture once the user imports a file into the demo', async () => {
    const ws = workspace();
    const api = apiFor(ws);
    expect(dataOrigin(ws.db).kind).toBe('empty');
    await api.call('workspace/loadDemo', {});
    expect(dataOrigin(ws.db)).toMatchObject({ kind: 'demo', parts: ['demo'] });
    expect(dataOrigin(ws.db).label).toMatch(/made up/);
    await api.call('import/apply', { fileName: 'mine.csv', content: OWN_CSV, resolutions: {} });
    const o = dataOrigin(ws.db);
    expect(o).toMatchObject({ kind: 'mixed', parts: ['demo', 'user'] });
    expect(o.label).toBe('Mixed: synthetic demo data (made up) + your own data');
    expect((await api.call('workspace/info', {})).origin).toEqual(o);
  });

  it('counts a result typed by the user as their own data', async () => {
    const ws = workspace();
    const api = apiFor(ws);
    await api.call('workspace/loadDemo', {});
    expect(dataOrigin(ws.db).kind).toBe('demo');
    const [b] = await api.call('benchmarks/list', {});
    const [m] = await api.call('models/list', {});
    await api.call('results/upsertMany', { rows: [{ model: m!.name, benchmark: b!.name, score: b!.floor + (b!.ceiling - b!.floor) / 2, source: 'typed' }] });
    expect(dataOrigin(ws.db).parts).toEqual(['demo', 'user']);
  });

  it('names the public sources and as-of date, and keeps saying public after a newer copy of a public models table', async () => {
    const ws = workspace();
    const api = apiFor(ws);
    fakePublic(ws);
    const o = dataOrigin(ws.db);
    expect(o).toMatchObject({ kind: 'public', asOf: '2025-12-03', refreshedOn: null });
    expect(o.label).toBe('Public benchmark results from Epoch AI, as of 2025-12-03');
    await api.call('import/apply', { fileName: 'epoch/model_versions.csv', content: EPOCH_MODELS });
    expect(dataOrigin(ws.db)).toMatchObject({ kind: 'public', refreshedOn: new Date().toISOString().slice(0, 10) });
    await api.call('import/apply', { fileName: 'mine.csv', content: OWN_CSV });
    expect(dataOrigin(ws.db)).toMatchObject({ kind: 'mixed', parts: ['public', 'user'] });
  });

  it("prints the public sources and as-of date in the report, and no claim that the data is made up", async () => {
    const ws = workspace();
    const api = apiFor(ws);
    fakePublic(ws);
    const html = (await api.call('reports/html', { options: { sections: ['summary', 'provenance'] } })).html;
    expect(html).not.toMatch(/made up|synthetic/i);
    expect(html).toContain('Public benchmark results from Epoch AI (MIT licence, snapshot 2025-12-03), as of 2025-12-03');
    expect(html).toContain('https://example.org/epoch');
    expect(html).toContain('public data as of 2025-12-03');
    // Its as-of date is the sources' snapshot, not the day the workspace was built.
    expect(html).toContain('<dt>As of</dt><dd>2025-12-03</dd>');
    expect(html).toContain("2025-12-03 (the public sources' snapshot)");
  });

  it('says in the report that part of the data is made up when the demo is mixed with other data', async () => {
    const ws = workspace();
    const api = apiFor(ws);
    await api.call('workspace/loadDemo', {});
    await api.call('import/apply', { fileName: 'mine.csv', content: OWN_CSV });
    // One benchmark keeps the report quick; what it says about the data does not depend on how many.
    const [one] = await api.call('benchmarks/list', {});
    const html = (await api.call('reports/html', { options: { sections: ['summary'], benchmarkIds: [one!.id] } })).html;
    expect(html).toContain('Part of this data is synthetic demo data');
    expect(html).not.toContain('every model, benchmark and score in this report is made up');
  });
});
