/**
 * A small GSM8K workspace with one real conflict (Baichuan 2 13B reported at 52.8 by its own paper and 22.1 by the
 * Yi paper, Epoch AI's data) among four consistent models, for tests of flags and of fits that leave results out.
 */
import type { apiFor } from './api';

/** Seeds the benchmark and its six results; returns the stored ids in the order written (the low report is [1]). */
export async function seedGsm8kConflict(api: ReturnType<typeof apiFor>): Promise<number[]> {
  await api.call('benchmarks/upsert', { name: 'GSM8K', unit: 'percent', itemCount: 1319 });
  const rows = [
    { model: 'Baichuan 2 13B', score: 52.8, shots: 4, source: 'Baichuan 2 paper' },
    { model: 'Baichuan 2 13B', score: 22.1, shots: 4, source: 'Yi paper' },
    ...['a', 'b', 'c', 'd'].map((m, i) => ({ model: `model-${m}`, score: 30 + 10 * i, shots: 4, source: 'leaderboard' })),
  ].map((r) => ({ ...r, benchmark: 'GSM8K' }));
  return (await api.call('results/upsertMany', { rows, createMissing: true })).ids;
}
