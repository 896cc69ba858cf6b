/** Truncated, mis-encoded and wrong-format files: a message naming the file, the place and the problem; nothing written. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedData } from '../../../helpers/sharedData';
import { snapshot } from '../../../helpers/workspace';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

async function refused(fileName: string, content: string, message: RegExp, extra: Record<string, unknown> = {}) {
  const before = snapshot(t.ws.db);
  const env = await t.raw(fileName, content, extra);
  expect(env).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(message) } });
  expect(snapshot(t.ws.db)).toEqual(before);
}

describe('files that cannot be read', () => {
  it('refuses a truncated Epoch runs file (a quoted cell never closed) with its line', async () => {
    const text = read(sharedData('epoch_benchmark_stitching', 'benchmarks_runs.csv'));
    const cut = text.slice(0, text.indexOf('\n', 2000)) + '\nX,GPQA diamond,"o3,0.5';
    await refused('benchmarks_runs.csv', cut, /^benchmarks_runs\.csv, line \d+: a quoted cell is never closed/);
  });

  it('refuses a mis-encoded Epoch leaderboard (Latin-1 bytes) with the line of the first bad byte', async () => {
    const bytes = Buffer.from('id,Name,EM,Model version,Shots,Notes,Source,Source link\nr1,Caf\u00e9,50%,cafe,5,,S,https://x\n', 'latin1');
    await refused('external_benchmark_mmlu.csv', bytes.toString('base64'), /^external_benchmark_mmlu\.csv, line 2: the file is not valid UTF-8/, { encoding: 'base64' });
  });

  it('refuses a mis-encoded OpenCompass summary', async () => {
    await refused('summary.csv', 'dataset,version,metric,mode,m\nmm\ufffdlu,a,acc,gen,50\n', /^summary\.csv, line 2: the file is not valid UTF-8/);
  });

  it('refuses JSON of an unknown shape, and a per-sample file on its own', async () => {
    await refused('other.json', '{"hello": 1}', /^other\.json: JSON, but not a format Headroom reads/);
    await refused('samples_arc_easy_2025-01-01T00-00-00.jsonl', '{"doc_id":0}\n', /per-sample file; import it together with its results JSON/);
  });

  it('refuses a binary file sent as text', async () => {
    await refused('model.bin', 'abc\u0000def', /^model\.bin: this is not a text file/);
  });

  it('refuses a zip that is not an Inspect log', async () => {
    const { zipSync } = await import('fflate');
    const zip = Buffer.from(zipSync({ 'a.txt': new Uint8Array([104, 105]) })).toString('base64');
    await refused('archive.zip', zip, /^archive\.zip: a zip archive, but not an Inspect \.eval log/, { encoding: 'base64' });
  });
});
