/**
 * POST /api/messages of `dea relay`. Order matters: the Bot Framework token is verified before the body is even
 * read, so an unauthenticated caller cannot make the relay buffer anything or spend a Snowflake exchange.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';
import type { BotTokenVerifier } from './botAuth.js';
import { type ForwardResult, forward } from './forward.js';
import type { IngressTokenSource } from './ingressToken.js';

const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
/** Teams gives an invoke (card button) about 15 s end to end; answer before the Bot Framework gives up. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface RelayHandlerOptions {
  verifier: BotTokenVerifier;
  tokens: IngressTokenSource;
  /** Full URL of the service's /api/messages. */
  targetUrl: string;
  logger: Logger;
  bodyLimitBytes?: number;
  timeoutMs?: number;
}

type Outcome = { status: number; body: Buffer | string; contentType?: string; log: Record<string, unknown> };

export function createRelayHandler(opts: RelayHandlerOptions) {
  const limit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function relay(req: IncomingMessage): Promise<Outcome> {
    const deadline = Date.now() + timeoutMs;
    const authorization = req.headers.authorization;
    const header = await opts.verifier.verifyHeader(authorization);
    if (!header.ok) return refusal(header.status, header.reason);

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return tooLarge(declared);
    const body = await readBody(req, limit);
    if (body === 'too-large') return tooLarge(undefined);

    let activity: unknown;
    try {
      activity = JSON.parse(body.toString('utf8'));
    } catch {
      return plain(400, 'the body is not JSON', { reason: 'body is not JSON' });
    }
    if (activity === null || typeof activity !== 'object' || Array.isArray(activity))
      return plain(400, 'the body is not an activity object', { reason: 'body is not an object' });
    const facts = activity as { channelId?: unknown; serviceUrl?: unknown; type?: unknown; name?: unknown };
    const checked = opts.verifier.checkActivity(header, facts);
    if (!checked.ok) return refusal(checked.status, checked.reason);

    const activityLog = {
      channelId: facts.channelId,
      type: typeof facts.type === 'string' ? facts.type : undefined,
      name: typeof facts.name === 'string' ? facts.name : undefined,
      bytes: body.length,
    };

    let token: string;
    try {
      token = await opts.tokens.get();
    } catch (err) {
      return plain(502, 'cannot obtain a Snowflake token', {
        ...activityLog,
        reason: 'snowflake token',
        err,
      });
    }
    const send = (t: string) =>
      forward({
        url: opts.targetUrl,
        body,
        contentType: req.headers['content-type'],
        snowflakeToken: t,
        botAuthorization: authorization as string,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });

    let result = await send(token);
    let reexchanged = false;
    if (refusedByIngress(result)) {
      // The ingress refused the token, so the bot never saw the request: safe to send it once more.
      let fresh: string | undefined;
      try {
        fresh = await opts.tokens.renew(token);
      } catch (err) {
        return plain(502, 'cannot obtain a Snowflake token', {
          ...activityLog,
          reason: 'snowflake token renewal',
          err,
        });
      }
      if (fresh !== undefined && Date.now() < deadline) {
        reexchanged = true;
        result = await send(fresh);
      }
    }
    return answer(result, { ...activityLog, reexchanged });
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await relay(req);
    } catch (err) {
      outcome = plain(500, 'relay error', { reason: 'unexpected', err });
    }
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const line = { status: outcome.status, ms, ...outcome.log };
    if (outcome.status >= 500) opts.logger.error(line, 'relay failed');
    else if (outcome.status === 401 || outcome.status === 400 || outcome.status === 413)
      opts.logger.warn(line, 'relay refused the request');
    else opts.logger.info(line, 'relayed');
    if (res.headersSent) return;
    if (outcome.contentType) res.setHeader('content-type', outcome.contentType);
    // A refused body may still be arriving; do not leave the socket half-read for the next request.
    if (outcome.status === 413 || !req.complete) res.setHeader('connection', 'close');
    res.statusCode = outcome.status;
    res.end(outcome.body);
  };
}

function plain(status: number, message: string, log: Record<string, unknown>): Outcome {
  return { status, body: JSON.stringify({ error: message }), contentType: 'application/json', log };
}

/** The reason goes to the log only: a caller probing tokens learns nothing from the answer. */
function refusal(status: 401 | 503, reason: string): Outcome {
  return plain(status, status === 401 ? 'unauthorized' : 'signing keys unavailable', { reason });
}

function tooLarge(bytes: number | undefined): Outcome {
  return plain(413, 'request body too large', { reason: 'body too large', bytes });
}

/** 401, or a redirect to the Snowflake sign-in page: either way the ingress did not accept the token. */
function refusedByIngress(r: ForwardResult): boolean {
  return r.kind === 'response' && (r.status === 401 || (r.status >= 300 && r.status < 400));
}

function answer(r: ForwardResult, log: Record<string, unknown>): Outcome {
  if (r.kind === 'timeout')
    return plain(504, 'the service did not answer in time', { ...log, reason: 'timeout' });
  if (r.kind === 'unreachable')
    return plain(502, 'the service is unreachable', { ...log, reason: 'ingress unreachable', code: r.code });
  if (r.status >= 300 && r.status < 400)
    return plain(502, 'the ingress did not accept the Snowflake token', {
      ...log,
      reason: 'ingress redirected to sign-in (token refused or role lacks the service role)',
      upstreamStatus: r.status,
    });
  const extra =
    r.status === 401
      ? {
          reason:
            '401 after a fresh token: the role lacks the service role, or the bot refused the Bot Framework token',
        }
      : {};
  return {
    status: r.status,
    body: r.body,
    ...(r.contentType ? { contentType: r.contentType } : {}),
    log: { ...log, ...extra },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size));
    });
    req.once('error', (err) => {
      if (!done) reject(err);
    });
  });
}
