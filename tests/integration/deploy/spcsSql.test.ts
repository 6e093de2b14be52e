import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runSqlPrint } from '../../../bot/commands/sqlPrint.js';
import {
  builtStatements,
  renderSpcsSql,
  renderSpecYaml,
  SESSION_VARIABLE_BYTES,
  SPCS_SQL_PATH,
  SPEC_YAML_PATH,
} from '../../../procedures/build/spcsSql.js';

/** The text between `FROM SPECIFICATION $$` and the closing `$$`. */
function inlineSpec(sql: string): string {
  const m = /FROM SPECIFICATION \$\$\n([\s\S]*?)\n\$\$\n/.exec(sql);
  if (!m?.[1]) throw new Error('no inline specification');
  return m[1];
}

/** Statements outside comments and the dollar-quoted specification, one per entry. */
function statements(sql: string): string[] {
  const withoutSpec = sql.replace(/\$\$\n[\s\S]*?\n\$\$/, "'<spec>'");
  return withoutSpec
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('sql/spcs.sql', () => {
  it('is the rendering with the default names (regenerate with npx tsx procedures/build/spcsSql.ts)', () => {
    expect(readFileSync(SPCS_SQL_PATH, 'utf8')).toBe(renderSpcsSql());
    expect(readFileSync(SPEC_YAML_PATH, 'utf8')).toBe(renderSpecYaml());
  });

  it('uses only documented forms: no IDENTIFIER() in a service role or a network-rule list', () => {
    const sql = renderSpcsSql();
    expect(sql).not.toMatch(/GRANT SERVICE ROLE IDENTIFIER/);
    expect(sql).not.toMatch(/IDENTIFIER\([^)]*\)!/);
    expect(sql).not.toMatch(/ALLOWED_NETWORK_RULES\s*=\s*\(\s*IDENTIFIER/);
    // Service roles and the integration's rule list are built and run with EXECUTE IMMEDIATE.
    expect(sql).toMatch(
      /SET dea_stmt = 'GRANT SERVICE ROLE ' \|\| \$dea_service \|\| '!ALL_ENDPOINTS_USAGE TO ROLE ' \|\| \$dea_bot_role;\nEXECUTE IMMEDIATE \$dea_stmt;/,
    );
    expect(sql).toMatch(/'CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS ' \|\| \$dea_egress/);
    for (const s of statements(sql)) {
      if (s.startsWith('GRANT SERVICE ROLE')) throw new Error(`a literal service-role grant: ${s}`);
    }
  });

  it('keeps every statement built in a session variable under the 256-byte limit of a variable', () => {
    for (const s of builtStatements())
      expect(Buffer.byteLength(s)).toBeLessThanOrEqual(SESSION_VARIABLE_BYTES);
    // A long database name must not silently break the script: the same check with realistic longer names.
    for (const s of builtStatements({ database: 'ANALYTICS_PROD', schema: 'INGESTION' }))
      expect(Buffer.byteLength(s)).toBeLessThanOrEqual(SESSION_VARIABLE_BYTES);
    // The relay's RSA key (about 400 characters) is pasted into a literal ALTER USER, never a variable.
    expect(renderSpcsSql()).not.toMatch(/SET dea_relay_public_key/);
    expect(renderSpcsSql()).toMatch(
      /^ALTER USER DEA_RELAY SET DEFAULT_ROLE = DEA_RELAY_ROLE RSA_PUBLIC_KEY = '/m,
    );
  });

  it('runs in one pass: the specification is inline, no stage or upload step', () => {
    const sql = renderSpcsSql();
    expect(sql).not.toMatch(/SPECIFICATION_FILE/);
    expect(sql).not.toMatch(/CREATE STAGE/);
    expect(sql).not.toMatch(/^PUT /m);
    const spec = parse(inlineSpec(sql)) as { spec: { containers: { resources: unknown }[] } };
    expect(spec.spec.containers[0]?.resources).toEqual({
      requests: { memory: '512Mi', cpu: 0.5 },
      limits: { memory: '1Gi', cpu: 1 },
    });
    // The service is created after every object it needs: pool, integration, secrets.
    const order = [
      /^CREATE COMPUTE POOL/m,
      /^EXECUTE IMMEDIATE \$dea_stmt/m,
      /^CREATE SECRET/m,
      /^CREATE SERVICE/m,
    ];
    const at = order.map((o) => sql.search(o));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('honours --database and --schema everywhere: header, rules, specification, no LEILA_APP left', async () => {
    const r = await runSqlPrint('spcs', { database: 'ANALYTICS', schema: 'INGEST', warehouse: 'ETL_WH' });
    expect(r.exitCode).toBe(0);
    const sql = r.output;
    expect(sql).not.toMatch(/LEILA_APP/i);
    expect(sql).toContain("SET dea_schema       = 'ANALYTICS.INGEST';");
    expect(sql).toContain("SET dea_slack_rule   = 'ANALYTICS.INGEST.DEA_SLACK_EGRESS';");
    const spec = parse(inlineSpec(sql)) as {
      spec: {
        containers: {
          image: string;
          env: Record<string, string>;
          secrets: { snowflakeSecret: { objectName: string } }[];
        }[];
      };
    };
    const bot = spec.spec.containers[0];
    expect(bot?.image).toBe('/analytics/ingest/dea_images/data-engineer-agent:latest');
    expect(bot?.env).toMatchObject({
      SNOWFLAKE_DATABASE: 'ANALYTICS',
      SNOWFLAKE_SCHEMA: 'INGEST',
      SNOWFLAKE_WAREHOUSE: 'ETL_WH',
    });
    expect(bot?.secrets.map((s) => s.snowflakeSecret.objectName)).toEqual([
      'analytics.ingest.dea_slack_bot_token',
      'analytics.ingest.dea_slack_app_token',
    ]);
  });

  it('refuses a name that would need quoting with a clear sentence', async () => {
    const r = await runSqlPrint('spcs', { database: 'my db' });
    expect(r.exitCode).toBe(1);
    expect(r.error).toMatch(/database name "my db" must be a plain identifier/);
  });
});
