import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyPairJwtProvider, OAuthTokenFileProvider } from '../../../../adapters/snowflake/tokens.js';
import {
  exchangeScope,
  FileTokenSource,
  KeyPairExchangeTokenSource,
  parseTokenAnswer,
  StaticTokenSource,
  TokenExchangeError,
} from '../../../../bot/relay/ingressToken.js';
import { FakeSnowflakeOAuth } from '../../../fakes/fake-snowflake-oauth.js';
import { snowflakeUserKey } from '../../../integration/relay/harness.js';

describe('parseTokenAnswer', () => {
  it('takes the bare text answer with the default lifetime', () => {
    expect(parseTokenAnswer(' ver:1-hint:abc \n', 0, 600_000)).toEqual({
      token: 'ver:1-hint:abc',
      ttlMs: 600_000,
    });
  });

  it('takes access_token and expires_in from a JSON answer', () => {
    expect(parseTokenAnswer('{"access_token":"t1","expires_in":3600}', 0, 1)).toEqual({
      token: 't1',
      ttlMs: 3_600_000,
    });
  });

  it('reads exp from a JWT-shaped token when nothing else says', async () => {
    const now = Date.now();
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(now / 1000) + 120)
      .sign(new Uint8Array(32));
    const { ttlMs } = parseTokenAnswer(jwt, now, 600_000);
    expect(ttlMs).toBeGreaterThan(110_000);
    expect(ttlMs).toBeLessThanOrEqual(120_000);
  });

  it('refuses a token that could break the header syntax', () => {
    expect(() => parseTokenAnswer('abc"def', 0, 1)).toThrow(TokenExchangeError);
    expect(() => parseTokenAnswer('abc\r\nX-Evil: 1', 0, 1)).toThrow(TokenExchangeError);
    expect(() => parseTokenAnswer('{"nope":1}', 0, 1)).toThrow(/no access_token/);
  });
});

describe('exchange scope', () => {
  it('is the role and the ingress host, or the host alone', () => {
    expect(exchangeScope('abcd-org-acct.snowflakecomputing.app', 'DEA_RELAY_ROLE')).toBe(
      'session:role:DEA_RELAY_ROLE abcd-org-acct.snowflakecomputing.app',
    );
    expect(exchangeScope('h.example')).toBe('h.example');
  });
});

describe('KeyPairExchangeTokenSource', () => {
  let oauth: FakeSnowflakeOAuth | undefined;
  afterEach(async () => {
    await oauth?.close();
    oauth = undefined;
  });

  async function source(now: () => number, json?: { expiresIn?: number }) {
    const key = snowflakeUserKey();
    oauth = await FakeSnowflakeOAuth.start({
      account: 'xy12345',
      user: 'dea_relay',
      publicKey: key.publicKey,
      expectedScope: 'session:role:R h:1',
      ...(json ? { json } : {}),
    });
    const jwt = new KeyPairJwtProvider({
      account: 'xy12345.us-east-1',
      user: 'dea_relay',
      privateKey: key.privateKey,
    });
    return new KeyPairExchangeTokenSource({
      jwt,
      tokenUrl: oauth.tokenUrl,
      ingressHost: 'h:1',
      role: 'R',
      now,
    });
  }

  it('caches the token until shortly before expiry, then exchanges again', async () => {
    let t = 1_000_000;
    const s = await source(() => t, { expiresIn: 600 });
    const first = await s.get();
    t += 500_000;
    expect(await s.get()).toBe(first);
    t += 50_000; // 550 s: inside the 60 s renewal margin
    const second = await s.get();
    expect(second).not.toBe(first);
    expect(oauth?.successfulExchanges).toBe(2);
  });

  it('renews a refused token once even when many callers report it', async () => {
    const s = await source(Date.now);
    const first = await s.get();
    const renewed = await Promise.all(Array.from({ length: 10 }, () => s.renew(first)));
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(first);
    expect(oauth?.successfulExchanges).toBe(2);
    // A late report of the old token gets the current one without another exchange.
    expect(await s.renew(first)).toBe(renewed[0]);
    expect(oauth?.successfulExchanges).toBe(2);
  });

  it('surfaces a refused exchange with the status and Snowflake message', async () => {
    const s = await source(Date.now);
    (oauth as FakeSnowflakeOAuth).failWith = 400;
    await expect(s.get()).rejects.toThrow(/answered 400: configured failure 390144/);
  });
});

describe('static and file sources', () => {
  it('a PAT cannot be renewed', async () => {
    const s = new StaticTokenSource('pat-1');
    expect(await s.get()).toBe('pat-1');
    expect(await s.renew()).toBeUndefined();
  });

  it('a token file is re-read when the ingress refuses its value', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relay-token-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'tok-1\n');
    const s = new FileTokenSource(new OAuthTokenFileProvider(file));
    expect(await s.get()).toBe('tok-1');
    expect(await s.renew('tok-1')).toBeUndefined();
    writeFileSync(file, 'tok-2');
    expect(await s.renew('tok-1')).toBe('tok-2');
    expect(await s.get()).toBe('tok-2');
  });
});
