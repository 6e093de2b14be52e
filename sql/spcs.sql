-- data-engineer-agent: Snowpark Container Services objects (dea sql spcs).
-- Run after setup.sql, procedures.sql and agent.sql, as a role that can create compute pools, integrations and
-- services (ACCOUNTADMIN, or a role with CREATE COMPUTE POOL / CREATE INTEGRATION on the account). Idempotent:
-- re-running it keeps existing objects; the service is updated in place with ALTER SERVICE … FROM SPECIFICATION.
-- Names are variables so a second environment (dev / prod) only changes this header.

SET dea_database     = 'LEILA_APP';
SET dea_schema       = 'LEILA_APP.PUBLIC';
SET dea_image_repo   = 'LEILA_APP.PUBLIC.DEA_IMAGES';
SET dea_pool         = 'DEA_POOL';
SET dea_service      = 'LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE';
SET dea_owner_role   = 'DEA_SERVICE_OWNER';       -- owns the service; must not be ACCOUNTADMIN or SECURITYADMIN
SET dea_bot_role     = 'DEA_BOT_ROLE';            -- from setup.sql: what the bot's sessions use
SET dea_slack_rule   = 'LEILA_APP.PUBLIC.DEA_SLACK_EGRESS';
SET dea_teams_rule   = 'LEILA_APP.PUBLIC.DEA_TEAMS_EGRESS';
SET dea_egress       = 'DEA_EGRESS';

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
--   docker build --platform linux/amd64 -t <org>-<account>.registry.snowflakecomputing.com/leila_app/public/dea_images/data-engineer-agent:latest .
--   docker push <org>-<account>.registry.snowflakecomputing.com/leila_app/public/dea_images/data-engineer-agent:latest
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
-- wss hosts Slack may hand out); the Web API is slack.com.
CREATE NETWORK RULE IF NOT EXISTS IDENTIFIER($dea_slack_rule)
  MODE = EGRESS
  TYPE = HOST_PORT
  VALUE_LIST = ('slack.com:443', 'api.slack.com:443', 'files.slack.com:443', 'wss-primary.slack.com:443',
                'wss-backup.slack.com:443', 'wss-mobile.slack.com:443');

-- ---------------------------------------------------------------- egress: Microsoft (Teams replies) — only when Teams is used
-- The bot posts replies to the Bot Connector (serviceUrl, e.g. smba.trafficmanager.net) and gets its app token
-- from login.microsoftonline.com; botframework.com hosts the OpenID metadata and signing keys.
CREATE NETWORK RULE IF NOT EXISTS IDENTIFIER($dea_teams_rule)
  MODE = EGRESS
  TYPE = HOST_PORT
  VALUE_LIST = ('smba.trafficmanager.net:443', 'login.microsoftonline.com:443', 'login.botframework.com:443',
                'api.botframework.com:443');

-- Remove $dea_teams_rule from the list below when Teams is not used.
CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS IDENTIFIER($dea_egress)
  ALLOWED_NETWORK_RULES = (LEILA_APP.PUBLIC.DEA_SLACK_EGRESS, LEILA_APP.PUBLIC.DEA_TEAMS_EGRESS)
  ENABLED = TRUE
  COMMENT = 'data-engineer-agent: Slack and Microsoft hosts';
GRANT USAGE ON INTEGRATION IDENTIFIER($dea_egress) TO ROLE IDENTIFIER($dea_owner_role);

-- ---------------------------------------------------------------- secrets (replace the placeholders; never commit real values)
USE ROLE IDENTIFIER($dea_owner_role);
USE SCHEMA IDENTIFIER($dea_schema);
CREATE SECRET IF NOT EXISTS DEA_SLACK_BOT_TOKEN TYPE = GENERIC_STRING SECRET_STRING = '<xoxb-… bot token>';
CREATE SECRET IF NOT EXISTS DEA_SLACK_APP_TOKEN TYPE = GENERIC_STRING SECRET_STRING = '<xapp-… app-level token>';
CREATE SECRET IF NOT EXISTS DEA_TEAMS_APP_PASSWORD TYPE = GENERIC_STRING SECRET_STRING = '<Azure Bot client secret, or leave unused>';
-- To rotate: ALTER SECRET DEA_SLACK_BOT_TOKEN SET SECRET_STRING = '…'; then ALTER SERVICE … SUSPEND / RESUME
-- (secrets mounted as environment variables are read when the container starts).

