/** `headroom serve`: the renderer and the API over HTTP on 127.0.0.1, for browsers and end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../../core/dispatch';
import { appRoot } from '../../core/paths';
import { createHandlers } from '../../core/service';
import { ensurePublicWorkspace, PUBLIC_WORKSPACE_FILE, userDataDir } from '../../core/public/build';
import { closeWorkspace, openWorkspaceFile } from '../../core/workspace';
import { startServer } from '../../server/http';
import { chromiumPrinter } from '../../print/chromium';
import { UsageError, type CliIo } from '../io';
import { DEFAULT_DB } from './data';

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Build the renderer when its bundle is missing or older than its sources, so `npx headroom serve` works in a
 * fresh clone. Returns the folder to serve.
 */
export function ensureRendererBuilt(io: CliIo): string {
  const root = appRoot();
  const outDir = path.join(root, 'out', 'renderer');
  const index = path.join(outDir, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(root, 'src-renderer')),
    newestMtime(path.join(root, 'src-main', 'common')),
    existsSync(path.join(root, 'vite.renderer.config.mts')) ? statSync(path.join(root, 'vite.renderer.config.mts')).mtimeMs : 0,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return outDir;
  if (!existsSync(path.join(root, 'src-renderer'))) {
    if (existsSync(index)) return outDir;
    throw new Error(`The renderer is not built and its sources are missing (${outDir}).`);
  }
  io.stderr('Building the renderer (first run or sources changed)...\n');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'vite.renderer.config.mts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error('Building the renderer failed; see the messages above.');
  return outDir;
}

/**
 * The workspace `serve` opens without --db: ./headroom.db when it exists (as before there was public data), else the
 * public benchmark results, built on first run into the user data folder and opened from there afterwards.
 */
function defaultWorkspace(io: CliIo): string {
  if (existsSync(DEFAULT_DB)) return DEFAULT_DB;
  const file = path.join(userDataDir(), PUBLIC_WORKSPACE_FILE);
  if (!existsSync(file)) io.stderr(`First run: building the public benchmark results into ${file} (a few seconds)...\n`);
  return ensurePublicWorkspace(file).path;
}

export async function runServeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, port: { type: 'string', default: '4517' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${values.port}")`);
  const rendererDir = ensureRendererBuilt(io);
  const ws = openWorkspaceFile(values.db ?? defaultWorkspace(io));
  // 'reports/pdf' prints with a local Chromium, looked up per call (the server starts without one).
  const call = createDispatcher(createHandlers(() => ws, { printPdf: chromiumPrinter(), precomputeDashboard: true }), (m) => io.stderr(`${m}\n`));
  const server = await startServer({ call, rendererDir, port, user: process.env.USER ?? null });
  io.stdout(`Headroom is serving ${ws.path}\n  open ${server.url} in a browser (listening on 127.0.0.1 only; Ctrl+C stops)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  closeWorkspace(ws);
  return 0;
}
