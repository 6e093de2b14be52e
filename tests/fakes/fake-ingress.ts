/**
 * A loopback SPCS ingress: only `Authorization: Snowflake Token="<t>"` with a token the fake token endpoint (or a
 * PAT list) accepts gets through; anything else is 401 and never reaches the upstream. Accepted requests are
 * proxied byte for byte to the upstream with the Snowflake Authorization removed and `Sf-Context-Current-User`
 * added, as the real ingress does.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIngressOptions {
  /** Decides whether a token is good. */
  accepts: (token: string) => boolean;
  /** Base URL of the service behind the ingress. */
  upstream: string;
  user?: string;
}

export class FakeIngress {
  /** Every request, with the verdict. */
  readonly seen: { path: string; accepted: boolean }[] = [];
  private readonly server: Server;
  url = '';

  private constructor(private readonly opts: FakeIngressOptions) {
    this.server = createServer((req, res) => {
      const m = /^Snowflake Token="([^"]+)"$/.exec(req.headers.authorization ?? '');
      const accepted = m !== null && opts.accepts(m[1] as string);
      this.seen.push({ path: req.url ?? '', accepted });
      if (!accepted) {
        req.resume();
        res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
        return;
      }
      this.proxy(req, (status, headers, body) => res.writeHead(status, headers).end(body));
    });
  }

  static async start(opts: FakeIngressOptions): Promise<FakeIngress> {
    const fake = new FakeIngress(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  private proxy(
    req: IncomingMessage,
    done: (status: number, headers: Record<string, string>, body: Buffer) => void,
  ): void {
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers.host;
    headers['sf-context-current-user'] = this.opts.user ?? 'DEA_RELAY';
    const up = request(`${this.opts.upstream}${req.url}`, { method: req.method, headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => {
        const out: Record<string, string> = {};
        if (r.headers['content-type']) out['content-type'] = r.headers['content-type'];
        done(r.statusCode ?? 502, out, Buffer.concat(chunks));
      });
    });
    up.on('error', () => done(502, { 'content-type': 'text/plain' }, Buffer.from('upstream unreachable')));
    req.pipe(up);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
