import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastBacktest, ForecastRow } from '../../../../src-main/common/analysis';
import { main } from '../../../../src-main/cli/main';
import { tempWorkspace } from '../../../helpers/workspace';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), readFile: () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(async () => {
  ws = tempWorkspace();
  ws.db.close();
  // The demo workspace: 17 benchmarks with years of history, enough to calibrate the intervals.
  expect((await run(['demo', '--db', ws.path])).code).toBe(0);
});
afterAll(() => ws.dispose());

describe('headroom forecast --at and headroom backtest', () => {
  it('adds frontierAt to each benchmark: the predicted best by each date with its 80 % interval (--level changes it)', async () => {
    const base = ['forecast', '--db', ws.path, '--benchmark', 'OlympiadSprint', '--resamples', '0', '--json'];
    const r = await run([...base, '--at', '2027-06-30', '--at', '2020-01-01']);
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.out) as ForecastRow[];
    expect(row!.frontierAt!.map((f) => f.date)).toEqual(['2027-06-30', '2020-01-01']);
    const [later, past] = row!.frontierAt!;
    expect(later!.low!).toBeLessThan(later!.value!);
    expect(later!.high!).toBeGreaterThan(later!.value!);
    expect(later!.low!).toBeGreaterThanOrEqual(row!.forecast.bestObserved!.y);
    // A date before the data's end gives what was observed then.
    expect(past!.low).toBe(past!.value);
    expect(row!.crossingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const wide = JSON.parse((await run([...base, '--at', '2027-06-30', '--level', '0.95'])).out) as ForecastRow[];
    const w = wide[0]!.frontierAt![0]!;
    expect(w.high! - w.low!).toBeGreaterThan(later!.high! - later!.low!);
  });

  it('refuses a date that is not YYYY-MM-DD and a level outside (0, 1), by name', async () => {
    const bad = await run(['forecast', '--db', ws.path, '--at', '2027-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--at must be a date written YYYY-MM-DD (got "2027-02-30")');
    const level = await run(['forecast', '--db', ws.path, '--level', '80']);
    expect(level.err).toContain('--level must be a number strictly between 0 and 1');
  });

  it('backtest --json gives error by horizon, coverage, crossing error and both baselines, pooled and per benchmark', async () => {
    const r = await run(['backtest', '--db', ws.path, '--json']);
    expect(r.code).toBe(0);
    const bt = JSON.parse(r.out) as ForecastBacktest;
    expect(bt.level).toBe(0.8);
    expect(bt.pooled.byHorizon.map((h) => h.horizon)).toEqual([0.5, 1, 2]);
    const six = bt.pooled.byHorizon[0]!;
    expect(six.count).toBeGreaterThan(50);
    for (const k of ['mae', 'bias', 'flatMae', 'linearMae', 'coverage'] as const) expect(typeof six[k]).toBe('number');
    expect(bt.pooled.crossing.crossed).toBeGreaterThan(0);
    expect(bt.benchmarks.find((b) => b.benchmark === 'OlympiadSprint')?.track.byHorizon[0]!.count).toBeGreaterThan(0);
    const text = await run(['backtest', '--db', ws.path]);
    expect(text.out).toMatch(/^benchmark +horizon +cases +MAE +flat MAE +linear MAE +80% held/);
  });
});
