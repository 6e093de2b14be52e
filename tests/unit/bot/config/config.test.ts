import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../bot/config/load.js';

const noSpcs = { fileExists: () => false };
const load = (env: Record<string, string>) => loadConfig(env, noSpcs);

function problemsOf(env: Record<string, string>) {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults to local mode with the local agent and no channels', () => {
    const c = load({});
    expect(c.mode).toBe('local');
    expect(c.agent).toBe('local');
    expect(c.slack).toBeNull();
    expect(c.teams).toBeNull();
    expect(c.snowflake).toBeNull();
    expect(c.http).toEqual({ port: 3000, host: '127.0.0.1', publicHosts: [] });
    expect(c.planTtlMs).toBe(24 * 3_600_000);
    expect(c.webChat).toBe(true);
    expect(c.localStorageDir.endsWith('/.dea/storage')).toBe(true);
    expect(c.cortexAgent).toEqual({ database: 'LEILA_APP', schema: 'PUBLIC', name: 'DATA_ENGINEER_AGENT' });
  });

  it('derives Socket Mode from the app token and HTTP mode from the signing secret', () => {
    const socket = load({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack?.mode).toBe('socket');
    const http = load({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'a'.repeat(32) });
    expect(http.slack?.mode).toBe('http');
  });

  it('enables Teams from TEAMS_ENABLED or an app id, authenticated only with an app id', () => {
    expect(load({ TEAMS_ENABLED: 'true' }).teams?.appId).toBeUndefined();
    const t = load({
      MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
      MICROSOFT_APP_PASSWORD: 'pw',
      MICROSOFT_APP_TENANT_ID: '11111111-2222-3333-4444-666666666666',
    });
    expect(t.teams).toMatchObject({ appType: 'SingleTenant', appId: '11111111-2222-3333-4444-555555555555' });
  });

  it('switches to Snowflake mode and the Cortex agent with an account', () => {
    const c = load({ SNOWFLAKE_ACCOUNT: 'org-acct', SNOWFLAKE_USER: 'BOT', SNOWFLAKE_TOKEN: 'pat-secret' });
    expect(c.mode).toBe('snowflake');
    expect(c.agent).toBe('cortex');
    expect(c.snowflake?.auth).toEqual({ kind: 'pat', token: 'pat-secret' });
    expect(c.webChat).toBe(false);
  });

  it('uses the SPCS token file when it exists', () => {
    const c = loadConfig(
      { SNOWFLAKE_ACCOUNT: 'org-acct' },
      { fileExists: (p) => p === '/snowflake/session/token' },
    );
    expect(c.snowflake?.auth).toEqual({ kind: 'oauth-token-file', path: '/snowflake/session/token' });
  });

  it('parses approvers, durations and booleans', () => {
    const c = load({
      DEA_APPROVERS: 'slack:U1, teams:abc ,local:alice',
      DEA_PLAN_TTL: '30m',
      DEA_ALLOW_SELF_APPROVAL: 'yes',
    });
    expect(c.approvers).toEqual(['slack:U1', 'teams:abc', 'local:alice']);
    expect(c.planTtlMs).toBe(30 * 60_000);
    expect(c.allowSelfApproval).toBe(true);
  });

  it('reports every problem at once with the variable and an example', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DEA_PLAN_TTL: 'forever',
      DEA_APPROVERS: 'bob',
      SLACK_BOT_TOKEN: 'xoxb-ok',
      LOG_LEVEL: 'loud',
      DEA_AGENT: 'cortex',
    });
    const vars = problems.map((p) => p.variable).sort();
    expect(vars).toEqual([
      'DEA_AGENT',
      'DEA_APPROVERS',
      'DEA_PLAN_TTL',
      'LOG_LEVEL',
      'PORT',
      'SLACK_SIGNING_SECRET',
    ]);
    const port = problems.find((p) => p.variable === 'PORT')!;
    expect(port.problem).toMatch(/number/);
    expect(port.example).toBe('3000');
  });

  it('reports missing and conflicting credentials', () => {
    expect(problemsOf({ SNOWFLAKE_ACCOUNT: 'a' }).map((p) => p.variable)).toEqual([
      'SNOWFLAKE_PRIVATE_KEY_PATH',
    ]);
    expect(
      problemsOf({
        SNOWFLAKE_ACCOUNT: 'a',
        SNOWFLAKE_USER: 'u',
        SNOWFLAKE_TOKEN: 't',
        SNOWFLAKE_PRIVATE_KEY_PATH: '/k.p8',
      }).map((p) => p.variable),
    ).toEqual(['SNOWFLAKE_TOKEN']);
    expect(problemsOf({ SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_TOKEN: 't' }).map((p) => p.variable)).toEqual([
      'SNOWFLAKE_USER',
    ]);
    expect(problemsOf({ SNOWFLAKE_USER: 'u' }).map((p) => p.variable)).toEqual(['SNOWFLAKE_ACCOUNT']);
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' }).map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN']);
    expect(
      problemsOf({ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555' })
        .map((p) => p.variable)
        .sort(),
    ).toEqual(['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID']);
  });

  it("does not ask the relay for the bot's own Teams password and tenant", () => {
    const env = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555' };
    expect(() => load(env)).toThrow(ConfigError);
    const c = loadConfig(env, { fileExists: () => false, role: 'relay' });
    expect(c.teams?.appId).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('never prints a secret value in its errors', () => {
    const secret = 'not-a-bot-token-zq9sekrit';
    const err = (() => {
      try {
        load({
          SLACK_BOT_TOKEN: secret,
          SLACK_SIGNING_SECRET: 'zq9sekrit-short',
          SNOWFLAKE_PRIVATE_KEY: 'zq9sekrit-pem',
        });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('SLACK_BOT_TOKEN');
    expect(err!.message).not.toContain('zq9sekrit');
  });
});
