/**
 * A loopback proxy in front of the fake Slack Web API that answers the first N calls of one method with HTTP 429
 * and `Retry-After`, as Slack does, and forwards everything else unchanged. Records when each attempt arrived.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitProxy {
  /** Use as SLACK_API_URL (ends with /api/). */
  url: string;
  attempts: { method: string; at: number; limited: boolean }[];
  close(): Promise<void>;
}

export async function startRateLimitProxy(opts: {
  target: string;
  method: string;
  times: number;
  retryAfterSeconds: number;
}): Promise<RateLimitProxy> {
  const target = new URL(opts.target);
  const attempts: RateLimitProxy['attempts'] = [];
  let limited = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').split('?')[0]?.replace(/^\/api\//, '') ?? '';
      const limit = method === opts.method && limited < opts.times;
      attempts.push({ method, at: Date.now(), limited: limit });
      if (limit) {
        limited++;
        res
          .writeHead(429, {
            'content-type': 'application/json',
            'retry-after': String(opts.retryAfterSeconds),
          })
          .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const fwd = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => res.destroy());
      fwd.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    attempts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
