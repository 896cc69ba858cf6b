import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../src-main/common/errors';
import { TOKEN_HEADER } from '../../../src-main/common/http';
import { createDispatcher, type Call } from '../../../src-main/core/dispatch';
import { createHandlers } from '../../../src-main/core/service';
import { HTTP_STATUS, startServer, type RunningServer } from '../../../src-main/server/http';
import { tempWorkspace } from '../../helpers/workspace';

/** A raw request, so tests can send any Host or Origin header (fetch would not let us forge Host). */
function request(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

let server: RunningServer;
let dir: string;
const calls: { method: string; arg: unknown }[] = [];
/** Whether the call that waits for its request to go away ('wait/cancel') saw its cancel fire. */
let sawCancel: Promise<boolean> = Promise.resolve(false);
const call: Call = async (method, arg, ctx) => {
  calls.push({ method, arg });
  if (method === 'boom') return { ok: false, error: { code: 'invalid-argument', message: 'bad' } };
  // 'fail/<code>' answers an error envelope with that code.
  if (method.startsWith('fail/')) return { ok: false, error: { code: method.slice(5) as ErrorCode, message: 'failed' } };
  if (method === 'wait/cancel') {
    sawCancel = (async () => {
      for (let i = 0; i < 500; i++) {
        if (ctx?.cancel?.cancelled()) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    })();
    return sawCancel.then(() => ({ ok: true, value: null }));
  }
  return { ok: true, value: { echoed: arg } };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'headroom-http-'));
  writeFileSync(path.join(dir, 'index.html'), '<html><head><title>t</title></head><body></body></html>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  server = await startServer({ call, rendererDir: dir, port: 0, token: 'secret-token' });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = () => ({ host: `127.0.0.1:${server.port}` });

describe('HTTP server', () => {
  it('hands the per-run token to the page it serves', async () => {
    const r = await request(server.port, { path: '/', headers: host() });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<meta name="headroom-token" content="secret-token" />');
  });

  it('forwards an API call with the token to the dispatcher and returns its envelope', async () => {
    const r = await request(server.port, {
      method: 'POST',
      path: '/api/models/list',
      headers: { ...host(), [TOKEN_HEADER]: 'secret-token', 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { echoed: { a: 1 } } });
    expect(calls.at(-1)).toEqual({ method: 'models/list', arg: { a: 1 } });
  });

  it('refuses an API call without the token', async () => {
    const before = calls.length;
    const r = await request(server.port, { method: 'POST', path: '/api/models/list', headers: host(), body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('unauthorized');
    expect(calls.length).toBe(before);
  });

  it('refuses an API call with a wrong token', async () => {
    const r = await request(server.port, { method: 'POST', path: '/api/models/list', headers: { ...host(), [TOKEN_HEADER]: 'guess' }, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('refuses requests whose Host header names another site (DNS rebinding)', async () => {
    const page = await request(server.port, { path: '/', headers: { host: `evil.example:${server.port}` } });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('secret-token');
    const api = await request(server.port, {
      method: 'POST',
      path: '/api/models/list',
      headers: { host: 'evil.example', [TOKEN_HEADER]: 'secret-token' },
      body: '{}',
    });
    expect(api.status).toBe(403);
  });

  it('refuses requests from a foreign Origin even with the token', async () => {
    const r = await request(server.port, {
      method: 'POST',
      path: '/api/models/list',
      headers: { ...host(), origin: 'https://evil.example', [TOKEN_HEADER]: 'secret-token' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.message).toMatch(/evil\.example/);
  });

  it('accepts its own origin', async () => {
    const r = await request(server.port, {
      method: 'POST',
      path: '/api/models/list',
      headers: { ...host(), origin: `http://127.0.0.1:${server.port}`, [TOKEN_HEADER]: 'secret-token' },
      body: '{}',
    });
    expect(r.status).toBe(200);
  });

  it('answers a body that is not JSON with a clear message', async () => {
    const r = await request(server.port, { method: 'POST', path: '/api/models/list', headers: { ...host(), [TOKEN_HEADER]: 'secret-token' }, body: '{nope' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toMatch(/not valid JSON/);
  });

  it('maps error envelopes to HTTP status codes', async () => {
    const r = await request(server.port, { method: 'POST', path: '/api/boom', headers: { ...host(), [TOKEN_HEADER]: 'secret-token' }, body: '{}' });
    expect(r.status).toBe(400);
  });

  it('answers each error code with the status that says what happened', async () => {
    const seen: Record<string, number> = {};
    for (const code of ERROR_CODES) {
      const r = await request(server.port, { method: 'POST', path: `/api/fail/${code}`, headers: { ...host(), [TOKEN_HEADER]: 'secret-token' }, body: '{}' });
      expect(JSON.parse(r.body).error.code).toBe(code);
      seen[code] = r.status;
    }
    expect(seen).toEqual(HTTP_STATUS);
    expect(seen).toMatchObject({ 'invalid-argument': 400, 'bad-input': 422, 'not-found': 404, conflict: 409, cancelled: 499, unavailable: 503, internal: 500 });
  });

  it('cancels a call whose client closes the request before the answer', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/wait/cancel', headers: { ...host(), [TOKEN_HEADER]: 'secret-token' } });
      req.on('error', () => resolve());
      req.end('{}');
      // Once the server has the call, the client goes away.
      const poll = setInterval(() => {
        if (calls.at(-1)?.method !== 'wait/cancel') return;
        clearInterval(poll);
        req.destroy();
        resolve();
      }, 5);
    });
    expect(await sawCancel).toBe(true);
  });

  it('serves static files but never files outside the renderer folder', async () => {
    expect((await request(server.port, { path: '/app.js', headers: host() })).status).toBe(200);
    expect((await request(server.port, { path: '/../../etc/passwd', headers: host() })).status).toBe(404);
    expect((await request(server.port, { path: '/%2e%2e/%2e%2e/etc/passwd', headers: host() })).status).toBe(404);
  });

  it('listens on the loopback address only', () => {
    expect(server.url.startsWith('http://127.0.0.1:')).toBe(true);
  });
});

describe('asset caching', () => {
  it('lets the browser keep content-hashed assets and never the page that carries the token', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'assets', 'index-CrFji0Yq.js'), 'console.log(2)');
    const asset = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port: server.port, path: '/assets/index-CrFji0Yq.js', headers: host() }, resolve),
    );
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    asset.resume();
    const page = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port: server.port, path: '/', headers: host() }, resolve));
    expect(page.headers['cache-control']).toBe('no-store');
    page.resume();
  });
});

describe('framing', () => {
  it('forbids framing the page by header, where browsers honour frame-ancestors (a meta CSP cannot carry it)', async () => {
    const page = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port: server.port, path: '/', headers: host() }, resolve));
    expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    page.resume();
  });
});

