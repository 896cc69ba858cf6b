// `npm test` and `npm run test:soak`: every check the project has, in stages, with each stage's time at the end.
//
//   1. static: type checks, lint, the Electron security scan and the renderer build, run two at a time (one per core
//      of the 2-core machines this project is built on; each is single-threaded). svelte-check type-checks every file
//      tsc would (the same tsconfig: src-main, the renderer, test, bench) and the .svelte files besides, so tsc itself
//      is not run again here (`npm run typecheck` still runs both)
//   2. unit: vitest (unit and integration tests, one fork per core)
//   3. e2e: Playwright in Chromium against the real server, over the renderer built in stage 1
//
// A stage starts only when the one before it passed, so a broken type or a failing unit test answers in seconds to
// minutes rather than after the browser tests. The unit and e2e stages are not run side by side: each already uses
// both cores, and browser tests starved of CPU time out (the flaky test of issue #18 was one).
//
// Usage: node scripts/test.mjs [--soak] [--only static,unit,e2e]
//   --soak   the long versions (HEADROOM_SOAK=1: 50 SIGKILLs, long property runs, 200k-row imports through the UI,
//            1,000-model charts, screenshots of every view); run it before a release (docs/performance.md).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const soak = argv.includes('--soak');
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((argv[onlyArg + 1] ?? '').split(',')) : null;
const env = { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0', ...(soak ? { HEADROOM_SOAK: '1' } : {}) };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** One command of a stage: its label and argv. */
const STATIC = [
  ['types (svelte-check)', [bin('svelte-check'), '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--threshold', 'warning']],
  ['eslint', [bin('eslint'), '.']],
  ['security', [process.execPath, 'scripts/electronegativity-run.mjs'], [process.execPath, 'scripts/electronegativity-check.mjs']],
  ['renderer build', [bin('vite'), 'build', '--config', 'vite.renderer.config.mts', '--logLevel', 'warn']],
];

/** Run argv; `buffer` keeps its output until it ends (so parallel commands do not interleave). */
function run(argv, { buffer = false, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: root, env: { ...env, ...extraEnv }, stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (buffer) {
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
    }
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/** [label, seconds, passed]: each stage after the commands it ran in parallel (indented). */
const times = [];
const seconds = (t0) => (performance.now() - t0) / 1000;

/** Stage 1: the commands two at a time; prints each one's output when it ends; true when all passed. */
async function staticStage() {
  const queue = [...STATIC];
  let ok = true;
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [label, ...commands] = item;
      const t0 = performance.now();
      let result = { code: 0, out: '' };
      for (const c of commands) {
        const r = await run(c, { buffer: true });
        result = { code: r.code, out: result.out + r.out };
        if (r.code !== 0) break;
      }
      const s = seconds(t0);
      times.push([`  ${label}`, s, result.code === 0]);
      const text = result.out.trim();
      console.log(`── ${label}: ${result.code === 0 ? 'passed' : 'FAILED'} in ${s.toFixed(1)} s${text ? `\n${text}` : ''}`);
      if (result.code !== 0) ok = false;
    }
  };
  await Promise.all([worker(), worker()]);
  return ok;
}

const STAGES = [
  ['static', staticStage],
  ['unit', async () => (await run([bin('vitest'), 'run'])).code === 0],
  // The renderer was built in stage 1 (test/e2e/global-setup.ts builds it only when run on its own).
  ['e2e', async () => (await run([bin('playwright'), 'test'], { extraEnv: { HEADROOM_RENDERER_BUILT: only && !only.has('static') ? '' : '1' } })).code === 0],
];

const t0 = performance.now();
let failed = null;
for (const [name, stage] of STAGES) {
  if (only && !only.has(name)) continue;
  console.log(`\n═══ ${name}${soak ? ' (soak)' : ''}`);
  const s0 = performance.now();
  const at = times.length;
  const ok = await stage();
  times.splice(at, 0, [name, seconds(s0), ok]);
  if (!ok) {
    failed = name;
    break;
  }
}
const total = seconds(t0);
console.log(`\n═══ ${soak ? 'npm run test:soak' : 'npm test'}: ${failed ? `FAILED in stage ${failed}` : 'passed'}`);
for (const [label, s, ok] of times) console.log(`${label.padEnd(18)} ${s.toFixed(1).padStart(7)} s${ok ? '' : '  FAILED'}`);
console.log(`${'total'.padEnd(18)} ${total.toFixed(1).padStart(7)} s`);
process.exit(failed ? 1 : 0);
