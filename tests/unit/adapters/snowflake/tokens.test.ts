import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { authHeaders } from '../../../../adapters/cortex/http.js';
import {
  AuthError,
  jwtAccount,
  KeyPairJwtProvider,
  OAuthTokenFileProvider,
  PatTokenProvider,
  tokenProviderFromSettings,
} from '../../../../adapters/snowflake/tokens.js';

const PASSPHRASE = 'correct horse battery staple';
const { publicKey, privateKey: encryptedPem } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE },
});
const plain = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

/** Fingerprint computed independently of the code under test, as `DESC USER` shows it. */
function expectedFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

describe('jwtAccount', () => {
  it.each([
    ['xy12345', 'XY12345'],
    ['xy12345.us-east-1', 'XY12345'],
    ['xy12345.eu-west-1.aws', 'XY12345'],
    ['myorg-myaccount', 'MYORG-MYACCOUNT'],
    ['xy12345-abc.global', 'XY12345'],
  ])('%s → %s', (input, expected) => {
    expect(jwtAccount(input)).toBe(expected);
  });
});

describe('KeyPairJwtProvider', () => {
  it('signs an RS256 JWT with Snowflake claims that verifies against the public key (encrypted PEM)', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const p = new KeyPairJwtProvider({
      account: 'xy12345.us-east-1',
      user: 'dea_bot',
      privateKey: encryptedPem,
      passphrase: PASSPHRASE,
      now: () => now,
    });
    const { token, tokenType } = await p.getToken();
    expect(tokenType).toBe('KEYPAIR_JWT');
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const { payload } = await jwtVerify(token, createPublicKey(publicKey), {
      algorithms: ['RS256'],
      currentDate: new Date(now + 1000),
    });
    expect(payload.iss).toBe(`XY12345.DEA_BOT.${expectedFingerprint(publicKey)}`);
    expect(payload.sub).toBe('XY12345.DEA_BOT');
    expect(payload.iat).toBe(now / 1000);
    expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(3600);
    expect(payload.exp as number).toBeGreaterThan(payload.iat as number);
  });

  it('caches the JWT until shortly before expiry, and re-signs after invalidate()', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const p = new KeyPairJwtProvider({
      account: 'myorg-acct',
      user: 'bot',
      privateKey: plain.privateKey,
      lifetimeMs: 3_600_000,
      refreshBeforeMs: 300_000,
      now: () => now,
    });
    const first = (await p.getToken()).token;
    now += 10_000;
    expect((await p.getToken()).token).toBe(first);
    now += 3_600_000 - 300_000 - 10_000; // exactly at the refresh point
    const second = (await p.getToken()).token;
    expect(second).not.toBe(first);
    now += 1_000;
    expect((await p.getToken()).token).toBe(second);
    p.invalidate();
    now += 1_000;
    const third = (await p.getToken()).token;
    expect(third).not.toBe(second);
    const { payload } = await jwtVerify(third, createPublicKey(plain.publicKey), {
      currentDate: new Date(now),
    });
    expect(payload.sub).toBe('MYORG-ACCT.BOT');
  });

  it('never signs for more than an hour', async () => {
    const now = Date.UTC(2026, 0, 1);
    const p = new KeyPairJwtProvider({
      account: 'a',
      user: 'u',
      privateKey: plain.privateKey,
      lifetimeMs: 10 * 3_600_000,
      now: () => now,
    });
    const { payload } = await jwtVerify((await p.getToken()).token, createPublicKey(plain.publicKey), {
      currentDate: new Date(now),
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it('accepts a PEM whose line breaks arrived as \\n escapes (environment variables)', async () => {
    const escaped = plain.privateKey.replace(/\n/g, '\\n');
    const p = new KeyPairJwtProvider({ account: 'a', user: 'u', privateKey: escaped });
    expect((await p.getToken()).tokenType).toBe('KEYPAIR_JWT');
  });

  it('explains a missing or wrong passphrase without echoing secrets', () => {
    const noPass = () => new KeyPairJwtProvider({ account: 'a', user: 'u', privateKey: encryptedPem });
    expect(noPass).toThrow(AuthError);
    expect(noPass).toThrow(/needs SNOWFLAKE_PRIVATE_KEY_PASSPHRASE/);
    try {
      new KeyPairJwtProvider({
        account: 'a',
        user: 'u',
        privateKey: encryptedPem,
        passphrase: 'wrong-pass-xyz',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AuthError);
      expect(String((err as Error).message)).toMatch(/wrong passphrase/);
      expect(String((err as Error).message)).not.toContain('wrong-pass-xyz');
      expect(String((err as Error).message)).not.toContain('PRIVATE KEY-----');
    }
  });
});

describe('OAuthTokenFileProvider', () => {
  it('re-reads the token file on each call, so a rotated token is picked up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dea-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'first-token\n');
    const p = new OAuthTokenFileProvider(file);
    expect(await p.getToken()).toEqual({ token: 'first-token', tokenType: 'OAUTH' });
    writeFileSync(file, 'second-token');
    p.invalidate();
    expect(await p.getToken()).toEqual({ token: 'second-token', tokenType: 'OAUTH' });
  });

  it('fails clearly on a missing or empty file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dea-token-'));
    await expect(new OAuthTokenFileProvider(join(dir, 'nope')).getToken()).rejects.toThrow(/cannot read/);
    writeFileSync(join(dir, 'empty'), '  \n');
    await expect(new OAuthTokenFileProvider(join(dir, 'empty')).getToken()).rejects.toThrow(/is empty/);
  });
});

describe('PatTokenProvider and settings', () => {
  it('sends a PAT with its token type', async () => {
    const t = await new PatTokenProvider('pat-123').getToken();
    expect(authHeaders(t)).toEqual({
      Authorization: 'Bearer pat-123',
      'X-Snowflake-Authorization-Token-Type': 'PROGRAMMATIC_ACCESS_TOKEN',
    });
  });

  it('picks PAT, then key pair, then token file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dea-token-'));
    const keyFile = join(dir, 'rsa_key.p8');
    writeFileSync(keyFile, encryptedPem);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'oauth');
    const all = {
      token: 'pat',
      privateKeyPath: keyFile,
      passphrase: PASSPHRASE,
      account: 'a',
      user: 'u',
      tokenFile,
    };
    expect((await (await tokenProviderFromSettings(all)).getToken()).tokenType).toBe(
      'PROGRAMMATIC_ACCESS_TOKEN',
    );
    const { token: _pat, ...noPat } = all;
    expect((await (await tokenProviderFromSettings(noPat)).getToken()).tokenType).toBe('KEYPAIR_JWT');
    expect((await (await tokenProviderFromSettings({ tokenFile })).getToken()).tokenType).toBe('OAUTH');
    await expect(tokenProviderFromSettings({ privateKeyPath: keyFile })).rejects.toThrow(/SNOWFLAKE_ACCOUNT/);
    await expect(tokenProviderFromSettings({})).rejects.toThrow(/no Snowflake credentials/);
  });
});
