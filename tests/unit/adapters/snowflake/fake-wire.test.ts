import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkLogin, publicKeyFingerprint } from '../../../fakes/snowflake/credentials.js';
import { decodeBindings, encodeValue, inferType, statementTypeOf } from '../../../fakes/snowflake/wire.js';

describe('fake Snowflake wire format', () => {
  it('encodes values the way Snowflake sends them', () => {
    expect(encodeValue('boolean', true)).toBe('1');
    expect(encodeValue('date', new Date('1970-01-03T00:00:00Z'))).toBe('2');
    expect(encodeValue('timestamp_ltz', new Date(1500))).toBe('1.500000000');
    expect(encodeValue('variant', { a: 1 })).toBe('{"a":1}');
    expect(encodeValue('text', null)).toBeNull();
  });

  it('infers column types and decodes binds', () => {
    expect([
      inferType([1, 2]),
      inferType([1.5]),
      inferType([true]),
      inferType([new Date()]),
      inferType([{}]),
      inferType([null]),
    ]).toEqual(['fixed', 'real', 'boolean', 'timestamp_ltz', 'variant', 'text']);
    expect(
      decodeBindings({
        1: { type: 'FIXED', value: '7' },
        2: { type: 'BOOLEAN', value: 'true' },
        3: { type: 'TEXT', value: null },
      }),
    ).toEqual([7, true, null]);
    expect(statementTypeOf('/* x */ update t set a = 1').keyword).toBe('UPDATE');
  });
});

describe('fake Snowflake key-pair check', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwt = (claims: Record<string, unknown>, key = privateKey) => {
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const sig = sign(
      'RSA-SHA256',
      Buffer.from(`${head}.${body}`),
      createPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })),
    );
    return `${head}.${body}.${sig.toString('base64url')}`;
  };
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: `ACME.BOT.${publicKeyFingerprint(publicKeyPem)}`,
    sub: 'ACME.BOT',
    exp: Math.floor(Date.now() / 1000) + 60,
    ...over,
  });
  const login = (token: string) =>
    checkLogin({ publicKeyPem }, 'acme', { AUTHENTICATOR: 'SNOWFLAKE_JWT', LOGIN_NAME: 'bot', TOKEN: token });

  it('accepts a correctly signed token with the right claims', () => {
    expect(login(jwt(claims())).ok).toBe(true);
  });

  it('refuses a wrong signer, wrong subject, wrong fingerprint or an expired token', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(login(jwt(claims(), other))).toMatchObject({ ok: false, code: '390144' });
    expect(login(jwt(claims({ sub: 'ACME.OTHER' })))).toMatchObject({ ok: false });
    expect(login(jwt(claims({ iss: 'ACME.BOT.SHA256:AAAA' })))).toMatchObject({ ok: false });
    expect(login(jwt(claims({ exp: Math.floor(Date.now() / 1000) - 1 })))).toMatchObject({ ok: false });
  });
});
