/**
 * A loopback stand-in for Snowflake's REST endpoints, good enough for the real snowflake-sdk driver:
 * login (password, OAuth, PAT, key-pair JWT), query-request with binds and timeouts, session renewal and
 * expiry, session delete, telemetry. Faults (503, connection reset, hang) and counters let tests check the
 * adapter's retry and re-login behaviour. Answers come from a pluggable function, e.g. a LocalWarehouse.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { type Warehouse, WarehouseError } from '../../bot/core/contracts.js';
import { checkLogin, type FakeCredentials } from './snowflake/credentials.js';
import {
  answerFromObjects,
  decodeBindings,
  dmlAnswer,
  encodeValue,
  rowtypeOf,
  type SfAnswer,
  type SfErrorAnswer,
  statementTypeOf,
  type WireBindings,
} from './snowflake/wire.js';

export type { FakeCredentials } from './snowflake/credentials.js';
export { publicKeyFingerprint } from './snowflake/credentials.js';
export type { SfAnswer, SfColumn, SfErrorAnswer, SfType } from './snowflake/wire.js';
export { answerFromObjects, dmlAnswer, STATEMENT_TYPE } from './snowflake/wire.js';

export interface QueryContext {
  requestId: string | undefined;
  parameters: Record<string, unknown>;
  user: string;
}

export type AnswerFn = (
  sqlText: string,
  binds: unknown[],
  ctx: QueryContext,
) => SfAnswer | SfErrorAnswer | Promise<SfAnswer | SfErrorAnswer>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** What the fake did with it: answered, or which fault it injected. */
  outcome: 'answered' | '503' | 'reset' | 'hang';
}

export interface RecordedLogin {
  authenticator: string;
  user: string;
  token: string | undefined;
  ok: boolean;
  code: string | undefined;
}

export interface RecordedQuery {
  sqlText: string;
  binds: unknown[];
  rawBindings: WireBindings | undefined;
  requestId: string | undefined;
  parameters: Record<string, unknown>;
}

export type FaultMode = '503' | 'reset' | 'hang';

export interface FakeSnowflakeOptions extends FakeCredentials {
  /** Account name the JWT claims must carry (upper-cased). Default TESTACCT. */
  account?: string;
  answer?: AnswerFn;
}

interface Session {
  id: number;
  user: string;
  sessionToken: string;
  masterToken: string;
  sessionExpired: boolean;
  masterExpired: boolean;
  deleted: boolean;
}

export interface FakeSnowflake {
  accessUrl: string;
  port: number;
  /** Mutable: replace lists to rotate tokens or keys mid-test. */
  credentials: FakeCredentials;
  answer: AnswerFn;
  requests: RecordedRequest[];
  logins: RecordedLogin[];
  queries: RecordedQuery[];
  count(path: string): number;
  /** Sessions that logged in and were neither deleted nor expired for good. */
  openSessions(): number;
  /** Session tokens answer 390112; the driver renews them with its master token. */
  expireSessionTokens(): void;
  /** Session and master tokens expire; renewal answers 390114, so the client must log in again. */
  expireSessions(): void;
  /** The next `n` requests to `paths` (default: query-request) fail with the given fault. */
  failNext(n: number, mode: FaultMode, paths?: string[]): void;
  close(): Promise<void>;
}

const QUERY_PATH = '/queries/v1/query-request';

