/**
 * Renders sql/spcs.sql (`dea sql spcs`): the Snowpark Container Services objects for the bot. The database, schema,
 * warehouse and agent come from the flags (or the config), so `dea sql spcs --database X --schema Y` names every
 * object in X.Y — the SET header, the network rules the external access integration lists, and the service
 * specification.
 *
 * The specification is spec.yaml, rendered with the same names and inlined with `FROM SPECIFICATION $$…$$`, a
 * documented form of CREATE SERVICE (https://docs.snowflake.com/en/sql-reference/sql/create-service), so the
 * script runs top to bottom in one pass: no stage, no upload step between two halves of the file.
 *
 * Only documented syntax: where a statement takes no IDENTIFIER($var) (a service role `service!role`, a list of
 * network rules) the statement is built into a session variable and run with EXECUTE IMMEDIATE. Session variables
 * hold at most 256 bytes (https://docs.snowflake.com/en/sql-reference/session-variables), so those statements stay
 * short; tests/integration/deploy/spcsSql.test.ts measures them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { packageRoot } from '../../bot/paths.js';
import { identifier } from '../sql/identifiers.js';

// The package root, from the sources and from the compiled dist/ tree alike (`dea sql spcs` in the image).
const ROOT = packageRoot();
export const SPCS_SQL_PATH = resolve(ROOT, 'sql/spcs.sql');
export const SPEC_YAML_PATH = resolve(ROOT, 'spec.yaml');

export interface SpcsNames {
  database: string;
  schema: string;
  warehouse: string;
  /** DATABASE.SCHEMA.NAME of the Cortex agent. */
  agent: string;
}

export const DEFAULT_SPCS_NAMES: SpcsNames = {
  database: 'LEILA_APP',
  schema: 'PUBLIC',
  warehouse: 'LEILAAPP',
  agent: 'LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT',
};

const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Longest text a session variable may hold (SET … = '…'). */
export const SESSION_VARIABLE_BYTES = 256;

/** Object names that do not depend on the database and schema. */
export const SPCS_FIXED = {
  imageRepository: 'DEA_IMAGES',
  image: 'data-engineer-agent:latest',
  pool: 'DEA_POOL',
  service: 'DATA_ENGINEER_AGENT_SERVICE',
  ownerRole: 'DEA_SERVICE_OWNER',
  botRole: 'DEA_BOT_ROLE',
  slackRule: 'DEA_SLACK_EGRESS',
  teamsRule: 'DEA_TEAMS_EGRESS',
  egress: 'DEA_EGRESS',
  relayUser: 'DEA_RELAY',
  relayRole: 'DEA_RELAY_ROLE',
  relayServiceRole: 'TEAMS_RELAY',
} as const;

/**
 * spec.yaml with the names of this environment: the image path (/db/schema/repository/image, lower case as the
 * registry writes it), the secrets' object names, and the bot's SNOWFLAKE_* / CORTEX_AGENT settings. Comments are
 * kept; the committed spec.yaml is the rendering with the default names.
 */
export function renderSpecYaml(
  names: Partial<SpcsNames> = {},
  source = readFileSync(SPEC_YAML_PATH, 'utf8'),
) {
  const n = checked(names);
  const doc = parseDocument(source);
  const db = n.database.toLowerCase();
  const schema = n.schema.toLowerCase();
  const container = ['spec', 'containers', 0];
  doc.setIn(
    [...container, 'image'],
    `/${db}/${schema}/${SPCS_FIXED.imageRepository.toLowerCase()}/${SPCS_FIXED.image}`,
  );
  doc.setIn([...container, 'env', 'SNOWFLAKE_DATABASE'], n.database);
  doc.setIn([...container, 'env', 'SNOWFLAKE_SCHEMA'], n.schema);
  doc.setIn([...container, 'env', 'SNOWFLAKE_WAREHOUSE'], n.warehouse);
  doc.setIn([...container, 'env', 'CORTEX_AGENT'], n.agent);
  // Secret object names, the commented-out Teams secret included, move to this database and schema.
  return doc.toString().replace(/objectName: [a-z0-9_$]+\.[a-z0-9_$]+\./g, `objectName: ${db}.${schema}.`);
}

