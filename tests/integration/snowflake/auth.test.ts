/** Each auth mode reaches the fake through the real driver with the right authenticator and credential. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarehouseError } from '../../../bot/core/contracts.js';
import { type FakeSnowflake, startFakeSnowflake } from '../../fakes/fake-snowflake.js';
import { oneRow, rsaKeyPair, tokenFile, warehouseFor } from './setup.js';

let fake: FakeSnowflake;
beforeEach(async () => {
  fake = await startFakeSnowflake({ answer: oneRow });
});
afterEach(async () => {
  await fake.close();
});

describe('OAuth token file (SPCS)', () => {
  it('re-reads the token file for every new session', async () => {
    const file = tokenFile('spcs-token-1');
    fake.credentials.oauthTokens = ['spcs-token-1'];
    const wh = warehouseFor(fake, { kind: 'oauth-token-file', path: file.path }, { user: undefined });
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);

    // SPCS rotates the file; the old token stops working and the old session ends.
    file.write('spcs-token-2');
    fake.credentials.oauthTokens = ['spcs-token-2'];
    fake.expireSessions();
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();

    expect(fake.logins.map((l) => [l.authenticator, l.token, l.ok])).toEqual([
      ['OAUTH', 'spcs-token-1', true],
      ['OAUTH', 'spcs-token-2', true],
    ]);
  });

  it('opens concurrent sessions with the token current at each login', async () => {
    const file = tokenFile('tok-a');
    fake.credentials.oauthTokens = ['tok-a', 'tok-b'];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    fake.answer = async () => {
      await gate;
      return oneRow();
    };
    const wh = warehouseFor(fake, { kind: 'oauth-token-file', path: file.path }, { poolSize: 2 });
    const first = wh.query('SELECT 1 AS X');
    await expect.poll(() => fake.queries.length).toBe(1);
    file.write('tok-b');
    const second = wh.query('SELECT 1 AS X');
    await expect.poll(() => fake.queries.length).toBe(2);
    release();
    await Promise.all([first, second]);
    await wh.close();
    expect(fake.logins.map((l) => l.token)).toEqual(['tok-a', 'tok-b']);
  });

  it('refuses an empty token file without contacting Snowflake', async () => {
    const file = tokenFile('');
    const wh = warehouseFor(fake, { kind: 'oauth-token-file', path: file.path });
    await expect(wh.query('SELECT 1')).rejects.toThrow(/token file .* is empty/);
    expect(fake.count('/session/v1/login-request')).toBe(0);
    await wh.close();
  });
});

describe('key pair (SNOWFLAKE_JWT)', () => {
  it('logs in with a JWT the fake verifies against the registered public key', async () => {
    const keys = rsaKeyPair();
    fake.credentials.publicKeyPem = keys.publicKeyPem;
    const wh = warehouseFor(fake, { kind: 'key-pair', privateKeyPem: keys.privateKeyPem });
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    expect(fake.logins).toHaveLength(1);
    expect(fake.logins[0]).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', user: 'svc_dea', ok: true });
    const claims = JSON.parse(Buffer.from(fake.logins[0]!.token!.split('.')[1]!, 'base64url').toString());
    expect(claims.sub).toBe('TESTACCT.SVC_DEA');
    expect(claims.iss).toMatch(/^TESTACCT\.SVC_DEA\.SHA256:[A-Za-z0-9+/=]{44}$/);
  });

  it('decrypts an encrypted private key with its passphrase', async () => {
    const keys = rsaKeyPair('s3cret-passphrase');
    fake.credentials.publicKeyPem = keys.publicKeyPem;
    const wh = warehouseFor(fake, {
      kind: 'key-pair',
      privateKeyPem: keys.privateKeyPem,
      passphrase: 's3cret-passphrase',
    });
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    expect(fake.logins[0]?.ok).toBe(true);
  });

  it('is refused (390144, no retry) when the key is not the registered one', async () => {
    fake.credentials.publicKeyPem = rsaKeyPair().publicKeyPem;
    const wh = warehouseFor(fake, { kind: 'key-pair', privateKeyPem: rsaKeyPair().privateKeyPem });
    const error = await wh.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarehouseError);
    expect((error as WarehouseError).code).toBe('390144');
    expect(fake.count('/session/v1/login-request')).toBe(1);
    await wh.close();
  });
});

describe('programmatic access token', () => {
  it('sends the PAT with the PROGRAMMATIC_ACCESS_TOKEN authenticator', async () => {
    fake.credentials.pats = ['pat-123456'];
    const wh = warehouseFor(fake, { kind: 'pat', token: 'pat-123456' });
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    expect(fake.logins.map((l) => [l.authenticator, l.token, l.user])).toEqual([
      ['PROGRAMMATIC_ACCESS_TOKEN', 'pat-123456', 'svc_dea'],
    ]);
    const login = fake.requests.find((r) => r.path === '/session/v1/login-request')!;
    expect(login.query).toMatchObject({
      databaseName: 'LEILA_APP',
      schemaName: 'PUBLIC',
      warehouse: 'DEA_WH',
      roleName: 'DEA_ROLE',
    });
  });

  it('fails once with the login error code for a wrong PAT', async () => {
    fake.credentials.pats = ['pat-right'];
    const wh = warehouseFor(fake, { kind: 'pat', token: 'pat-wrong' });
    await expect(wh.query('SELECT 1')).rejects.toMatchObject({ code: '394400' });
    expect(fake.count('/session/v1/login-request')).toBe(1);
    await wh.close();
  });
});
