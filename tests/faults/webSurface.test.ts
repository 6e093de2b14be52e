/**
 * Issue 16, reproduction 5 (DNS rebinding) and the CSRF token, over real HTTP against the composed bot in local
 * mode (dashboard, chat, Teams endpoint and local bridge on one server). A page on evil.example that resolves to
 * 127.0.0.1 reaches the server with `Host: evil.example:PORT`: nothing is answered but the probes. A
 * state-changing request without the page's CSRF token is refused; the real page's token works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/load.js';
import { createLogger } from '../../bot/log/logger.js';

let bot: RunningBot;
let dir: string;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dea-web-'));
  const config = loadConfig(
    { PORT: '0', DEA_DATA_DIR: dir, TEAMS_ENABLED: 'true', DEA_PUBLIC_HOST: 'dea.example.com' },
    { fileExists: () => false, serving: true },
  );
  bot = await startBot(config, { logger: createLogger({ level: 'silent', pretty: false }) });
  port = Number(new URL(bot.url).port);
});
afterAll(async () => {
  await bot?.shutdown('test');
  rmSync(dir, { recursive: true, force: true });
});

/** node:http, because fetch does not let a caller choose the Host header. */
function send(
  method: string,
  pathName: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: pathName, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };
const message = JSON.stringify({ thread: 't-web', user: 'mallory', text: 'hello' });

async function tokenFor(host: string): Promise<{ cookie: string; token: string }> {
  const page = await send('GET', '/chat', { host });
  expect(page.status).toBe(200);
  const setCookie = page.headers['set-cookie'];
  const cookie = ((Array.isArray(setCookie) ? setCookie[0] : setCookie) ?? '').split(';')[0] ?? '';
  expect(String(setCookie)).toMatch(/SameSite=Strict/);
  const token = /data-csrf="([0-9a-f]{64})"/.exec(page.text)?.[1] ?? '';
  expect(token).toHaveLength(64);
  return { cookie, token };
}

describe('DNS rebinding: a foreign Host is answered 421 everywhere but the probes', () => {
  const rebound = () => `evil.example:${port}`;
  it.each([
    ['GET', '/'],
    ['GET', '/chat'],
    ['GET', '/api/pipelines'],
    ['GET', '/api/chat/threads/t-web'],
    ['POST', '/api/chat/messages'],
    ['POST', '/api/chat/decisions'],
    ['POST', '/setup'],
    ['POST', '/api/messages'],
  ])('%s %s', async (method, p) => {
    const r = await send(method, p, { host: rebound(), ...json }, method === 'POST' ? message : undefined);
    expect(r.status).toBe(421);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'misdirected_host' });
    expect(r.text).toMatch(/does not answer for the host/);
  });

  it('also refuses loopback names on another port, a missing Host and a malformed one', async () => {
    expect((await send('GET', '/', { host: `127.0.0.1:${port + 1}` })).status).toBe(421);
    expect((await send('GET', '/', { host: 'localhost' })).status).toBe(port === 80 ? 200 : 421);
    expect((await send('GET', '/', { host: 'a b' })).status).toBe(421);
  });

  it('answers loopback names with the port, the configured public host, and probes for any host', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'dea.example.com', 'DEA.example.com:443'])
      expect((await send('GET', '/', { host })).status, host).toBe(200);
    expect((await send('GET', '/healthz', { host: rebound() })).status).toBe(200);
  });
});

describe('CSRF token on every state-changing request', () => {
  const host = () => `127.0.0.1:${port}`;
  it('refuses chat, decisions, rechecks and Quick Setup without a token, and accepts the page token', async () => {
    const { cookie, token } = await tokenFor(host());
    for (const p of ['/api/chat/messages', '/api/chat/decisions', '/api/chat/rechecks']) {
      const none = await send('POST', p, { host: host(), ...json }, message);
      expect(none.status, p).toBe(403);
      expect(JSON.parse(none.text)).toMatchObject({ error: 'csrf' });
      // A token without its cookie (what another site could try) and a wrong token are refused too.
      expect((await send('POST', p, { host: host(), ...json, 'x-csrf-token': token }, message)).status).toBe(
        403,
      );
      const wrong = 'f'.repeat(64);
      expect(
        (await send('POST', p, { host: host(), ...json, cookie, 'x-csrf-token': wrong }, message)).status,
      ).toBe(403);
    }
    const form = new URLSearchParams({
      user: 'mallory',
      location: 's3://acme-sample/orders/',
      format: 'CSV',
    });
    const formHeaders = { host: host(), 'content-type': 'application/x-www-form-urlencoded' };
    expect((await send('POST', '/setup', formHeaders, form.toString())).status).toBe(403);

    const ok = await send(
      'POST',
      '/api/chat/messages',
      { host: host(), ...json, cookie, 'x-csrf-token': token },
      message,
    );
    expect(ok.status).toBe(202);
    form.set('_csrf', token);
    const setup = await send('POST', '/setup', { ...formHeaders, cookie }, form.toString());
    expect([303, 400]).toContain(setup.status);
  });

  it('the Quick Setup page carries the token in its form', async () => {
    const page = await send('GET', '/setup', { host: host() });
    expect(page.text).toMatch(/<input type="hidden" name="_csrf" value="[0-9a-f]{64}">/);
  });
});
