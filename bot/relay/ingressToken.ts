/**
 * The Snowflake token the relay presents to the SPCS ingress (`Authorization: Snowflake Token="…"`).
 * Key pair: a fresh key-pair JWT is exchanged at /oauth/token for a token scoped to the role and the ingress
 * host; it is cached until shortly before it expires and every concurrent request shares one exchange.
 * PAT: used as is. Token file: re-read when the ingress refuses the current value (a rotated secret).
 */
import { decodeJwt } from 'jose';
import type { TokenProvider } from '../../adapters/snowflake/tokens.js';

export interface IngressTokenSource {
  /** A token believed valid (cached, or obtained now). */
  get(): Promise<string>;
  /**
   * The ingress refused `stale`: returns a different token to retry with, or undefined when no other token
   * can be had (a PAT). Concurrent callers with the same stale token share one exchange.
   */
  renew(stale: string): Promise<string | undefined>;
  /** How many exchanges/reads have been made (logs, tests). */
  readonly fetchCount: number;
}

export class TokenExchangeError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    opts?: { cause?: unknown },
  ) {
    super(message, opts);
    this.name = 'TokenExchangeError';
  }
}

/** Anything else would let a hostile token endpoint inject header syntax. */
const TOKEN_RE = /^[\x21\x23-\x7e]+$/;

function checkToken(token: string, source: string): string {
  if (!TOKEN_RE.test(token)) throw new TokenExchangeError(`${source} returned an unusable token`);
  return token;
}

export class StaticTokenSource implements IngressTokenSource {
  readonly fetchCount = 0;
  private readonly token: string;
  constructor(token: string) {
    this.token = checkToken(token.trim(), 'SNOWFLAKE_TOKEN');
  }
  async get(): Promise<string> {
    return this.token;
  }
  async renew(): Promise<string | undefined> {
    return undefined;
  }
}

/** The SPCS token file, read through its provider (which re-reads the file on every call). */
export class FileTokenSource implements IngressTokenSource {
  fetchCount = 0;
  private current: string | undefined;
  constructor(private readonly file: TokenProvider) {}

  async get(): Promise<string> {
    this.current ??= await this.read();
    return this.current;
  }

  async renew(stale: string): Promise<string | undefined> {
    if (this.current !== undefined && this.current !== stale) return this.current;
    const next = await this.read();
    this.current = next;
    return next === stale ? undefined : next;
  }

  private async read(): Promise<string> {
    this.fetchCount += 1;
    let raw: string;
    try {
      raw = (await this.file.getToken()).token;
    } catch (cause) {
      throw new TokenExchangeError((cause as Error).message, undefined, { cause });
    }
    return checkToken(raw, 'the Snowflake token file');
  }
}

export interface ExchangeOptions {
  jwt: TokenProvider;
  tokenUrl: string;
  /** `host[:port]` of the ingress; part of the scope. */
  ingressHost: string;
  /** Case must match SHOW ROLES exactly. Without it Snowflake uses the user's default role. */
  role?: string;
  timeoutMs?: number;
  /** Used when the answer says nothing about expiry. Snowflake OAuth access tokens last 10 minutes by default. */
  defaultTtlMs?: number;
  /** Renew this long before expiry (capped at a fifth of the lifetime). */
  refreshBeforeMs?: number;
  now?: () => number;
}

export function exchangeScope(ingressHost: string, role?: string): string {
  return role ? `session:role:${role} ${ingressHost}` : ingressHost;
}

export class KeyPairExchangeTokenSource implements IngressTokenSource {
  fetchCount = 0;
  private cached: { token: string; renewAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: ExchangeOptions) {
    this.now = opts.now ?? Date.now;
  }

  async get(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    return this.exchange();
  }

  async renew(stale: string): Promise<string> {
    // Someone else already replaced the refused token (or is replacing it): share that.
    if (this.inflight) return this.inflight;
    if (this.cached && this.cached.token !== stale) return this.cached.token;
    this.cached = undefined;
    return this.exchange();
  }

  private exchange(): Promise<string> {
    this.inflight ??= this.doExchange().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doExchange(): Promise<string> {
    this.fetchCount += 1;
    // A fresh assertion each time: exchanges are minutes apart and a reused assertion could be refused as a replay.
    this.opts.jwt.invalidate();
    const { token: assertion } = await this.opts.jwt.getToken();
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
      scope: exchangeScope(this.opts.ingressHost, this.opts.role),
    });
    const started = this.now();
    let res: Response;
    try {
      res = await fetch(this.opts.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json, text/plain',
        },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5_000),
      });
    } catch (cause) {
      throw new TokenExchangeError(
        `cannot reach the Snowflake token endpoint ${this.opts.tokenUrl}`,
        undefined,
        {
          cause,
        },
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
      throw new TokenExchangeError(
        `the Snowflake token endpoint answered ${res.status}${describeError(text)}`,
        res.status,
      );
    const { token, ttlMs } = parseTokenAnswer(text, started, this.opts.defaultTtlMs ?? 600_000);
    const margin = Math.min(this.opts.refreshBeforeMs ?? 60_000, ttlMs / 5);
    this.cached = { token, renewAt: started + ttlMs - margin };
    return token;
  }
}

/**
 * Snowflake answers the bare token as text (the SPCS tutorial reads `response.text`); an OAuth-style JSON
 * answer `{access_token, expires_in}` is accepted too. Without `expires_in`, a JWT's `exp` is used if present.
 */
export function parseTokenAnswer(
  text: string,
  now: number,
  defaultTtlMs: number,
): { token: string; ttlMs: number } {
  const trimmed = text.trim();
  let token = trimmed;
  let ttlMs: number | undefined;
  if (trimmed.startsWith('{')) {
    let json: { access_token?: unknown; token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(trimmed) as typeof json;
    } catch {
      throw new TokenExchangeError('the Snowflake token endpoint returned malformed JSON');
    }
    const t = json.access_token ?? json.token;
    if (typeof t !== 'string')
      throw new TokenExchangeError('the Snowflake token endpoint returned no access_token');
    token = t.trim();
    const expiresIn = Number(json.expires_in);
    if (Number.isFinite(expiresIn) && expiresIn > 0) ttlMs = expiresIn * 1000;
  }
  checkToken(token, 'the Snowflake token endpoint');
  if (ttlMs === undefined) {
    try {
      const { exp } = decodeJwt(token);
      if (typeof exp === 'number' && exp * 1000 > now) ttlMs = exp * 1000 - now;
    } catch {
      // Not a JWT: an opaque token.
    }
  }
  return { token, ttlMs: ttlMs ?? defaultTtlMs };
}

/** Snowflake error bodies carry a message and a code, never a secret; keep a short piece for the log. */
function describeError(text: string): string {
  const t = text.trim();
  if (!t) return '';
  try {
    const j = JSON.parse(t) as {
      message?: unknown;
      error?: unknown;
      error_description?: unknown;
      code?: unknown;
    };
    const parts = [j.error, j.error_description, j.message, j.code].filter(
      (v) => typeof v === 'string' || typeof v === 'number',
    );
    if (parts.length) return `: ${parts.join(' ').slice(0, 300)}`;
  } catch {
    // plain text
  }
  return `: ${t.slice(0, 200)}`;
}
