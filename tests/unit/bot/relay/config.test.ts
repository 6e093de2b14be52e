import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../bot/config/load.js';
import { BOT_FRAMEWORK_OPENID_METADATA_URL, loadRelayConfig } from '../../../../bot/relay/config.js';
import { KeyPairExchangeTokenSource, StaticTokenSource } from '../../../../bot/relay/ingressToken.js';
import { createIngressTokenSource } from '../../../../bot/relay/relay.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

const base = {
  MICROSOFT_APP_ID: APP_ID,
  DEA_RELAY_TARGET: 'https://abcd-myorg-myaccount.snowflakecomputing.app',
  SNOWFLAKE_ACCOUNT: 'myorg-myaccount',
  SNOWFLAKE_USER: 'dea_relay',
  SNOWFLAKE_ROLE: 'DEA_RELAY_ROLE',
  SNOWFLAKE_PRIVATE_KEY: pem,
};

function problems(env: Record<string, string>): { variable: string; problem: string }[] {
  try {
    loadRelayConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('relay configuration', () => {
  it('derives the token URL, the scope host and the default metadata URL', () => {
    const c = loadRelayConfig(base);
    expect(c.appId).toBe(APP_ID);
    expect(c.target).toBe('https://abcd-myorg-myaccount.snowflakecomputing.app');
    expect(c.targetHost).toBe('abcd-myorg-myaccount.snowflakecomputing.app');
    expect(c.snowflake.oauthTokenUrl).toBe('https://myorg-myaccount.snowflakecomputing.com/oauth/token');
    expect(c.openIdMetadataUrl).toBe(BOT_FRAMEWORK_OPENID_METADATA_URL);
    expect(c.snowflake.auth.kind).toBe('key-pair');
  });

  it('does not require the bot app password or tenant (the relay never uses them)', () => {
    expect(problems(base)).toEqual([]);
  });

  it('names every missing variable in one pass', () => {
    const vars = problems({}).map((p) => p.variable);
    expect(vars).toEqual(
      expect.arrayContaining(['MICROSOFT_APP_ID', 'DEA_RELAY_TARGET', 'SNOWFLAKE_ACCOUNT']),
    );
  });

  it('names a malformed app id and a malformed target', () => {
    const p = problems({ ...base, MICROSOFT_APP_ID: 'not-a-guid', DEA_RELAY_TARGET: 'ftp://x' });
    expect(p.map((x) => x.variable).sort()).toEqual(['DEA_RELAY_TARGET', 'MICROSOFT_APP_ID']);
  });

  it('refuses a plain-http target that is not loopback, and a target with a query', () => {
    expect(problems({ ...base, DEA_RELAY_TARGET: 'http://ingress.example.com' })[0]?.problem).toContain(
      'https',
    );
    expect(problems({ ...base, DEA_RELAY_TARGET: 'https://x.example.com/?a=1' })[0]?.variable).toBe(
      'DEA_RELAY_TARGET',
    );
    expect(loadRelayConfig({ ...base, DEA_RELAY_TARGET: 'http://127.0.0.1:8080/' }).target).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('requires the Snowflake user with a key pair, and credentials with an account', () => {
    const { SNOWFLAKE_USER: _u, ...noUser } = base;
    expect(problems(noUser).map((p) => p.variable)).toContain('SNOWFLAKE_USER');
    const { SNOWFLAKE_PRIVATE_KEY: _k, ...noKey } = base;
    expect(problems(noKey).map((p) => p.variable)).toContain('SNOWFLAKE_PRIVATE_KEY_PATH');
  });

  it('honours SNOWFLAKE_OAUTH_TOKEN_URL, SNOWFLAKE_HOST and MICROSOFT_OPENID_METADATA_URL', () => {
    expect(
      loadRelayConfig({ ...base, SNOWFLAKE_HOST: 'acct.privatelink.snowflakecomputing.com' }).snowflake
        .oauthTokenUrl,
    ).toBe('https://acct.privatelink.snowflakecomputing.com/oauth/token');
    const c = loadRelayConfig({
      ...base,
      SNOWFLAKE_OAUTH_TOKEN_URL: 'https://proxy.example.com/oauth/token',
      MICROSOFT_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
    });
    expect(c.snowflake.oauthTokenUrl).toBe('https://proxy.example.com/oauth/token');
    expect(c.openIdMetadataUrl).toBe(
      'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
    );
  });

  it('builds an exchange source for a key pair and a static one for a PAT', async () => {
    expect(await createIngressTokenSource(loadRelayConfig(base))).toBeInstanceOf(KeyPairExchangeTokenSource);
    const { SNOWFLAKE_PRIVATE_KEY: _k, ...noKey } = base;
    const pat = await createIngressTokenSource(loadRelayConfig({ ...noKey, SNOWFLAKE_TOKEN: 'pat-abc' }));
    expect(pat).toBeInstanceOf(StaticTokenSource);
    expect(await pat.get()).toBe('pat-abc');
  });

  it('reports an unreadable key file or a wrong passphrase as a problem with the key variable', async () => {
    const { SNOWFLAKE_PRIVATE_KEY: _k, ...noKey } = base;
    await expect(
      createIngressTokenSource(
        loadRelayConfig({ ...noKey, SNOWFLAKE_PRIVATE_KEY_PATH: '/nonexistent/rsa_key.p8' }),
      ),
    ).rejects.toMatchObject({ problems: [{ variable: 'SNOWFLAKE_PRIVATE_KEY_PATH' }] });
    await expect(
      createIngressTokenSource(
        loadRelayConfig({
          ...base,
          SNOWFLAKE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        }),
      ),
    ).rejects.toMatchObject({ problems: [{ variable: 'SNOWFLAKE_PRIVATE_KEY' }] });
  });
});
