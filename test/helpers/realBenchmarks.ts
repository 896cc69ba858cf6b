import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { apiFor } from './api';
import { sharedData } from './sharedData';

type Api = ReturnType<typeof apiFor>;

function csvEscape(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Import one Epoch "external benchmark" table through the API the way an analyst would: first a models table that
 * names each "Model version" once, with the several names sources use for it as aliases (so "Baichuan 2 13B" and
 * "Baichuan-2 13B" are one model), then the results with Name → model. Names given to two different versions are
 * left without an alias (they stay separate models).
 */
export async function importEpochTable(api: Api, file: string, benchmark: string, benchmarkFields: Record<string, string | number> = {}): Promise<{ added: number; rejected: number }> {
  const content = readFileSync(sharedData('epoch_benchmark_stitching', file), 'utf8').replace(/^\uFEFF/, '');
  const rows = Papa.parse<Record<string, string>>(content, { header: true, skipEmptyLines: true }).data;
  const versionsOf = new Map<string, Set<string>>();
  for (const r of rows) {
    const v = (r['Model version'] ?? '').trim();
    const name = (r['Name'] ?? '').trim();
    if (!v || !name) continue;
    const set = versionsOf.get(name.toLowerCase()) ?? new Set<string>();
    set.add(v);
    versionsOf.set(name.toLowerCase(), set);
  }
  const aliases = new Map<string, Set<string>>();
  for (const r of rows) {
    const v = (r['Model version'] ?? '').trim();
    const name = (r['Name'] ?? '').trim();
    if (!v || !name || versionsOf.get(name.toLowerCase())!.size > 1) continue;
    const set = aliases.get(v) ?? new Set<string>();
    if (name.toLowerCase() !== v.toLowerCase()) set.add(name);
    aliases.set(v, set);
  }
  // A version that is itself another row's plain name would clash with that model: keep such versions alias-free.
  const models = [...aliases].filter(([v]) => !versionsOf.has(v.toLowerCase()) || versionsOf.get(v.toLowerCase())!.has(v));
  const modelsCsv = ['model,aliases', ...models.map(([v, names]) => `${csvEscape(v)},${csvEscape([...names].join(';'))}`)].join('\n');
  await api.call('benchmarks/upsert', { name: benchmark, unit: 'percent', ...benchmarkFields });
  await api.call('import/apply', { fileName: `${file}.models.csv`, content: modelsCsv, kind: 'models' });
  const summary = await api.call('import/apply', {
    fileName: file,
    content,
    kind: 'results',
    mapping: { Name: 'model', EM: 'score', Score: 'score', Shots: 'shots', 'Source link': 'source', Source: 'notes', id: '', 'Model version': '', Notes: '' },
    constants: { benchmark },
  });
  return { added: summary.add, rejected: summary.reject };
}
