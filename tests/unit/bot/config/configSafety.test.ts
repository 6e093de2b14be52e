/**
 * Issue 16, reproduction 7 and point 8: settings that each parse but together are unsafe are refused when the
 * bot is started, every one of them in the same error; DEA_PLAN_TTL is bounded; the new DEA_PUBLIC_HOST and
 * DEA_TEAMS_TENANTS are parsed. The SPCS spec's environment still starts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, isLoopbackHost, loadConfig } from '../../../../bot/config/load.js';

const inSpcs = (p: string): boolean => p === '/snowflake/session/token';
const outside = (_p: string): boolean => false;

function problems(env: Record<string, string>, fileExists: (p: string) => boolean = outside) {
  try {
    loadConfig(env, { fileExists, serving: true });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

const SNOWFLAKE = {
  SNOWFLAKE_ACCOUNT: 'myorg-myaccount',
  SNOWFLAKE_USER: 'DEA_BOT',
  SNOWFLAKE_TOKEN: 'pat-value',
};

describe('unsafe combinations at start', () => {
  it('lists every unsafe combination in one error', () => {
    const p = problems({ ...SNOWFLAKE, TEAMS_ENABLED: 'true', DEA_WEB_CHAT: 'true' });
    expect(p.map((x) => x.variable).sort()).toEqual(['DEA_WEB_CHAT', 'TEAMS_ENABLED']);
    expect(p.find((x) => x.variable === 'TEAMS_ENABLED')?.problem).toMatch(/unauthenticated/);
    expect(p.find((x) => x.variable === 'DEA_WEB_CHAT')?.problem).toMatch(/Sf-Context-Current-User.*SPCS/);
    try {
      loadConfig(
        { ...SNOWFLAKE, TEAMS_ENABLED: 'true', DEA_WEB_CHAT: 'true' },
        { fileExists: outside, serving: true },
      );
    } catch (err) {
      expect((err as Error).message).toMatch(/2 problems/);
    }
  });

  it('refuses local mode listening beyond loopback without approvers, and accepts it with them', () => {
    const p = problems({ HOST: '0.0.0.0' });
    expect(p).toHaveLength(1);
    expect(p[0]?.variable).toBe('DEA_APPROVERS');
    expect(p[0]?.problem).toMatch(/0\.0\.0\.0.*anyone who reaches it approve/);
    expect(problems({ HOST: '0.0.0.0', DEA_APPROVERS: 'local:alice' })).toEqual([]);
    expect(problems({ HOST: '127.0.0.1' })).toEqual([]);
    expect(problems({ HOST: 'localhost' })).toEqual([]);
    expect(problems({ HOST: '::1' })).toEqual([]);
    expect(problems({ HOST: '192.168.1.10' }).map((x) => x.variable)).toEqual(['DEA_APPROVERS']);
  });

  it('accepts the web chat inside SPCS and authenticated Teams in Snowflake mode', () => {
    expect(problems({ ...SNOWFLAKE, DEA_WEB_CHAT: 'true' }, inSpcs)).toEqual([]);
    expect(
      problems({
        ...SNOWFLAKE,
        MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
        MICROSOFT_APP_PASSWORD: 'x',
        MICROSOFT_APP_TENANT_ID: '11111111-2222-3333-4444-555555555555',
      }),
    ).toEqual([]);
  });

  it('applies only to the serving process: CLI commands still load', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }, { fileExists: outside }).mode).toBe('local');
  });

  it("starts with the SPCS spec's environment (Snowflake sets the account and the token file)", () => {
    const spec = parse(readFileSync(new URL('../../../../spec.yaml', import.meta.url), 'utf8')) as {
      spec: { containers: { env: Record<string, string> }[] };
    };
    const env = {
      ...spec.spec.containers[0]!.env,
      SNOWFLAKE_ACCOUNT: 'myorg-myaccount',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
    };
    expect(problems(env, inSpcs)).toEqual([]);
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('DEA_PLAN_TTL, DEA_PUBLIC_HOST, DEA_TEAMS_TENANTS', () => {
  it('bounds DEA_PLAN_TTL at 30 days with a clear sentence', () => {
    const p = problems({ DEA_PLAN_TTL: '99999999d' });
    expect(p.map((x) => x.variable)).toEqual(['DEA_PLAN_TTL']);
    expect(p[0]?.problem).toMatch(/at most 30d/);
    expect(loadConfig({ DEA_PLAN_TTL: '30d' }, { fileExists: outside }).planTtlMs).toBe(30 * 86_400_000);
    expect(problems({ DEA_PLAN_TTL: '721h' }).map((x) => x.variable)).toEqual(['DEA_PLAN_TTL']);
  });

  it('parses DEA_PUBLIC_HOST as host names with optional ports and refuses URLs', () => {
    const c = loadConfig(
      { DEA_PUBLIC_HOST: 'DEA.example.com, dea.example.com:8443' },
      { fileExists: outside },
    );
    expect(c.http.publicHosts).toEqual(['dea.example.com', 'dea.example.com:8443']);
    expect(problems({ DEA_PUBLIC_HOST: 'https://dea.example.com/' }).map((x) => x.variable)).toEqual([
      'DEA_PUBLIC_HOST',
    ]);
  });

  it('passes DEA_TEAMS_TENANTS to Teams and refuses what is not a tenant id', () => {
    const c = loadConfig(
      { TEAMS_ENABLED: 'true', DEA_TEAMS_TENANTS: '11111111-2222-3333-4444-555555555555' },
      { fileExists: outside },
    );
    expect(c.teams?.allowedTenants).toEqual(['11111111-2222-3333-4444-555555555555']);
    expect(problems({ DEA_TEAMS_TENANTS: 'contoso' }).map((x) => x.variable)).toEqual(['DEA_TEAMS_TENANTS']);
  });
});
