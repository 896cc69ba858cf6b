import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../../src-main/core/dispatch';
import { startServer, TOKEN_HEADER, type RunningServer } from '../../../src-main/server/http';

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
const call: Call = async (method, arg) => {
  calls.push({ method, arg });
  if (method === 'boom') return { ok: false, error: { code: 'invalid-argument', message: 'bad' } };
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
