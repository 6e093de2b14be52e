/**
 * A loopback Cortex REST server: creates threads, replays scripted SSE runs (with delays, cuts, HTTP
 * errors), checks the auth headers and records every request so tests can assert what the client sent.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseStep {
  event: string;
  /** Sent as is when a string, JSON-encoded otherwise. */
  data: unknown;
  /** Wait this long before writing the event. */
  delayMs?: number;
}

export type RunScript =
  /** An HTTP error before any stream (429, 503, 404, …). */
  | { kind: 'http'; status: number; headers?: Record<string, string>; body?: unknown }
  /**
   * A stream. `end: 'cut'` writes half of the next event and destroys the socket after `events`;
   * `'hang'` keeps the connection open without writing; default `'close'` ends the response normally.
   */
  | { kind: 'sse'; events: SseStep[]; end?: 'close' | 'cut' | 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** The body exactly as received (to check integer encodings). */
  rawBody: string;
}

export interface FakeCortexOptions {
  /** Bearer tokens accepted, with their expected token type. Others get 401. */
  tokens: Record<string, string>;
  agentPath?: string;
  /** The threads API answers the id as a bare JSON string instead of a thread object. */
  threadIdAsString?: boolean;
  firstThreadId?: number;
  /** Called on every 401, e.g. to rotate a token file as SPCS would. */
  onUnauthorized?: () => void;
}

export class FakeCortex {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts: RunScript[] = [];
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();
  private nextThreadId: number;
  url = '';

  constructor(private readonly opts: FakeCortexOptions) {
    this.nextThreadId = opts.firstThreadId ?? 9_000_000_001;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
  }

  get agentPath(): string {
    return this.opts.agentPath ?? '/api/v2/databases/LEILA_APP/schemas/PUBLIC/agents/DATA_ENGINEER_AGENT:run';
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queue the answers of the next `:run` requests, in order. */
  enqueue(...scripts: RunScript[]): void {
    this.scripts.push(...scripts);
  }

  acceptToken(token: string, tokenType: string): void {
    this.opts.tokens[token] = tokenType;
  }

  revokeToken(token: string): void {
    delete this.opts.tokens[token];
  }

  /** SSE responses still open on the server side. */
  get openStreams(): number {
    return this.open.size;
  }

  runRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === this.agentPath);
  }

  threadRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/api/v2/cortex/threads');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown = rawBody;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      // keep the raw text
    }
    const path = req.url ?? '';
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body, rawBody });

    if (!this.authorized(req)) {
      this.opts.onUnauthorized?.();
      json(res, 401, { code: '390303', message: 'Invalid OAuth access token.', request_id: 'req-401' });
      return;
    }
    if (req.method === 'POST' && path === '/api/v2/cortex/threads') {
      const id = this.nextThreadId++;
      if (this.opts.threadIdAsString) json(res, 200, String(id));
      else
        json(res, 200, {
          thread_id: id,
          thread_name: '',
          origin_application: 'dea',
          created_on: 0,
          updated_on: 0,
        });
      return;
    }
    if (req.method === 'POST' && path === this.agentPath) {
      const script = this.scripts.shift();
      if (!script) {
        json(res, 500, { message: 'fake-cortex: no script queued' });
        return;
      }
      await this.play(script, res);
      return;
    }
    json(res, 404, { code: '399504', message: `Agent does not exist or not authorized (${path}).` });
  }

  private authorized(req: IncomingMessage): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m?.[1]) return false;
    const expectedType = this.opts.tokens[m[1]];
    return expectedType !== undefined && req.headers['x-snowflake-authorization-token-type'] === expectedType;
  }

  private async play(script: RunScript, res: ServerResponse): Promise<void> {
    if (script.kind === 'http') {
      res.writeHead(script.status, { 'Content-Type': 'application/json', ...script.headers });
      res.end(script.body === undefined ? '' : JSON.stringify(script.body));
      return;
    }
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    for (const step of script.events) {
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
      if (res.destroyed) return;
      res.write(frame(step));
    }
    if (script.end === 'cut') {
      res.write('event: response.text.delta\ndata: {"content_index":9,"te');
      // Give the partial frame time to leave, then drop the connection as a proxy reset would.
      await new Promise((r) => setTimeout(r, 20));
      res.socket?.destroy();
      return;
    }
    if (script.end === 'hang') return;
    res.end();
  }
}

function frame(step: SseStep): string {
  const data = typeof step.data === 'string' ? step.data : JSON.stringify(step.data);
  return `event: ${step.event}\n${data
    .split('\n')
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Reads a `.sse` fixture (blank-line separated `event:` / `data:` blocks) into steps. */
export function readSseFixture(path: string): SseStep[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return { event, data: data.join('\n') };
    });
}
