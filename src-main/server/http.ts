/**
 * The HTTP transport: serves the built renderer and `POST /api/<method>` into the same dispatcher as Electron IPC.
 * It listens on 127.0.0.1 only. Every API call must carry the per-run token (handed to the page inside the served
 * index.html), and any request whose Host or Origin names another site is refused, which defeats DNS rebinding
 * and cross-site requests from other pages in the same browser.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TOKEN_HEADER, TOKEN_META } from '../common/http';
import type { Envelope, ErrorCode } from '../common/errors';
import { cancelWhen } from '../common/progress';
import type { Call } from '../core/dispatch';

/** Largest request body accepted (an imported file travels inside one). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface ServerOptions {
  call: Call;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** Port; 0 picks a free one. */
  port?: number;
  /** Fixed token (tests); by default a fresh random one per run. */
  token?: string;
  /** Name written into provenance for calls over HTTP. */
  user?: string | null;
  log?: (msg: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  const body: Envelope<never> = { ok: false, error: { code: 'unauthorized', message } };
  send(res, status, body);
}

/**
 * The HTTP status of each error code (the body carries the envelope either way). The table is the documentation:
 * docs/ARCHITECTURE.md lists it too.
 */
export const HTTP_STATUS = {
  'invalid-argument': 400, // the request is wrong: fix the field named in details.issues
  'bad-input': 422, // the request is well-formed but the file or pasted block in it cannot be read
  'unknown-method': 404,
  'not-found': 404,
  conflict: 409, // a uniqueness rule, or a workspace that is not empty
  'workspace-too-new': 409, // the workspace's state forbids it; another Headroom version can open it
  unauthorized: 403,
  // nginx's "client closed request": over HTTP a direct call is cancelled only by its client going away.
  cancelled: 499,
  unavailable: 503, // try again later (an import is writing) or elsewhere (no printer in this process)
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/** Status code that goes with an envelope. */
function statusFor(env: Envelope<unknown>): number {
  return env.ok ? 200 : HTTP_STATUS[env.error.code];
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(opts.rendererDir);
  const indexFile = path.join(rendererDir, 'index.html');
  let port = opts.port ?? 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return refuse(res, 403, `Refused: the Host header "${host}" is not this server.`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, `Refused: requests from ${origin} are not allowed.`);
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'API calls use POST.');
      if (req.headers[TOKEN_HEADER] !== token) return refuse(res, 401, 'Refused: missing or wrong API token.');
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const chunks: Buffer[] = [];
      let size = 0;
      let aborted = false;
      // A client that closes the request before its answer cancels the call (long work stops at its next check).
      let gone = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES && !aborted) {
          aborted = true;
          send(res, 413, { ok: false, error: { code: 'bad-input', message: `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.` } });
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('close', () => {
        if (!res.writableEnded) gone = true;
      });
      req.on('end', () => {
        if (aborted) return;
        let arg: unknown;
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          arg = text.trim() === '' ? {} : JSON.parse(text);
        } catch (e) {
          return send(res, 400, {
            ok: false,
            error: { code: 'invalid-argument', message: `The request body is not valid JSON: ${(e as Error).message}` },
          });
        }
        opts
          .call(method, arg, { user: opts.user ?? null, cancel: cancelWhen(() => gone) })
          .then((env) => send(res, statusFor(env), env))
          .catch((e: unknown) => send(res, 500, { ok: false, error: { code: 'internal', message: String(e) } }));
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served here.');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!existsSync(indexFile)) return send(res, 503, { ok: false, error: { code: 'internal', message: 'The renderer is not built.' } });
      // The token reaches the page inside its own HTML, which only a same-origin page can read.
      const html = readFileSync(indexFile, 'utf8').replace('</head>', `<meta name="${TOKEN_META}" content="${token}" />\n</head>`);
      // frame-ancestors only works as a header (a meta CSP, index.html's, may not carry it: browsers ignore it there
      // and log an error); the rest of the policy stays in the meta tag, which the desktop app's file:// page needs.
      res.writeHead(200, {
        'content-type': MIME['.html'],
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "frame-ancestors 'none'",
      });
      return void res.end(html);
    }
    const file = path.resolve(rendererDir, '.' + decodeURIComponent(url.pathname));
    if (!file.startsWith(rendererDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('Not found');
    }
    // Vite names built assets by content hash, so they never change under the same URL: let the browser keep them
    // (and its compiled-code cache), which makes opening the app again much quicker. index.html stays no-store.
    const immutable = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(url.pathname);
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      ...(immutable ? { 'cache-control': 'public, max-age=31536000, immutable' } : {}),
    });
    createReadStream(file).pipe(res);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      const url = `http://127.0.0.1:${port}/`;
      opts.log?.(`Headroom is serving ${url}`);
      resolve({
        url,
        port,
        token,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