function checked(names: Partial<SpcsNames>): SpcsNames {
  const n = { ...DEFAULT_SPCS_NAMES, ...names };
  // Every name below is written unquoted (SET values, image paths, secret object names): plain identifiers only.
  const plain = (what: string, v: string) => {
    if (!PLAIN.test(v) || identifier(v).sql !== v.toUpperCase())
      throw new Error(
        `the ${what} name "${v}" must be a plain identifier (letters, digits, _ and $, not starting with a digit), because spcs.sql writes it unquoted`,
      );
  };
  plain('database', n.database);
  plain('schema', n.schema);
  plain('warehouse', n.warehouse);
  const agentParts = n.agent.split('.');
  if (agentParts.length !== 3) throw new Error(`the agent name must be DATABASE.SCHEMA.NAME, not ${n.agent}`);
  for (const p of agentParts) plain('agent', p);
  return n;
}

/** The statements run through EXECUTE IMMEDIATE, as they read once the session variables are substituted. */
export function builtStatements(names: Partial<SpcsNames> = {}): string[] {
  const n = checked(names);
  const q = (o: string) => `${n.database}.${n.schema}.${o}`;
  const f = SPCS_FIXED;
  return [
    `CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS ${f.egress} ALLOWED_NETWORK_RULES = (${q(f.slackRule)}, ${q(f.teamsRule)}) ENABLED = TRUE`,
    `GRANT SERVICE ROLE ${q(f.service)}!ALL_ENDPOINTS_USAGE TO ROLE ${f.botRole}`,
    `GRANT SERVICE ROLE ${q(f.service)}!${f.relayServiceRole} TO ROLE ${f.relayRole}`,
  ];
}

