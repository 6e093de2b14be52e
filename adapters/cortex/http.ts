/**
 * POSTs to Snowflake REST endpoints with the policy the Cortex client needs before a stream starts:
 * one re-authentication on 401, backoff retries on 429 (Retry-After honoured) and 5xx and network
 * failures, and clear errors for everything else. Once a response is returned, nothing is retried.
 */
import type { AgentEvent, AuthToken, TokenProvider } from '../../bot/core/contracts.js';

/** Headers every Snowflake REST call carries. */
export function authHeaders(t: AuthToken): Record<string, string> {
  return { Authorization: `Bearer ${t.token}`, 'X-Snowflake-Authorization-Token-Type': t.tokenType };
}

import type { RunControl } from './control.js';
import { restErrorBodySchema } from './wire.js';

export type ErrorEvent = Extract<AgentEvent, { type: 'error' }>;

export interface RetryPolicy {
  /** Attempts in total for 429/5xx/network failures (the 401 re-authentication is extra). */
  attempts: number;
  baseMs: number;
  maxDelayMs: number;
}

export interface HttpDeps {
  fetch: typeof fetch;
  auth: TokenProvider;
  retry: RetryPolicy;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  logger: { warn(obj: object, msg?: string): void; debug(obj: object, msg?: string): void };
}

export interface PostRequest {
  url: string;
  body: string;
  accept: string;
  /** What is being reached, for messages: `agent LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT`, `the threads API`. */
  target: string;
  /** Extra wording for 403/404 (e.g. the USAGE privilege the agent needs). */
  notFoundHint: string;
}

export type PostResult = { ok: true; response: Response } | { ok: false; error: ErrorEvent };

export async function postWithRetry(deps: HttpDeps, req: PostRequest, ctl: RunControl): Promise<PostResult> {
  let reauthenticated = false;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    let token: AuthToken;
    try {
      token = await deps.auth.getToken();
    } catch (err) {
      return fail('auth_failed', `Cannot get a Snowflake token: ${messageOf(err)}`, false);
    }
    let res: Response;
    ctl.touch();
    try {
      res = await deps.fetch(req.url, {
        method: 'POST',
        headers: {
          ...authHeaders(token),
          'Content-Type': 'application/json',
          Accept: req.accept,
          'User-Agent': 'data-engineer-agent',
        },
        body: req.body,
        signal: ctl.signal,
      });
    } catch (err) {
      if (ctl.reason) return { ok: false, error: ctl.errorEvent() as ErrorEvent };
      if (attempt < deps.retry.attempts) {
        deps.logger.warn(
          { attempt, target: req.target, err: messageOf(err) },
          'cortex: request failed; retrying',
        );
        const waited = await wait(deps, backoff(deps.retry, attempt), ctl);
        if (waited) return waited;
        continue;
      }
      return fail('network_error', `Cannot reach ${req.target}: ${messageOf(err)}`, true);
    }
    if (res.ok) return { ok: true, response: res };

    const detail = await errorDetail(res);
    if (res.status === 401 && !reauthenticated) {
      // Tokens rotate (SPCS file) or expire (JWT): one fresh token, and this attempt does not count.
      reauthenticated = true;
      attempt -= 1;
      deps.auth.invalidate();
      deps.logger.warn({ target: req.target }, 'cortex: 401; refreshing the token and retrying once');
      continue;
    }
    const retryable = res.status === 429 || res.status >= 500;
    if (retryable && attempt < deps.retry.attempts) {
      const delay = Math.min(retryAfterMs(res) ?? backoff(deps.retry, attempt), deps.retry.maxDelayMs);
      deps.logger.warn(
        { attempt, status: res.status, delayMs: delay, target: req.target },
        'cortex: retrying',
      );
      const waited = await wait(deps, delay, ctl);
      if (waited) return waited;
      continue;
    }
    return { ok: false, error: httpError(res.status, detail, req) };
  }
}

async function wait(deps: HttpDeps, ms: number, ctl: RunControl): Promise<PostResult | undefined> {
  ctl.pauseIdle();
  try {
    await deps.sleep(ms, ctl.signal);
    return undefined;
  } catch {
    return { ok: false, error: ctl.errorEvent() as ErrorEvent };
  }
}

function backoff(p: RetryPolicy, attempt: number): number {
  const exp = p.baseMs * 2 ** (attempt - 1);
  // Equal jitter: half fixed, half random, so replicas retrying together spread out.
  return Math.min(Math.round(exp / 2 + (Math.random() * exp) / 2), p.maxDelayMs);
}

/** Retry-After as delta-seconds or an HTTP date. */
function retryAfterMs(res: Response, now: number = Date.now()): number | undefined {
  const v = res.headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function errorDetail(res: Response): Promise<string> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return '';
  }
  try {
    const body = restErrorBodySchema.safeParse(JSON.parse(text));
    if (body.success && body.data.message) {
      return body.data.request_id
        ? `${body.data.message} (request id ${body.data.request_id})`
        : body.data.message;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300).trim();
}

function httpError(status: number, detail: string, req: PostRequest): ErrorEvent {
  const suffix = detail ? `: ${detail}` : '';
  switch (true) {
    case status === 401:
      return fail(
        'unauthorized',
        `Snowflake refused the credentials for ${req.target} (401)${suffix}. Check the Snowflake token, key pair or PAT settings.`,
        false,
      ).error;
    case status === 403:
      return fail('forbidden', `${req.notFoundHint} (403)${suffix}`, false).error;
    case status === 404:
      return fail('not_found', `${req.notFoundHint} (404)${suffix}`, false).error;
    case status === 429:
      return fail(
        'rate_limited',
        `${req.target} is rate limited (429)${suffix}. Try again in a moment.`,
        true,
      ).error;
    case status >= 500:
      return fail('server_error', `${req.target} failed (${status})${suffix}. Try again in a moment.`, true)
        .error;
    case status === 400:
      return fail('bad_request', `${req.target} refused the request (400)${suffix}`, false).error;
    default:
      return fail(`http_${status}`, `${req.target} answered ${status}${suffix}`, false).error;
  }
}

function fail(code: string, message: string, retryable: boolean): { ok: false; error: ErrorEvent } {
  return { ok: false, error: { type: 'error', code, message, retryable } };
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