export async function startFakeSnowflake(options: FakeSnowflakeOptions = {}): Promise<FakeSnowflake> {
  const account = (options.account ?? 'TESTACCT').toUpperCase();
  const credentials: FakeCredentials = {
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.oauthTokens === undefined ? {} : { oauthTokens: options.oauthTokens }),
    ...(options.pats === undefined ? {} : { pats: options.pats }),
    ...(options.publicKeyPem === undefined ? {} : { publicKeyPem: options.publicKeyPem }),
  };
  const requests: RecordedRequest[] = [];
  const logins: RecordedLogin[] = [];
  const queries: RecordedQuery[] = [];
  const sessions = new Map<string, Session>();
  const faults: { remaining: number; mode: FaultMode; paths: string[] }[] = [];
  let nextSessionId = 1000;

  const fake: FakeSnowflake = {
    accessUrl: '',
    port: 0,
    credentials,
    answer: options.answer ?? (() => ({ columns: [], rows: [] })),
    requests,
    logins,
    queries,
    count: (path) => requests.filter((r) => r.path === path).length,
    openSessions: () => [...new Set(sessions.values())].filter((s) => !s.deleted && !s.masterExpired).length,
    expireSessionTokens: () => {
      for (const s of sessions.values()) s.sessionExpired = true;
    },
    expireSessions: () => {
      for (const s of sessions.values()) {
        s.sessionExpired = true;
        s.masterExpired = true;
      }
    },
    failNext: (n, mode, paths = [QUERY_PATH]) => {
      faults.push({ remaining: n, mode, paths });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const takeFault = (path: string): FaultMode | undefined => {
    const fault = faults.find((f) => f.remaining > 0 && f.paths.includes(path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault.mode;
  };

  const newSession = (user: string): Session => {
    const session: Session = {
      id: nextSessionId++,
      user,
      sessionToken: `st-${randomUUID()}`,
      masterToken: `mt-${randomUUID()}`,
      sessionExpired: false,
      masterExpired: false,
      deleted: false,
    };
    sessions.set(session.sessionToken, session);
    sessions.set(session.masterToken, session);
    return session;
  };

  const tokenOf = (req: http.IncomingMessage) =>
    /^Snowflake Token="([^"]*)"$/.exec(req.headers.authorization ?? '')?.[1] ?? '';

  async function route(req: http.IncomingMessage, url: URL, body: Record<string, unknown> | undefined) {
    const path = url.pathname;
    if (path === '/session/v1/login-request') {
      const data = (body?.data ?? {}) as Record<string, unknown>;
      const verdict = checkLogin(credentials, account, data);
      logins.push({
        authenticator: String(data.AUTHENTICATOR ?? 'SNOWFLAKE'),
        user: String(data.LOGIN_NAME ?? ''),
        token: typeof data.TOKEN === 'string' ? data.TOKEN : undefined,
        ok: verdict.ok,
        code: verdict.code,
      });
      if (!verdict.ok) {
        return {
          success: false,
          code: verdict.code,
          message: verdict.message,
          data: { nextAction: 'RETRY_LOGIN' },
        };
      }
      const session = newSession(String(data.LOGIN_NAME ?? 'SERVICE_USER'));
      return {
        success: true,
        code: null,
        message: null,
        data: {
          token: session.sessionToken,
          masterToken: session.masterToken,
          validityInSeconds: 3600,
          masterValidityInSeconds: 14400,
          sessionId: session.id,
          displayUserName: session.user,
          serverVersion: '9.0.0',
          parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
          sessionInfo: {
            databaseName: url.searchParams.get('databaseName'),
            schemaName: url.searchParams.get('schemaName'),
            warehouseName: url.searchParams.get('warehouse'),
            roleName: url.searchParams.get('roleName'),
          },
        },
      };
    }

    if (path === '/session/token-request') {
      const session = sessions.get(tokenOf(req));
      if (!session || session.masterToken !== tokenOf(req) || session.deleted) {
        return { success: false, code: '390104', message: 'Invalid master token.', data: null };
      }
      if (session.masterExpired) {
        return {
          success: false,
          code: '390114',
          message: 'Authentication token has expired.  The user must authenticate again.',
          data: null,
        };
      }
      sessions.delete(session.sessionToken);
      session.sessionToken = `st-${randomUUID()}`;
      session.sessionExpired = false;
      sessions.set(session.sessionToken, session);
      return {
        success: true,
        code: null,
        message: null,
        data: {
          sessionToken: session.sessionToken,
          validityInSecondsST: 3600,
          masterToken: session.masterToken,
          validityInSecondsMT: 14400,
        },
      };
    }

    const session = sessions.get(tokenOf(req));
    if (!session || session.sessionToken !== tokenOf(req) || session.deleted) {
      return { success: false, code: '390104', message: 'Invalid session token.', data: null };
    }
    if (session.sessionExpired) {
      return { success: false, code: '390112', message: 'Session token has expired.', data: null };
    }

    if (path === QUERY_PATH) return answerQuery(body ?? {}, url, session);
    if (path === '/session' && url.searchParams.get('delete') === 'true') {
      session.deleted = true;
      return { success: true, code: null, message: null, data: null };
    }
    if (path === '/telemetry/send' || path === '/session/heartbeat' || path === '/queries/v1/abort-request') {
      return { success: true, code: null, message: null, data: null };
    }
    return {
      success: false,
      code: '000404',
      message: `fake snowflake: no route ${req.method} ${path}`,
      data: null,
    };
  }

  async function answerQuery(body: Record<string, unknown>, url: URL, session: Session) {
    const sqlText = String(body.sqlText ?? '');
    const rawBindings = body.bindings as WireBindings | undefined;
    const binds = decodeBindings(rawBindings);
    const parameters = (body.parameters ?? {}) as Record<string, unknown>;
    const requestId = url.searchParams.get('requestId') ?? undefined;
    queries.push({ sqlText, binds, rawBindings, requestId, parameters });
    const queryId = randomUUID();

    const timeoutSeconds = Number(parameters.STATEMENT_TIMEOUT_IN_SECONDS ?? 0);
    const answering = Promise.resolve().then(() =>
      fake.answer(sqlText, binds, { requestId, parameters, user: session.user }),
    );
    let timer: NodeJS.Timeout | undefined;
    const out: SfAnswer | SfErrorAnswer = await (timeoutSeconds > 0
      ? Promise.race([
          answering,
          new Promise<SfErrorAnswer>((resolve) => {
            timer = setTimeout(
              () =>
                resolve({
                  error: {
                    code: '000630',
                    message: `Statement reached its statement or warehouse timeout of ${timeoutSeconds} second(s) and was canceled.`,
                    sqlState: '57014',
                  },
                }),
              timeoutSeconds * 1000,
            );
          }),
        ])
      : answering
    ).catch((e: unknown) => ({
      error: { code: '000603', message: `fake snowflake: answer failed: ${String(e)}`, sqlState: 'XX000' },
    }));
    clearTimeout(timer);

    if ('error' in out) {
      return {
        success: false,
        code: out.error.code,
        message: out.error.message,
        data: {
          queryId,
          sqlState: out.error.sqlState ?? '42000',
          errorCode: out.error.code,
          internalError: false,
          age: 0,
        },
      };
    }
    const rowset = out.rows.map((row) => row.map((v, i) => encodeValue(out.columns[i]?.type ?? 'text', v)));
    return {
      success: true,
      code: null,
      message: null,
      data: {
        queryId,
        queryResultFormat: 'json',
        version: 1,
        statementTypeId: out.statementTypeId ?? statementTypeOf(sqlText).id,
        parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
        rowtype: out.columns.map(rowtypeOf),
        rowset,
        total: rowset.length,
        returned: rowset.length,
      },
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip' && raw.length > 0) raw = zlib.gunzipSync(raw);
      let body: Record<string, unknown> | undefined;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        outcome: 'answered',
      };
      requests.push(record);
      const fault = takeFault(url.pathname);
      if (fault) {
        record.outcome = fault;
        if (fault === 'reset') return req.socket.destroy();
        if (fault === 'hang') return;
        res.writeHead(503, { 'content-type': 'text/plain' });
        return res.end('Service Unavailable');
      }
      route(req, url, body).then(
        (out) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(out));
        },
        (e: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(e));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.port = (server.address() as AddressInfo).port;
  fake.accessUrl = `http://127.0.0.1:${fake.port}`;
  return fake;
}

/**
 * Answers from any Warehouse: DML goes to `execute` and comes back as Snowflake's count row, everything else
 * to `query` with column types inferred from the values; WarehouseErrors keep their code and SQL state.
 */
export function answerFromWarehouse(warehouse: Warehouse): AnswerFn {
  return async (sqlText, binds) => {
    const { keyword, id } = statementTypeOf(sqlText);
    try {
      if (keyword === 'INSERT' || keyword === 'UPDATE' || keyword === 'DELETE' || keyword === 'MERGE') {
        const { rowsAffected } = await warehouse.execute(sqlText, binds);
        return dmlAnswer(keyword, rowsAffected);
      }
      const rows = await warehouse.query<Record<string, unknown>>(sqlText, binds);
      return answerFromObjects(rows, id);
    } catch (e) {
      if (e instanceof WarehouseError) {
        return {
          error: { code: e.code, message: e.message, ...(e.sqlState ? { sqlState: e.sqlState } : {}) },
        };
      }
      return { error: { code: '000603', message: `Internal error: ${String(e)}`, sqlState: 'XX000' } };
    }
  };
}
