import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), readFile: () => '' };
  const code = await main(argv, io);
  return { code, out, err };
}

const COMMANDS = ['serve', 'import', 'export', 'demo', 'public', 'fit', 'forecast', 'backtest', 'flags', 'backups', 'restore', 'report'];

describe('headroom', () => {
  for (const name of COMMANDS) {
    it(`${name} --help prints its own usage and exits 0 without running`, async () => {
      for (const flag of ['--help', '-h']) {
        const r = await run([name, flag]);
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        expect(r.out.startsWith(`usage: headroom ${name}`)).toBe(true);
        // Only its own part of the overview, not every command's.
        for (const other of COMMANDS.filter((c) => c !== name && !c.startsWith(name))) expect(r.out).not.toMatch(new RegExp(`^usage: headroom ${other}\\b`, 'm'));
      }
    });
  }

  it('--help after other options still answers with the usage (import FILE --help)', async () => {
    const r = await run(['import', 'missing-file.csv', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--dry-run');
  });

  it('with no command prints the overview and exits 2; help exits 0', async () => {
    expect((await run([])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const name of COMMANDS) expect(help.out).toContain(`  ${name}`);
  });
});