-- ---------------------------------------------------------------- the service
-- spec.yaml from the repository, uploaded to a stage (PUT file://spec.yaml @DEA_SPECS AUTO_COMPRESS=FALSE OVERWRITE=TRUE):
CREATE STAGE IF NOT EXISTS DEA_SPECS DIRECTORY = (ENABLE = TRUE) COMMENT = 'data-engineer-agent service specifications';
CREATE SERVICE IF NOT EXISTS IDENTIFIER($dea_service)
  IN COMPUTE POOL IDENTIFIER($dea_pool)
  FROM @DEA_SPECS SPECIFICATION_FILE = 'spec.yaml'
  EXTERNAL_ACCESS_INTEGRATIONS = (DEA_EGRESS)
  MIN_INSTANCES = 1
  MAX_INSTANCES = 1
  COMMENT = 'data-engineer-agent: Slack/Teams bot, dashboard';
-- After a new image or spec: ALTER SERVICE IDENTIFIER($dea_service) FROM @DEA_SPECS SPECIFICATION_FILE = 'spec.yaml';

-- Who may open the dashboard (Snowflake sign-in through the public endpoint):
GRANT SERVICE ROLE IDENTIFIER($dea_service)!ALL_ENDPOINTS_USAGE TO ROLE IDENTIFIER($dea_bot_role);

-- Verify:
--   SHOW SERVICES LIKE 'DATA_ENGINEER_AGENT_SERVICE';
--   SELECT SYSTEM$GET_SERVICE_STATUS('LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE');
--   SHOW ENDPOINTS IN SERVICE LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE;   -- the dashboard URL
--   CALL SYSTEM$GET_SERVICE_LOGS('LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE', 0, 'bot', 100);

-- ---------------------------------------------------------------- Teams relay (only when Teams is used)
-- The Snowflake side of `dea relay` (README: Teams relay): a TYPE = SERVICE user that can only sign in with a key
-- pair, and a role that reaches the service's `teams` endpoint and nothing else (no warehouse, tables or
-- procedures). A stolen relay key opens only the Teams endpoint, where the bot checks the Bot Framework token
-- again (X-Dea-Bot-Authorization). Generate the key pair first and paste the one-line public key below.
SET dea_schema              = 'LEILA_APP.PUBLIC';
SET dea_database            = 'LEILA_APP';
SET dea_service             = 'LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE';
SET dea_owner_role          = 'DEA_SERVICE_OWNER';   -- owns the service: only it can grant a service role
SET dea_relay_user          = 'DEA_RELAY';           -- SNOWFLAKE_USER of the relay
SET dea_relay_role          = 'DEA_RELAY_ROLE';      -- SNOWFLAKE_ROLE of the relay (case as SHOW ROLES prints it)
SET dea_relay_service_role  = 'TEAMS_RELAY';         -- serviceRoles[].name in spec.yaml, covering the `teams` endpoint
SET dea_relay_public_key    = '<paste the one-line public key here>';

-- ---------------------------------------------------------------- user and role (as a user administrator)
USE ROLE SECURITYADMIN;
CREATE ROLE IF NOT EXISTS IDENTIFIER($dea_relay_role)
  COMMENT = 'dea relay: reaches the Teams endpoint of the data-engineer-agent service, nothing else';
-- TYPE = SERVICE: no password, no MFA prompt, key pair or PAT only.
CREATE USER IF NOT EXISTS IDENTIFIER($dea_relay_user)
  TYPE = SERVICE
  COMMENT = 'dea relay (Teams bridge): key-pair JWT exchanged for an ingress token';
