/**
 * The one HTTP server of the process (docs/operations.md): dashboard, /api/*, /healthz, /readyz, Teams /api/messages
 * and Slack HTTP mode /slack/events all mount on this Express app.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '../log/logger.js';
import { type HostPolicy, hostAllowlist } from './hostAllowlist.js';
import { InflightRequests } from './inflight.js';

export interface ReadinessResult {
  ok: boolean;
  reason?: string;
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<ReadinessResult>;
}

export interface HttpServer {
  app: Express;
  /** The requests being answered now; background work of the channels waits for none (receiverFirst.ts). */
  inflight: InflightRequests;
  addReadinessCheck(check: ReadinessCheck): void;
  /**
   * Called once every route and listener of the configuration is mounted: only then does /readyz answer 200 (SPCS
   * and load balancers route traffic on it), and unknown /api/* paths answer JSON 404 from here on.
   */
  routesComplete(): void;
  /** After this, /readyz answers 503 so load balancers stop sending work. */
  setDraining(): void;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  readonly server: Server | undefined;
}

const CHECK_TIMEOUT_MS = 3_000;

async function runCheck(c: ReadinessCheck): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      c.check(),
      new Promise<ReadinessResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, reason: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `hosts`: the Host header allowlist (see hostAllowlist.ts). The bot always passes one; the relay, whose only
 * route is authenticated by Bot Framework tokens and which has no browser surface, does not.
 */
export function createHttpServer(opts: { logger: Logger; hosts?: HostPolicy }): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  if (opts.hosts) app.use(hostAllowlist(opts.hosts));
  const inflight = new InflightRequests();
  app.use(inflight.middleware);
  const checks: ReadinessCheck[] = [];
  let draining = false;
  let complete = false;
  let server: Server | undefined;

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ ok: false, checks: [{ name: 'process', ok: false, reason: 'shutting down' }] });
      return;
    }
    if (!complete) {
      res.status(503).json({ ok: false, checks: [{ name: 'process', ok: false, reason: 'starting' }] });
      return;
    }
    const results = await Promise.all(checks.map(async (c) => ({ name: c.name, ...(await runCheck(c)) })));
    const ok = results.every((r) => r.ok);
    res.status(ok ? 200 : 503).json({ ok, checks: results });
  });

  return {
    app,
    inflight,
    addReadinessCheck: (c) => checks.push(c),
    routesComplete: () => {
      if (complete) return;
      complete = true;
      // After every router: an API client gets JSON, not Express's HTML "Cannot POST".
      app.use('/api', (req, res) => {
        res
          .status(404)
          .json({ error: `no such API endpoint: ${req.method} ${req.originalUrl.split('?')[0]}` });
      });
    },
    setDraining: () => {
      draining = true;
    },
    get server() {
      return server;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const s = app.listen(port, host);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          // Keep-alive sockets must not outlive a shutdown by more than a moment.
          s.keepAliveTimeout = 5_000;
          const { port: actual } = s.address() as AddressInfo;
          const shownHost = host.includes(':') ? `[${host}]` : host;
          const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${actual}`;
          opts.logger.info({ url }, 'http server listening');
          resolve({ url, port: actual });
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
