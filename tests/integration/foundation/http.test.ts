import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../../bot/http/server.js';
import { Lifecycle } from '../../../bot/lifecycle.js';
import { createLogger } from '../../../bot/log/logger.js';

const logger = createLogger({ level: 'silent', pretty: false });
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('health and readiness over HTTP', () => {
  it('answers /healthz and /readyz on 127.0.0.1', async () => {
    server = createHttpServer({ logger });
    server.addReadinessCheck({ name: 'warehouse', check: async () => ({ ok: true }) });
    const { url } = await server.listen(0, '127.0.0.1');
    server.routesComplete();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: [{ name: 'warehouse', ok: true }] });
  });

  it('answers 503 with the reason when a check fails or throws', async () => {
    server = createHttpServer({ logger });
    server.addReadinessCheck({
      name: 'warehouse',
      check: async () => ({ ok: false, reason: 'connection refused' }),
    });
    server.addReadinessCheck({
      name: 'slack',
      check: async () => {
        throw new Error('socket closed');
      },
    });
    const { url } = await server.listen(0, '127.0.0.1');
    server.routesComplete();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      ok: false,
      checks: [
        { name: 'warehouse', ok: false, reason: 'connection refused' },
        { name: 'slack', ok: false, reason: 'socket closed' },
      ],
    });
  });

  it('reports not ready until every route is mounted, however healthy the checks', async () => {
    server = createHttpServer({ logger });
    server.addReadinessCheck({ name: 'warehouse', check: async () => ({ ok: true }) });
    const { url } = await server.listen(0, '127.0.0.1');
    const early = await fetch(`${url}/readyz`);
    expect(early.status).toBe(503);
    expect(await early.json()).toEqual({
      ok: false,
      checks: [{ name: 'process', ok: false, reason: 'starting' }],
    });
    server.app.post('/api/things', (_req, res) => {
      res.status(201).json({ ok: true });
    });
    server.routesComplete();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/api/things`, { method: 'POST' })).status).toBe(201);
  });

  it('answers unknown /api/* paths with JSON 404, whatever the method', async () => {
    server = createHttpServer({ logger });
    const { url } = await server.listen(0, '127.0.0.1');
    server.routesComplete();
    for (const [method, p] of [
      ['POST', '/api/chat/nope'],
      ['GET', '/api/nope?x=<script>'],
      ['DELETE', '/api'],
    ] as const) {
      const res = await fetch(`${url}${p}`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/^no such API endpoint: /);
      expect(body.error).not.toContain('<script>');
    }
  });

  it('reports not ready while draining', async () => {
    server = createHttpServer({ logger });
    const { url } = await server.listen(0, '127.0.0.1');
    server.routesComplete();
    server.setDraining();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { reason: string }[] }).checks[0]?.reason).toBe(
      'shutting down',
    );
  });
});

describe('graceful shutdown', () => {
  it('lets running work finish, then closes in order', async () => {
    const lifecycle = new Lifecycle(logger, 2_000);
    const order: string[] = [];
    lifecycle.onStopIntake('http', () => {
      order.push('intake');
    });
    lifecycle.onClose('channels', () => {
      order.push('channels');
    });
    lifecycle.onClose('warehouse', () => {
      order.push('warehouse');
    });
    const work = lifecycle.track(async () => {
      await new Promise((r) => setTimeout(r, 100));
      order.push('turn finished');
      return 42;
    });
    await lifecycle.shutdown('test');
    expect(await work).toBe(42);
    expect(order).toEqual(['intake', 'turn finished', 'channels', 'warehouse']);
    await expect(lifecycle.track(async () => 1)).rejects.toThrow(/shutting down/);
  });

  it('aborts work that does not finish and still completes within the bound', async () => {
    const lifecycle = new Lifecycle(logger, 1_500);
    let aborted = false;
    void lifecycle
      .track(
        (signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            });
          }),
      )
      .catch(() => undefined);
    const closed: string[] = [];
    lifecycle.onClose('hangs', () => new Promise(() => undefined));
    lifecycle.onClose('warehouse', () => {
      closed.push('warehouse');
    });
    const started = Date.now();
    await lifecycle.shutdown('test');
    const took = Date.now() - started;
    expect(aborted).toBe(true);
    expect(took).toBeLessThan(1_500 + 250);
  });
});