GRANT ROLE IDENTIFIER($dea_relay_role) TO USER IDENTIFIER($dea_relay_user);
-- Property values cannot come from a session variable directly, hence EXECUTE IMMEDIATE on a built statement.
-- The role and key are admin-chosen names / base64 (no quotes), not user input.
SET dea_stmt = 'ALTER USER ' || $dea_relay_user || ' SET DEFAULT_ROLE = ' || $dea_relay_role
  || ' RSA_PUBLIC_KEY = ''' || $dea_relay_public_key || '''';
EXECUTE IMMEDIATE $dea_stmt;
-- Usage on the container objects is needed to address the service at all; it grants nothing inside them.
-- (SECURITYADMIN has MANAGE GRANTS; the service owner only has USAGE here, without grant option.)
GRANT USAGE ON DATABASE IDENTIFIER($dea_database) TO ROLE IDENTIFIER($dea_relay_role);
GRANT USAGE ON SCHEMA IDENTIFIER($dea_schema) TO ROLE IDENTIFIER($dea_relay_role);
-- Rotation (README: Teams relay): put the NEW key in the second slot, switch the relay to the new private key, then
-- clear the old slot — no moment without a valid key:
--   ALTER USER DEA_RELAY SET RSA_PUBLIC_KEY_2 = '<new key>';
--   ALTER USER DEA_RELAY UNSET RSA_PUBLIC_KEY;
-- Check which keys are set: DESC USER DEA_RELAY  (RSA_PUBLIC_KEY_FP / RSA_PUBLIC_KEY_2_FP)

-- ---------------------------------------------------------------- endpoint access (as the service owner)
-- GRANT SERVICE ROLE can only be run by the service's owner role.
USE ROLE IDENTIFIER($dea_owner_role);
SET dea_stmt = 'GRANT SERVICE ROLE ' || $dea_service || '!' || $dea_relay_service_role
  || ' TO ROLE ' || $dea_relay_role;
EXECUTE IMMEDIATE $dea_stmt;

-- Verify:
--   SHOW ROLES IN SERVICE LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE;   -- TEAMS_RELAY listed
--   SHOW GRANTS TO ROLE DEA_RELAY_ROLE;                                   -- USAGE x2 + the service role
--   SHOW ENDPOINTS IN SERVICE LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE; -- ingress_url of `teams` = DEA_RELAY_TARGET
--

-- ---------------------------------------------------------------- teardown (run by hand; commented out on purpose)
-- DROP SERVICE IF EXISTS LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE;
-- DROP COMPUTE POOL IF EXISTS DEA_POOL;
-- DROP EXTERNAL ACCESS INTEGRATION IF EXISTS DEA_EGRESS;
-- DROP NETWORK RULE IF EXISTS LEILA_APP.PUBLIC.DEA_SLACK_EGRESS;
-- DROP NETWORK RULE IF EXISTS LEILA_APP.PUBLIC.DEA_TEAMS_EGRESS;
-- DROP SECRET IF EXISTS LEILA_APP.PUBLIC.DEA_SLACK_BOT_TOKEN;
-- DROP SECRET IF EXISTS LEILA_APP.PUBLIC.DEA_SLACK_APP_TOKEN;
-- DROP SECRET IF EXISTS LEILA_APP.PUBLIC.DEA_TEAMS_APP_PASSWORD;
-- DROP STAGE IF EXISTS LEILA_APP.PUBLIC.DEA_SPECS;
-- DROP IMAGE REPOSITORY IF EXISTS LEILA_APP.PUBLIC.DEA_IMAGES;
-- REVOKE SERVICE ROLE LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE!TEAMS_RELAY FROM ROLE DEA_RELAY_ROLE;
-- DROP USER IF EXISTS DEA_RELAY;
-- DROP ROLE IF EXISTS DEA_RELAY_ROLE;
-- DROP ROLE IF EXISTS DEA_SERVICE_OWNER;