describe('HTTP status codes from the real dispatcher', () => {
  it('says not found, invalid, unreadable, conflicting and unavailable apart', async () => {
    const ws = tempWorkspace();
    const real = await startServer({ call: createDispatcher(createHandlers(() => ws)), rendererDir: dir, port: 0, token: 't' });
    const post = async (method: string, arg: unknown) => {
      const r = await request(real.port, { method: 'POST', path: `/api/${method}`, headers: { host: `127.0.0.1:${real.port}`, [TOKEN_HEADER]: 't' }, body: JSON.stringify(arg) });
      return { status: r.status, code: (JSON.parse(r.body) as { error?: { code: string } }).error?.code };
    };
    try {
      expect(await post('models/list', {})).toEqual({ status: 200, code: undefined });
      expect(await post('models/get', { id: 999 })).toEqual({ status: 404, code: 'not-found' });
      expect(await post('no/such', {})).toEqual({ status: 404, code: 'unknown-method' });
      expect(await post('models/upsert', { name: '' })).toEqual({ status: 400, code: 'invalid-argument' });
      expect(await post('import/apply', { fileName: 'x.csv', content: 'a\u0000b' })).toEqual({ status: 422, code: 'bad-input' });
      expect(await post('workspace/loadDemo', {})).toMatchObject({ status: 200 });
      expect(await post('workspace/loadDemo', {})).toEqual({ status: 409, code: 'conflict' });
      // No printer in this process (as in the CLI's API).
      expect(await post('reports/pdf', { options: {} })).toEqual({ status: 503, code: 'unavailable' });
    } finally {
      await real.close();
      ws.dispose();
    }
  });
});
