-- data-engineer-agent: the Snowflake side of `dea relay` (the Teams bridge, docs/relay.md).
-- A fragment of sql/spcs.sql: run it after the service exists. Idempotent: re-running keeps the user, the role and
-- the grants; it re-applies the public key (the same key, or the new one when you rotate).
--
-- What it creates: a TYPE = SERVICE user that can only sign in with a key pair, and a role that can reach the
-- service's `teams` endpoint and nothing else: no warehouse, no tables, no procedures. A stolen relay key opens
-- the Teams endpoint, where the bot checks the Bot Framework token again (X-Dea-Bot-Authorization).
--
-- Before running: generate the key pair (docs/relay.md, "Service user and key") and paste the public key below
-- (the base64 between the BEGIN/END lines of rsa_key.pub, on one line).

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
-- Rotation (docs/relay.md): put the NEW key in the second slot, switch the relay to the new private key, then
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
-- Teardown (by hand):
--   REVOKE SERVICE ROLE LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT_SERVICE!TEAMS_RELAY FROM ROLE DEA_RELAY_ROLE;
--   DROP USER IF EXISTS DEA_RELAY;
--   DROP ROLE IF EXISTS DEA_RELAY_ROLE;
