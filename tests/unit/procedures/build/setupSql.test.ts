import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROCEDURES_SQL_PATH } from '../../../../procedures/build/bundle.js';
import { parseProceduresSql } from '../../../../procedures/build/proceduresSqlFormat.js';
import { renderSetupSql, SETUP_SQL_PATH, trackerColumnsSql } from '../../../../procedures/build/setupSql.js';
import { BOT_PROCEDURES } from '../../../../procedures/names.js';
import { TRACKER_COLUMNS } from '../../../../procedures/tracker/columns.js';

const statements = (sql: string) =>
  sql
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n')
    .split(/;\n/)
    .map((s) => s.trim())
    .filter(Boolean);

describe('sql/setup.sql', () => {
  const text = renderSetupSql();

  it('is up to date with procedures/build/setupSql.ts (run `npx tsx procedures/build/setupSql.ts`)', () => {
    const committed = readFileSync(SETUP_SQL_PATH, 'utf8');
    expect(committed === text, 'sql/setup.sql is stale: run `npx tsx procedures/build/setupSql.ts`').toBe(
      true,
    );
  });

  it('creates the tracker with exactly the columns of procedures/tracker.ts, in order', () => {
    const create = statements(text).find((s) =>
      s.startsWith('CREATE TABLE IF NOT EXISTS LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER'),
    );
    expect(create).toBeDefined();
    const columns = create!
      .split('\n')
      .slice(1, -1)
      .map((l) => l.trim().replace(/,$/, '').split(' ').slice(0, 2).join(' '));
    expect(columns).toEqual(TRACKER_COLUMNS.map((c) => `${c.name} ${c.type}`));
    expect(trackerColumnsSql()).toContain(
      "PIPELINE_ID VARCHAR NOT NULL PRIMARY KEY COMMENT 'primary key, e.g. P-1a2b3c4d5e6f'",
    );
    // An older tracker gains every later column.
    for (const c of TRACKER_COLUMNS.slice(1)) {
      expect(text).toContain(
        `ALTER TABLE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER ADD COLUMN IF NOT EXISTS ${c.name} ${c.type};`,
      );
    }
  });

  it('is idempotent: every CREATE is IF NOT EXISTS (nothing is replaced or dropped)', () => {
    for (const s of statements(text).filter((x) => x.startsWith('CREATE')))
      expect(s).toMatch(/^CREATE \w+ IF NOT EXISTS /);
    expect(statements(text).filter((x) => /^(CREATE OR REPLACE|DROP) /.test(x))).toEqual([]);
  });

  it('creates the warehouse, state tables and both roles with their grants', () => {
    expect(text).toContain(
      'CREATE WAREHOUSE IF NOT EXISTS LEILAAPP\n  WAREHOUSE_SIZE = XSMALL\n  AUTO_SUSPEND = 60\n  AUTO_RESUME = TRUE',
    );
    expect(text).toContain(
      'CREATE TABLE IF NOT EXISTS LEILA_APP.PUBLIC.DEA_CONVERSATIONS (\n  CHANNEL VARCHAR,\n  THREAD_REF VARCHAR,\n  AGENT_THREAD_ID VARCHAR,\n  AGENT_MESSAGE_ID VARCHAR,\n  STATE VARIANT,\n  UPDATED_AT TIMESTAMP_LTZ\n)',
    );
    expect(text).toContain(
      'CREATE TABLE IF NOT EXISTS LEILA_APP.PUBLIC.DEA_PROCESSED_EVENTS (\n  EVENT_KEY VARCHAR,\n  SEEN_AT TIMESTAMP_LTZ\n)',
    );
    const grants = statements(text).filter((s) => s.startsWith('GRANT'));
    const bot = grants.filter((g) => g.endsWith('TO ROLE DEA_BOT_ROLE'));
    const owner = grants.filter((g) => g.endsWith('TO ROLE DEA_PIPELINE_OWNER'));
    expect(owner).toContain('GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE DEA_PIPELINE_OWNER');
    for (const p of ['STAGE', 'FILE FORMAT', 'EXTERNAL TABLE', 'PROCEDURE']) {
      expect(owner).toContain(`GRANT CREATE ${p} ON SCHEMA LEILA_APP.PUBLIC TO ROLE DEA_PIPELINE_OWNER`);
    }
    expect(bot).toContain('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE DEA_BOT_ROLE');
    expect(bot).toContain('GRANT USAGE ON FUTURE PROCEDURES IN SCHEMA LEILA_APP.PUBLIC TO ROLE DEA_BOT_ROLE');
    expect(bot).toContain(
      'GRANT SELECT ON TABLE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER TO ROLE DEA_BOT_ROLE',
    );
    // The bot never gets a CREATE privilege: that is what EXECUTE AS OWNER is for.
    expect(bot.filter((g) => /GRANT CREATE|OWNERSHIP/.test(g))).toEqual([]);
  });

  it("grants the bot's role no INSERT / UPDATE / DELETE on the tracker or DEA_APPROVERS, and takes back older grants", () => {
    const all = statements(text);
    const toBot = all.filter((g) => /^GRANT\b/.test(g) && /TO ROLE DEA_BOT_ROLE$/.test(g));
    const onProtected = toBot.filter((g) => /DATA_PIPELINE_TRACKER|DEA_APPROVERS/.test(g));
    expect(onProtected).toEqual([
      'GRANT SELECT ON TABLE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER TO ROLE DEA_BOT_ROLE',
    ]);
    // No write privilege of any spelling on any table but its own two, and no schema-wide table grant.
    const privileges = (g: string) => /^GRANT (.+?) ON /.exec(g)?.[1] ?? '';
    for (const g of toBot.filter((x) => /\b(INSERT|UPDATE|DELETE|TRUNCATE|ALL)\b/.test(privileges(x))))
      expect(g).toMatch(/ON TABLE LEILA_APP\.PUBLIC\.(DEA_CONVERSATIONS|DEA_PROCESSED_EVENTS) TO ROLE/);
    expect(toBot.filter((g) => /ON (ALL|FUTURE) TABLES/.test(g))).toEqual([]);
    expect(all).toContain(
      'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER FROM ROLE DEA_BOT_ROLE',
    );
    expect(all).toContain(
      'REVOKE ALL PRIVILEGES ON TABLE LEILA_APP.PUBLIC.DEA_APPROVERS FROM ROLE DEA_BOT_ROLE',
    );
    // The procedures' owner reads the approvers; nobody is granted a write on them (only the administrator owns it).
    expect(all.filter((g) => /^GRANT .* ON TABLE LEILA_APP\.PUBLIC\.DEA_APPROVERS /.test(g))).toEqual([
      'GRANT SELECT ON TABLE LEILA_APP.PUBLIC.DEA_APPROVERS TO ROLE DEA_PIPELINE_OWNER',
    ]);
  });

  it("keeps DEA_SETTINGS from the bot's role and writes the interrupted-plan floor only where none is set", () => {
    const all = statements(text);
    expect(all).toContain(
      "CREATE TABLE IF NOT EXISTS LEILA_APP.PUBLIC.DEA_SETTINGS (\n  NAME VARCHAR COMMENT 'the setting, e.g. INTERRUPTED_AFTER_SECONDS',\n  VALUE VARCHAR COMMENT 'its value, as text'\n)",
    );
    // Written when absent, never overwritten: an administrator's own value survives re-running the file.
    const write = all.filter((s) => /^(INSERT|UPDATE|DELETE|MERGE)\b.*DEA_SETTINGS/s.test(s));
    expect(write).toEqual([
      "MERGE INTO LEILA_APP.PUBLIC.DEA_SETTINGS AS t\n  USING (SELECT 'INTERRUPTED_AFTER_SECONDS' AS NAME, '900' AS VALUE) AS s\n  ON t.NAME = s.NAME\n  WHEN NOT MATCHED THEN INSERT (NAME, VALUE) VALUES (s.NAME, s.VALUE)",
    ]);
    expect(all).toContain(
      'REVOKE ALL PRIVILEGES ON TABLE LEILA_APP.PUBLIC.DEA_SETTINGS FROM ROLE DEA_BOT_ROLE',
    );
    expect(all.filter((g) => /^GRANT .* ON TABLE LEILA_APP\.PUBLIC\.DEA_SETTINGS /.test(g))).toEqual([
      'GRANT SELECT ON TABLE LEILA_APP.PUBLIC.DEA_SETTINGS TO ROLE DEA_PIPELINE_OWNER',
    ]);
  });

  it("leaves the bare form unusable by the bot's role: EXECUTE_DDL_DIRECT runs with the caller's rights", () => {
    const procs = parseProceduresSql(readFileSync(PROCEDURES_SQL_PATH, 'utf8'));
    expect(procs.filter((p) => p.rights === 'CALLER').map((p) => p.name)).toEqual(['EXECUTE_DDL_DIRECT']);
    expect(
      procs
        .filter((p) => p.rights === 'OWNER')
        .map((p) => p.name)
        .sort(),
    ).toEqual([...BOT_PROCEDURES].sort());
    // With caller's rights it can record a run and create objects only with privileges this role is never given.
    const toBot = statements(text).filter((g) => /^GRANT\b.*TO ROLE DEA_BOT_ROLE$/.test(g));
    expect(
      toBot.filter(
        (g) => /\b(CREATE|INSERT|OWNERSHIP)\b/.test(g) && !/DEA_CONVERSATIONS|DEA_PROCESSED_EVENTS/.test(g),
      ),
    ).toEqual([]);
    expect(text).toMatch(/It cannot: write or delete tracker rows/);
    expect(text).not.toContain('the four CREATE kinds of an approved plan;');
  });

  it('renders DEA_APPROVERS rows from the configuration, and refuses entries that are not principals', () => {
    const rendered = renderSetupSql(
      {},
      { approvers: ['slack:U0ALICE', 'slack-group:S0OPS'], allowSelfApproval: true },
    );
    expect(rendered).toContain(
      "DELETE FROM LEILA_APP.PUBLIC.DEA_APPROVERS;\nINSERT INTO LEILA_APP.PUBLIC.DEA_APPROVERS (PRINCIPAL, KIND, MAY_APPROVE_OWN) VALUES\n  ('slack:U0ALICE', 'user', TRUE),\n  ('slack-group:S0OPS', 'slack-group', TRUE);",
    );
    expect(text).toContain(
      'DELETE FROM LEILA_APP.PUBLIC.DEA_APPROVERS;\n-- DEA_APPROVERS is empty: nobody can approve',
    );
    expect(text).not.toMatch(/'\*'/);
    for (const bad of ['*', "slack:U1'), ('local:x", 'alice'])
      expect(() => renderSetupSql({}, { approvers: [bad], allowSelfApproval: false })).toThrow(
        /DEA_APPROVERS entry/,
      );
  });

  it('renders other names, quoting those that need it', () => {
    const custom = renderSetupSql({ database: 'analytics', schema: 'Ingest Bot', botRole: 'BOT' });
    expect(custom).toContain('CREATE SCHEMA IF NOT EXISTS ANALYTICS."Ingest Bot";');
    expect(custom).toContain('TO ROLE BOT;');
    expect(() => renderSetupSql({ warehouse: '' })).toThrow();
  });
});
