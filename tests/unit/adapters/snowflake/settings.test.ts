import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionOptions } from '../../../../adapters/snowflake/auth.js';
import { scrub } from '../../../../adapters/snowflake/logging.js';
import {
  accessUrlOf,
  resolveSettings,
  type SnowflakeSettings,
} from '../../../../adapters/snowflake/settings.js';

const base: SnowflakeSettings = {
  account: 'myorg-acct',
  database: 'DB',
  schema: 'PUBLIC',
  auth: { kind: 'pat', token: 't' },
};

describe('settings', () => {
  it('fills defaults', () => {
    const s = resolveSettings(base);
    expect([s.queryTimeoutSeconds, s.poolSize, s.retry.maxAttempts]).toEqual([300, 4, 4]);
  });

  it('refuses incomplete or nonsensical settings', () => {
    expect(() => resolveSettings({ ...base, database: '' })).toThrow(/database/);
    expect(() => resolveSettings({ ...base, auth: { kind: 'key-pair', privateKeyPem: 'x' } })).toThrow(
      /needs a user/,
    );
    expect(() => resolveSettings({ ...base, queryTimeoutSeconds: 0 })).toThrow(/queryTimeoutSeconds/);
    expect(() => resolveSettings({ ...base, poolSize: 0 })).toThrow(/poolSize/);
  });

  it('derives the URL from accessUrl, host (SPCS) or the account', () => {
    expect(accessUrlOf({ ...base, accessUrl: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
    expect(accessUrlOf({ ...base, host: 'abc.snowflakecomputing.com' })).toBe(
      'https://abc.snowflakecomputing.com',
    );
    expect(accessUrlOf(base)).toBe('https://myorg-acct.snowflakecomputing.com');
  });

  it('maps each auth kind onto the driver authenticator, reading the token file each time', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dea-sf-')), 'token');
    writeFileSync(path, 'one\n');
    const oauth = resolveSettings({ ...base, auth: { kind: 'oauth-token-file', path } });
    expect(connectionOptions(oauth)).toMatchObject({ authenticator: 'OAUTH', token: 'one' });
    writeFileSync(path, 'two\n');
    expect(connectionOptions(oauth)).toMatchObject({ authenticator: 'OAUTH', token: 'two' });
    const kp = resolveSettings({
      ...base,
      user: 'u',
      auth: { kind: 'key-pair', privateKeyPem: 'PEM', passphrase: 'pw' },
    });
    expect(connectionOptions(kp)).toMatchObject({
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: 'PEM',
      privateKeyPass: 'pw',
      username: 'u',
    });
    expect(connectionOptions(resolveSettings(base))).toMatchObject({
      authenticator: 'PROGRAMMATIC_ACCESS_TOKEN',
      token: 't',
    });
  });
});

describe('scrub', () => {
  it('masks JWTs, token headers and credential fields', () => {
    expect(scrub('Authorization: Snowflake Token="st-abc123"')).toBe('Authorization: Snowflake Token="****"');
    expect(scrub('jwt eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl end')).toBe('jwt **** end');
    expect(scrub('{"token":"abc","password":"p"}')).toBe('{"token":"****","password":"****"}');
  });
});
