import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSigningKey } from '../../fakes/fake-botframework-auth.js';
import { INVOKE_ANSWER, invoke, message, startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A port nothing listens on: bind, read the number, close. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('dea relay: authenticated traffic goes through unchanged', () => {
  it('forwards a message byte for byte with the Snowflake token and the original Bot Framework header', async () => {
    world = await startWorld();
    const w = world;
    // Odd spacing, key order and non-ASCII text: any re-serialisation would change these bytes.
    const body = Buffer.from(
      `{ "text" :"héllo  \\u00e9 🚀", ${message('x').slice(1)}`.replace('"text":"x",', ''),
    );
    const auth = await w.bearer();
    const res = await w.post(body, {
      authorization: auth,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(200);
    expect(w.bot.received).toHaveLength(1);
    const got = w.bot.received[0]!;
    expect(got.path).toBe('/api/messages');
    expect(got.body.equals(body)).toBe(true);
    expect(got.headers['x-dea-bot-authorization']).toBe(auth);
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    // The ingress consumed the Snowflake token; the bot sees who called through Snowflake.
    expect(got.headers.authorization).toBeUndefined();
    expect(got.headers['sf-context-current-user']).toBe('DEA_RELAY');
    expect(w.oauth.successfulExchanges).toBe(1);
    expect(w.oauth.exchanges[0]?.scope).toBe(`session:role:DEA_RELAY_ROLE ${w.ingress.host}`);
  });

  it('returns the invoke answer (the updated card) unchanged', async () => {
    world = await startWorld();
    const body = invoke('approve');
    const res = await world.post(body, { authorization: await world.bearer() });
    expect(res.status).toBe(200);
    expect(res.body.equals(INVOKE_ANSWER)).toBe(true);
    expect(res.type).toBe('application/json; charset=utf-8');
    expect(world.bot.received[0]?.body.toString('utf8')).toBe(body);
  });

  it('passes the service status and body through without retrying a request the bot saw', async () => {
    world = await startWorld();
    world.bot.respond = () => ({
      status: 500,
      body: Buffer.from('{"error":"boom"}'),
      type: 'application/json',
    });
    const res = await world.post(message('hi'), { authorization: await world.bearer() });
    expect(res.status).toBe(500);
    expect(res.body.toString()).toBe('{"error":"boom"}');
    expect(world.bot.received).toHaveLength(1);
  });

  it('accepts a token that expired within the 5-minute clock skew', async () => {
    world = await startWorld();
    const res = await world.post(message('hi'), { authorization: await world.bearer({ expIn: -120 }) });
    expect(res.status).toBe(200);
  });

  it('reuses one Snowflake token across requests (cached)', async () => {
    world = await startWorld();
    for (let i = 0; i < 3; i++) {
      expect((await world.post(message(`m${i}`), { authorization: await world.bearer() })).status).toBe(200);
    }
    expect(world.oauth.exchanges).toHaveLength(1);
  });
});

describe('dea relay: Bot Framework authentication', () => {
  const cases: [string, (w: World) => Promise<Record<string, string>>, string, string?][] = [
    ['missing token', async () => ({}), 'no Authorization header'],
    ['garbage token', async () => ({ authorization: 'Bearer not.a.jwt' }), 'malformed token'],
    ['not a Bearer scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), 'scheme is not Bearer'],
    [
      'wrong audience',
      async (w) => ({ authorization: await w.bearer({ aud: '99999999-2222-3333-4444-555555555555' }) }),
      'wrong audience',
    ],
    ['expired beyond skew', async (w) => ({ authorization: await w.bearer({ expIn: -400 }) }), 'expired'],
    [
      'not yet valid beyond skew',
      async (w) => ({ authorization: await w.bearer({ nbfIn: 400 }) }),
      'not valid yet',
    ],
    [
      'wrong issuer',
      async (w) => ({ authorization: await w.bearer({ iss: 'https://sts.windows.net/x/' }) }),
      'wrong issuer',
    ],
    [
      'unknown key id',
      async (w) => ({
        authorization: await w.bearer({ kid: 'no-such-kid', signWith: w.botAuth.keys[0]!.privateKey }),
      }),
      'not in the Bot Framework metadata',
    ],
    [
      'wrong key for a known key id',
      async (w) => ({ authorization: await w.bearer({ signWith: (await makeSigningKey()).privateKey }) }),
      'bad signature',
    ],
    [
      'endorsement mismatch',
      async (w) => ({ authorization: await w.bearer() }),
      'not endorsed for channel "webchat"',
      message('hi', { channelId: 'webchat' }),
    ],
    [
      'serviceUrl mismatch',
      async (w) => ({ authorization: await w.bearer({ serviceUrl: 'https://evil.example/' }) }),
      'serviceurl claim',
    ],
  ];

  for (const [name, headers, reason, body] of cases) {
    it(`refuses ${name} with 401, forwards nothing and logs why`, async () => {
      world = world ?? (await startWorld());
      const w = world;
      const h = await headers(w);
      const res = await w.post(body ?? message('hi'), h);
      expect(res.status).toBe(401);
      expect(w.bot.received).toHaveLength(0);
      expect(w.ingress.seen).toHaveLength(0);
      expect(w.oauth.exchanges).toHaveLength(0);
      const line = w.logs.lines.find((l) => l.msg === 'relay refused the request');
      expect(String(line?.reason)).toContain(reason);
      // The log never carries the token itself.
      const token = h.authorization?.split(' ')[1];
      if (token && token.length > 20) expect(w.logs.text()).not.toContain(token);
    });
  }

  it('refetches the metadata when a new key appears, but not more often than allowed', async () => {
    world = await startWorld({ relay: { unknownKidRefreshMs: 60_000 } });
    const w = world;
    expect((await w.post(message('a'), { authorization: await w.bearer() })).status).toBe(200);
    const before = w.botAuth.jwksRequests;
    const rotated = await w.botAuth.addKey(['msteams']);
    expect((await w.post(message('b'), { authorization: await w.bearer({ kid: rotated.kid }) })).status).toBe(
      200,
    );
    expect(w.botAuth.jwksRequests).toBe(before + 1);
    // A second unknown kid within the interval does not hit the metadata again.
    const unseen = await w.botAuth.addKey(['msteams']);
    expect((await w.post(message('c'), { authorization: await w.bearer({ kid: unseen.kid }) })).status).toBe(
      401,
    );
    expect(w.botAuth.jwksRequests).toBe(before + 1);
  });

  it('answers 400 to an authenticated body that is not JSON, and forwards nothing', async () => {
    world = await startWorld();
    const res = await world.post('type=message', { authorization: await world.bearer() });
    expect(res.status).toBe(400);
    expect(world.bot.received).toHaveLength(0);
  });

  it('answers 503 (not 401) when the signing keys cannot be loaded at all', async () => {
    world = await startWorld({
      env: {
        MICROSOFT_OPENID_METADATA_URL: `http://127.0.0.1:${await deadPort()}/v1/.well-known/openidconfiguration`,
      },
    });
    const res = await world.post(message('hi'), { authorization: await world.bearer() });
    expect(res.status).toBe(503);
    expect(world.bot.received).toHaveLength(0);
    expect(String(world.logs.lines.find((l) => l.status === 503)?.reason)).toContain(
      'cannot load Bot Framework signing keys',
    );
  });
});

describe('dea relay: Snowflake token', () => {
  it('shares one exchange among 20 concurrent requests', async () => {
    world = await startWorld({ oauth: { delayMs: 150 } });
    const w = world;
    const auth = await w.bearer();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => w.post(message(`m${i}`), { authorization: auth })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(w.oauth.exchanges).toHaveLength(1);
    expect(w.bot.received).toHaveLength(20);
  });

  it('re-exchanges once when the ingress refuses a revoked token, then delivers once', async () => {
    world = await startWorld();
    const w = world;
    expect((await w.post(message('first'), { authorization: await w.bearer() })).status).toBe(200);
    w.oauth.revokeAll();
    const res = await w.post(message('second'), { authorization: await w.bearer() });
    expect(res.status).toBe(200);
    expect(w.oauth.successfulExchanges).toBe(2);
    expect(w.ingress.seen.map((s) => s.accepted)).toEqual([true, false, true]);
    expect(w.bot.received.map((r) => JSON.parse(r.body.toString()).text)).toEqual(['first', 'second']);
  });

  it('accepts a JSON token answer with expires_in and renews after it', async () => {
    world = await startWorld({ oauth: { json: { expiresIn: 1 } } });
    const w = world;
    expect((await w.post(message('a'), { authorization: await w.bearer() })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await w.post(message('b'), { authorization: await w.bearer() })).status).toBe(200);
    expect(w.oauth.successfulExchanges).toBe(2);
    expect(w.ingress.seen.every((s) => s.accepted)).toBe(true);
  });

  it('answers 502 and forwards nothing when the token exchange is refused', async () => {
    world = await startWorld();
    world.oauth.failWith = 401;
    const res = await world.post(message('hi'), { authorization: await world.bearer() });
    expect(res.status).toBe(502);
    expect(world.ingress.seen).toHaveLength(0);
    const line = world.logs.lines.find((l) => l.msg === 'relay failed');
    expect(JSON.stringify(line)).toContain('answered 401');
  });

  it('uses a programmatic access token as is', async () => {
    world = await startWorld({
      pats: ['pat-secret-value-123'],
      env: { SNOWFLAKE_PRIVATE_KEY: undefined, SNOWFLAKE_TOKEN: 'pat-secret-value-123' },
    });
    const res = await world.post(message('hi'), { authorization: await world.bearer() });
    expect(res.status).toBe(200);
    expect(world.oauth.exchanges).toHaveLength(0);
    expect(world.logs.text()).not.toContain('pat-secret-value-123');
  });
});

describe('dea relay: limits and failures', () => {
  it('answers a prompt 502 when the ingress is down', async () => {
    world = await startWorld({ target: `http://127.0.0.1:${await deadPort()}` });
    const started = performance.now();
    const res = await world.post(message('hi'), { authorization: await world.bearer() });
    expect(res.status).toBe(502);
    expect(performance.now() - started).toBeLessThan(2_000);
    const line = world.logs.lines.find((l) => l.msg === 'relay failed');
    expect(line?.code).toBe('ECONNREFUSED');
  });

  it('answers 504 when the service does not answer in time, without retrying', async () => {
    world = await startWorld({ relay: { timeoutMs: 400 } });
    world.bot.respond = () => 'hang';
    const started = performance.now();
    const res = await world.post(message('hi'), { authorization: await world.bearer() });
    expect(res.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(world.bot.received).toHaveLength(1);
  });

  it('refuses an oversized body with 413 and forwards nothing', async () => {
    world = await startWorld({ relay: { bodyLimitBytes: 1024 } });
    const big = message('x'.repeat(2_000));
    const res = await world.post(big, { authorization: await world.bearer() });
    expect(res.status).toBe(413);
    expect(world.bot.received).toHaveLength(0);
    expect(world.oauth.exchanges).toHaveLength(0);
  });

  it('refuses an oversized chunked body (no content-length) with 413', async () => {
    world = await startWorld({ relay: { bodyLimitBytes: 1024 } });
    const big = Buffer.from(message('y'.repeat(4_000)));
    const auth = await world.bearer();
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < big.length; i += 512) c.enqueue(big.subarray(i, i + 512));
        c.close();
      },
    });
    const res = await fetch(`${world.relay.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(world.bot.received).toHaveLength(0);
  });

  it('serves /healthz', async () => {
    world = await startWorld();
    const res = await fetch(`${world.relay.url}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('lets an in-flight request finish during shutdown and takes no new ones', async () => {
    world = await startWorld();
    const w = world;
    w.bot.respond = () => ({
      status: 200,
      body: Buffer.from('{"late":true}'),
      type: 'application/json',
      delayMs: 400,
    });
    const auth = await w.bearer();
    const pending = w.post(message('slow'), { authorization: auth });
    while (w.bot.received.length === 0) await new Promise((r) => setTimeout(r, 10));
    const stopping = w.relay.shutdown('test');
    const late = await w.post(message('late'), { authorization: auth }).catch(() => ({ status: 0 }));
    // Refused while draining (503) or the listener is already closed (connection refused).
    expect([0, 503]).toContain(late.status);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('{"late":true}');
    await stopping;
    expect(w.bot.received).toHaveLength(1);
  });
});
