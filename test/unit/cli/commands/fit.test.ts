import { describe, expect, it } from 'vitest';
import { runFitCommand } from '../../../../src-main/cli/commands/fit';

function csv(): string {
  const rows = ['date,score,stderr,name'];
  for (let i = 0; i < 30; i++) {
    const x = 2017 + (7 * i) / 29;
    const y = 0.25 + 0.7 / (1 + Math.exp(-1.2 * (x - 2021))) + 0.01 * Math.sin(i * 12.9898);
    rows.push(`${x},${y},0.01,model${i}`);
  }
  return rows.join('\n');
}

function run(argv: string[], files: Record<string, string> = { 'data.csv': csv() }) {
  let out = '';
  let err = '';
  const io = {
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (err += s),
    readFile: (p: string) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT: no such file '${p}'`);
      return f;
    },
  };
  return runFitCommand(argv, io).then((code) => ({ code, out, err }));
}

describe('headroom fit', () => {
  it('prints a readable table of the fit', async () => {
    const r = await run(['--csv', 'data.csv', '--x', 'date', '--y', 'score', '--floor', '0.25']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/form\s+logistic/);
    expect(r.out).toMatch(/status\s+ok/);
    expect(r.out).toMatch(/x0\s+202[01]\.\d+/);
    expect(r.out).toMatch(/floor\s+0\.2500000\s+\(fixed\)/);
    expect(r.out).toMatch(/AICc/);
    expect(r.out).toMatch(/iterations/);
  });

  it('prints JSON with --json, weights from a column, and form auto', async () => {
    const r = await run(['--csv', 'data.csv', '--x', 'date', '--y', 'score', '--form', 'auto', '--weights', 'stderr', '--json']);
    expect(r.code).toBe(0);
    const fit = JSON.parse(r.out) as { status: string; params: Record<string, number>; se: Record<string, number>; candidates: unknown[] };
    expect(fit.status).toBe('ok');
    expect(fit.candidates).toHaveLength(3);
    expect(Object.keys(fit.se).length).toBeGreaterThan(0);
  });

  it('exits with 2 and names the flag for bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['--x', 'date', '--y', 'score'], /--csv is required/],
      [['--csv', 'data.csv', '--x', 'date', '--y', 'score', '--form', 'cubic'], /--form must be one of/],
      [['--csv', 'data.csv', '--x', 'date', '--y', 'score', '--floor', 'abc'], /--floor must be a number or 'free'/],
      [['--csv', 'data.csv', '--x', 'when', '--y', 'score'], /--x column 'when' is not in data.csv/],
      [['--csv', 'data.csv', '--x', 'date', '--y', 'score', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, msg] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });

  it('exits with 1 for an unreadable file or a fit that is not ok', async () => {
    const r = await run(['--csv', 'missing.csv', '--x', 'date', '--y', 'score']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read --csv missing.csv/);
    const r2 = await run(['--csv', 'tiny.csv', '--x', 'x', '--y', 'y'], { 'tiny.csv': 'x,y\n1,0.3\n2,nan\n' });
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/bad-input|not-enough-data/);
  });
});