export function renderSpcsSql(names: Partial<SpcsNames> = {}): string {
  const n = checked(names);
  const f = SPCS_FIXED;
  const q = (o: string) => `${n.database}.${n.schema}.${o}`;
  const spec = renderSpecYaml(n).trimEnd();
  if (spec.includes('$$')) throw new Error('spec.yaml must not contain $$ (it is inlined between $$ … $$)');
  const registryPath = `${n.database.toLowerCase()}/${n.schema.toLowerCase()}/${f.imageRepository.toLowerCase()}/${f.image}`;
  return `-- data-engineer-agent: Snowpark Container Services objects. Generated by \`dea sql spcs\`
-- (procedures/build/spcsSql.ts); the committed file is the rendering with the default names. For another
-- database or schema run \`npx dea sql spcs --database X --schema Y\` rather than editing names by hand.
--
-- Run after setup.sql, procedures.sql and agent.sql, top to bottom in one pass, as a role that can create compute
-- pools, integrations and roles (ACCOUNTADMIN, or a role with CREATE COMPUTE POOL / CREATE INTEGRATION / CREATE ROLE
-- on the account). The service specification (spec.yaml) is inlined below: nothing has to be uploaded first. Push
-- the image before running it (README: Deploy to Snowpark Container Services, step 2).
-- Idempotent: re-running it keeps existing objects. After a new image or spec.yaml, run the ALTER SERVICE at the end
-- of the service section.

SET dea_database     = '${n.database}';
SET dea_schema       = '${n.database}.${n.schema}';
SET dea_image_repo   = '${q(f.imageRepository)}';
SET dea_pool         = '${f.pool}';
SET dea_service      = '${q(f.service)}';
SET dea_owner_role   = '${f.ownerRole}';       -- owns the service; must not be ACCOUNTADMIN or SECURITYADMIN
SET dea_bot_role     = '${f.botRole}';            -- from setup.sql: what the bot's sessions use
SET dea_slack_rule   = '${q(f.slackRule)}';
SET dea_teams_rule   = '${q(f.teamsRule)}';
SET dea_egress       = '${f.egress}';

-- ---------------------------------------------------------------- owner role
CREATE ROLE IF NOT EXISTS IDENTIFIER($dea_owner_role);
GRANT ROLE IDENTIFIER($dea_bot_role) TO ROLE IDENTIFIER($dea_owner_role);
GRANT USAGE ON DATABASE IDENTIFIER($dea_database) TO ROLE IDENTIFIER($dea_owner_role);
GRANT USAGE ON SCHEMA IDENTIFIER($dea_schema) TO ROLE IDENTIFIER($dea_owner_role);
GRANT CREATE SERVICE ON SCHEMA IDENTIFIER($dea_schema) TO ROLE IDENTIFIER($dea_owner_role);
GRANT CREATE SECRET ON SCHEMA IDENTIFIER($dea_schema) TO ROLE IDENTIFIER($dea_owner_role);
-- The dashboard endpoint is public (behind Snowflake sign-in): the owner needs BIND SERVICE ENDPOINT.
GRANT BIND SERVICE ENDPOINT ON ACCOUNT TO ROLE IDENTIFIER($dea_owner_role);

-- ---------------------------------------------------------------- image repository
-- Push with:
--   docker login <org>-<account>.registry.snowflakecomputing.com
--   docker build --platform linux/amd64 -t <org>-<account>.registry.snowflakecomputing.com/${registryPath} .
--   docker push <org>-<account>.registry.snowflakecomputing.com/${registryPath}
CREATE IMAGE REPOSITORY IF NOT EXISTS IDENTIFIER($dea_image_repo);
GRANT READ ON IMAGE REPOSITORY IDENTIFIER($dea_image_repo) TO ROLE IDENTIFIER($dea_owner_role);

-- ---------------------------------------------------------------- compute pool
CREATE COMPUTE POOL IF NOT EXISTS IDENTIFIER($dea_pool)
  MIN_NODES = 1
  MAX_NODES = 1
  INSTANCE_FAMILY = CPU_X64_XS
  AUTO_SUSPEND_SECS = 3600
  COMMENT = 'data-engineer-agent bot';
GRANT USAGE, MONITOR ON COMPUTE POOL IDENTIFIER($dea_pool) TO ROLE IDENTIFIER($dea_owner_role);

-- ---------------------------------------------------------------- egress: Slack (Web API and Socket Mode WebSockets)
-- Egress is closed by default in SPCS. Socket Mode connects outbound to wss-primary / wss-backup (and numbered
-- wss hosts Slack may hand out); the Web API is slack.com; file uploads (the full script of a large plan) go to
-- files.slack.com; answers to /dea commands go to their response_url on hooks.slack.com.
CREATE NETWORK RULE IF NOT EXISTS IDENTIFIER($dea_slack_rule)
  MODE = EGRESS
  TYPE = HOST_PORT
  VALUE_LIST = ('slack.com:443', 'api.slack.com:443', 'files.slack.com:443', 'hooks.slack.com:443',
                'wss-primary.slack.com:443', 'wss-backup.slack.com:443', 'wss-mobile.slack.com:443');

-- ---------------------------------------------------------------- egress: Microsoft (Teams replies) — only when Teams is used
-- The bot posts replies to the Bot Connector (serviceUrl, e.g. smba.trafficmanager.net) and gets its app token
-- from login.microsoftonline.com; botframework.com hosts the OpenID metadata and signing keys.
CREATE NETWORK RULE IF NOT EXISTS IDENTIFIER($dea_teams_rule)
  MODE = EGRESS
  TYPE = HOST_PORT
  VALUE_LIST = ('smba.trafficmanager.net:443', 'login.microsoftonline.com:443', 'login.botframework.com:443',
                'api.botframework.com:443');

-- ALLOWED_NETWORK_RULES takes names, not IDENTIFIER($var): the statement is built from the variables above and run
-- with EXECUTE IMMEDIATE. Remove "|| ', ' || $dea_teams_rule" when Teams is not used.
SET dea_stmt = 'CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS ' || $dea_egress
  || ' ALLOWED_NETWORK_RULES = (' || $dea_slack_rule || ', ' || $dea_teams_rule || ') ENABLED = TRUE';
EXECUTE IMMEDIATE $dea_stmt;
GRANT USAGE ON INTEGRATION IDENTIFIER($dea_egress) TO ROLE IDENTIFIER($dea_owner_role);

-- ---------------------------------------------------------------- secrets (replace the placeholders; never commit real values)
USE ROLE IDENTIFIER($dea_owner_role);
USE SCHEMA IDENTIFIER($dea_schema);
CREATE SECRET IF NOT EXISTS DEA_SLACK_BOT_TOKEN TYPE = GENERIC_STRING SECRET_STRING = '<xoxb-… bot token>';
CREATE SECRET IF NOT EXISTS DEA_SLACK_APP_TOKEN TYPE = GENERIC_STRING SECRET_STRING = '<xapp-… app-level token>';
CREATE SECRET IF NOT EXISTS DEA_TEAMS_APP_PASSWORD TYPE = GENERIC_STRING SECRET_STRING = '<Azure Bot client secret, or leave unused>';
-- To rotate: ALTER SECRET DEA_SLACK_BOT_TOKEN SET SECRET_STRING = '…'; then ALTER SERVICE … SUSPEND / RESUME
-- (secrets mounted as environment variables are read when the container starts).

-- ---------------------------------------------------------------- the service (as the service owner)
-- The specification is spec.yaml with this environment's names, inlined (CREATE SERVICE … FROM SPECIFICATION).
CREATE SERVICE IF NOT EXISTS IDENTIFIER($dea_service)
  IN COMPUTE POOL IDENTIFIER($dea_pool)
  FROM SPECIFICATION $$
${spec}
$$
  EXTERNAL_ACCESS_INTEGRATIONS = (${f.egress})
  MIN_INSTANCES = 1
  MAX_INSTANCES = 1
  COMMENT = 'data-engineer-agent: Slack/Teams bot, dashboard';
-- After a new image or a changed spec.yaml, render this file again and run (as the service owner):
--   ALTER SERVICE ${q(f.service)} FROM SPECIFICATION $$ <the specification above> $$;
-- or, for a new image with the same tag only: ALTER SERVICE ${q(f.service)} SUSPEND; … RESUME;

-- Who may open the dashboard (Snowflake sign-in through the public endpoint). A service role is written
-- service!role, which IDENTIFIER() does not cover: built and run with EXECUTE IMMEDIATE.
SET dea_stmt = 'GRANT SERVICE ROLE ' || $dea_service || '!ALL_ENDPOINTS_USAGE TO ROLE ' || $dea_bot_role;
EXECUTE IMMEDIATE $dea_stmt;

-- Verify:
--   SHOW SERVICES LIKE '${f.service}';
--   SELECT SYSTEM$GET_SERVICE_STATUS('${q(f.service)}');
--   SHOW ENDPOINTS IN SERVICE ${q(f.service)};   -- the dashboard URL
--   CALL SYSTEM$GET_SERVICE_LOGS('${q(f.service)}', 0, 'bot', 100);

-- ---------------------------------------------------------------- Teams relay (only when Teams is used)
-- The Snowflake side of \`dea relay\` (README: Teams relay): a TYPE = SERVICE user that can only sign in with a key
-- pair, and a role that reaches the service's \`teams\` endpoint and nothing else (no warehouse, tables or
-- procedures). A stolen relay key opens only the Teams endpoint, where the bot checks the Bot Framework token
-- again (X-Dea-Bot-Authorization). Generate the key pair first and paste the one-line public key into ALTER USER below.
SET dea_schema              = '${n.database}.${n.schema}';
SET dea_database            = '${n.database}';
SET dea_service             = '${q(f.service)}';
SET dea_owner_role          = '${f.ownerRole}';   -- owns the service: only it can grant a service role
SET dea_relay_user          = '${f.relayUser}';           -- SNOWFLAKE_USER of the relay
SET dea_relay_role          = '${f.relayRole}';      -- SNOWFLAKE_ROLE of the relay (case as SHOW ROLES prints it)
SET dea_relay_service_role  = '${f.relayServiceRole}';         -- serviceRoles[].name in spec.yaml, covering the \`teams\` endpoint

-- ---------------------------------------------------------------- user and role (as a user administrator)
USE ROLE SECURITYADMIN;
CREATE ROLE IF NOT EXISTS IDENTIFIER($dea_relay_role)
  COMMENT = 'dea relay: reaches the Teams endpoint of the data-engineer-agent service, nothing else';
-- TYPE = SERVICE: no password, no MFA prompt, key pair or PAT only.
CREATE USER IF NOT EXISTS IDENTIFIER($dea_relay_user)
  TYPE = SERVICE
  COMMENT = 'dea relay (Teams bridge): key-pair JWT exchanged for an ingress token';
GRANT ROLE IDENTIFIER($dea_relay_role) TO USER IDENTIFIER($dea_relay_user);
-- Paste the one-line public key (base64, no BEGIN/END lines) between the quotes. It is written here rather than
-- in a session variable: a variable holds at most 256 bytes and an RSA-2048 public key is about 400.
ALTER USER ${f.relayUser} SET DEFAULT_ROLE = ${f.relayRole} RSA_PUBLIC_KEY = '<paste the one-line public key here>';
-- Usage on the container objects is needed to address the service at all; it grants nothing inside them.
-- (SECURITYADMIN has MANAGE GRANTS; the service owner only has USAGE here, without grant option.)
GRANT USAGE ON DATABASE IDENTIFIER($dea_database) TO ROLE IDENTIFIER($dea_relay_role);
GRANT USAGE ON SCHEMA IDENTIFIER($dea_schema) TO ROLE IDENTIFIER($dea_relay_role);
-- Rotation (README: Teams relay): put the NEW key in the second slot, switch the relay to the new private key, then
-- clear the old slot — no moment without a valid key:
--   ALTER USER ${f.relayUser} SET RSA_PUBLIC_KEY_2 = '<new key>';
--   ALTER USER ${f.relayUser} UNSET RSA_PUBLIC_KEY;
-- Check which keys are set: DESC USER ${f.relayUser}  (RSA_PUBLIC_KEY_FP / RSA_PUBLIC_KEY_2_FP)

-- ---------------------------------------------------------------- endpoint access (as the service owner)
-- GRANT SERVICE ROLE can only be run by the service's owner role.
USE ROLE IDENTIFIER($dea_owner_role);
SET dea_stmt = 'GRANT SERVICE ROLE ' || $dea_service || '!' || $dea_relay_service_role
  || ' TO ROLE ' || $dea_relay_role;
EXECUTE IMMEDIATE $dea_stmt;

-- Verify:
--   SHOW ROLES IN SERVICE ${q(f.service)};   -- ${f.relayServiceRole} listed
--   SHOW GRANTS TO ROLE ${f.relayRole};                                   -- USAGE x2 + the service role
--   SHOW ENDPOINTS IN SERVICE ${q(f.service)}; -- ingress_url of \`teams\` = DEA_RELAY_TARGET
--

-- ---------------------------------------------------------------- teardown (run by hand; commented out on purpose)
-- DROP SERVICE IF EXISTS ${q(f.service)};
-- DROP COMPUTE POOL IF EXISTS ${f.pool};
-- DROP EXTERNAL ACCESS INTEGRATION IF EXISTS ${f.egress};
-- DROP NETWORK RULE IF EXISTS ${q(f.slackRule)};
-- DROP NETWORK RULE IF EXISTS ${q(f.teamsRule)};
-- DROP SECRET IF EXISTS ${q('DEA_SLACK_BOT_TOKEN')};
-- DROP SECRET IF EXISTS ${q('DEA_SLACK_APP_TOKEN')};
-- DROP SECRET IF EXISTS ${q('DEA_TEAMS_APP_PASSWORD')};
-- DROP IMAGE REPOSITORY IF EXISTS ${q(f.imageRepository)};
-- REVOKE SERVICE ROLE ${q(f.service)}!${f.relayServiceRole} FROM ROLE ${f.relayRole};
-- DROP USER IF EXISTS ${f.relayUser};
-- DROP ROLE IF EXISTS ${f.relayRole};
-- DROP ROLE IF EXISTS ${f.ownerRole};
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileSync(SPCS_SQL_PATH, renderSpcsSql());
  process.stdout.write(`wrote ${SPCS_SQL_PATH}\n`);
}
