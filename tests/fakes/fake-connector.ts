/**
 * A loopback Bot Framework Connector (the `serviceUrl` side of Teams): records every call the bot makes and
 * answers like the real one with a ResourceResponse `{id}`.
 *   POST   /v3/conversations/{conversationId}/activities               sendToConversation
 *   POST   /v3/conversations/{conversationId}/activities/{replyToId}   replyToActivity
 *   PUT    /v3/conversations/{conversationId}/activities/{activityId}  updateActivity
 *   DELETE /v3/conversations/{conversationId}/activities/{activityId}  deleteActivity
 * botbuilder URI-encodes the ids (`a:conv-1` → `a%3Aconv-1`); the recorded ids are decoded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** The reply-to id (POST) or the updated/deleted activity id (PUT/DELETE). */
  activityId?: string;
  auth?: string;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is inspected freely by tests
  body: any;
  /** The id the fake answered with (POST). */
  id?: string;
  /** Set when `refuse` turned the call down: the status answered. */
  refused?: number;
}

export interface FakeConnector {
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Waits until `predicate` holds for the recorded calls (polling), returning them. */
  waitUntil(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<ConnectorCall[]>;
  /** Calls that carried a message (not typing indicators). */
  messages(): ConnectorCall[];
  /**
   * Set to refuse a call the way Teams does (e.g. 403 ContentStreamNotAllowed once the user pressed Stop); the
   * call is recorded with `refused`.
   */
  refuse?: (call: ConnectorCall) => { status: number; body: unknown } | undefined;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let fake: FakeConnector | undefined;
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0] ?? '';
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      const id = req.method === 'POST' && m ? `srv-${++n}` : undefined;
      const activityId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
      const call: ConnectorCall = {
        method: req.method ?? '',
        path,
        conversationId: decodeURIComponent(m?.[1] ?? ''),
        ...(activityId ? { activityId } : {}),
        ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
        body: raw ? JSON.parse(raw) : undefined,
        ...(id ? { id } : {}),
      };
      calls.push(call);
      const refusal = fake?.refuse?.(call);
      if (refusal) {
        call.refused = refusal.status;
        delete call.id;
        res.writeHead(refusal.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(refusal.body));
        return;
      }
      res.writeHead(m ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(m ? { id: id ?? activityId } : { error: { code: 'NotFound', message: path } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    messages: () => calls.filter((c) => c.body?.type !== 'typing'),
    async waitUntil(predicate, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > end) {
          throw new Error(
            `fake connector: condition not met in ${timeoutMs} ms; last calls: ${calls
              .slice(-8)
              .map(
                (c) => `${c.method} ${c.path} ${c.body?.type ?? ''} ${JSON.stringify(c.body).slice(0, 300)}`,
              )
              .join(' | ')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return calls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
