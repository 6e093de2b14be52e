/**
 * One POST to the service's /api/messages through the SPCS ingress. Never retried here: a request that may
 * have reached the bot must not be delivered twice (the caller retries only after an ingress 401, which means
 * the bot never saw it).
 */
export interface ForwardRequest {
  url: string;
  body: Buffer;
  contentType: string | undefined;
  snowflakeToken: string;
  botAuthorization: string;
  timeoutMs: number;
}

export type ForwardResult =
  | { kind: 'response'; status: number; contentType: string | undefined; body: Buffer; location?: string }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string };

export async function forward(req: ForwardRequest): Promise<ForwardResult> {
  const headers: Record<string, string> = {
    authorization: `Snowflake Token="${req.snowflakeToken}"`,
    'x-dea-bot-authorization': req.botAuthorization,
    'user-agent': 'dea-relay',
  };
  if (req.contentType) headers['content-type'] = req.contentType;
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    // The ingress sends unauthenticated callers to a login page; following it would hide that refusal.
    const res = await fetch(req.url, { method: 'POST', headers, body: req.body, redirect: 'manual', signal });
    const body = Buffer.from(await res.arrayBuffer());
    return {
      kind: 'response',
      status: res.status,
      contentType: res.headers.get('content-type') ?? undefined,
      body,
      ...(res.headers.get('location') ? { location: res.headers.get('location') as string } : {}),
    };
  } catch (err) {
    if (signal.aborted) return { kind: 'timeout' };
    return { kind: 'unreachable', code: errorCode(err) };
  }
}

function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return err instanceof Error ? err.message : 'unknown';
}
