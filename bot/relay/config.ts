/**
 * What `dea relay` needs from the environment, checked at start so a missing or malformed setting stops the
 * relay with a message naming the variable instead of failing on the first Teams message.
 */
import {
  type Config,
  ConfigError,
  type ConfigProblem,
  loadConfig,
  type SnowflakeAuth,
} from '../config/load.js';
import { EXAMPLES } from '../config/schema.js';

export const BOT_FRAMEWORK_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The `iss` of tokens the Bot Framework channel service sends to a bot. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface RelayConfig {
  http: { port: number; host: string };
  logLevel: Config['logLevel'];
  appId: string;
  openIdMetadataUrl: string;
  /** Base URL of the service's Teams endpoint, without a trailing slash. */
  target: string;
  /** `host[:port]` of the target: the ingress the Snowflake token is scoped to. */
  targetHost: string;
  snowflake: {
    account: string;
    user?: string;
    role?: string;
    auth: SnowflakeAuth;
    /** Where a key-pair JWT is exchanged for an ingress token. */
    oauthTokenUrl: string;
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Validates the relay's settings on an already loaded configuration; throws ConfigError listing every problem. */
function relayConfig(config: Config): RelayConfig {
  const problems: ConfigProblem[] = [];
  const need = (variable: string, problem: string, example?: string) =>
    problems.push({ variable, problem, example: example ?? EXAMPLES[variable as keyof typeof EXAMPLES] });

  const appId = config.env.MICROSOFT_APP_ID;
  if (!appId)
    need(
      'MICROSOFT_APP_ID',
      'is required by dea relay: Bot Framework tokens are checked against this audience',
    );

  let target: string | undefined;
  let targetHost = '';
  const rawTarget = config.relay.target;
  if (!rawTarget) {
    need(
      'DEA_RELAY_TARGET',
      'is required by dea relay: the ingress URL of the service (SHOW ENDPOINTS IN SERVICE)',
    );
  } else {
    const u = new URL(rawTarget);
    // Plain http would send the Snowflake token in the clear; only a loopback target (tests, a sidecar) may use it.
    if (u.protocol !== 'https:' && !LOOPBACK.has(u.hostname))
      need('DEA_RELAY_TARGET', 'must be an https:// URL (http is accepted only for a loopback host)');
    else if (u.search || u.hash || u.username || u.password)
      need('DEA_RELAY_TARGET', 'must be a base URL without query, fragment or credentials');
    else {
      target = `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
      targetHost = u.host;
    }
  }

  const sf = config.snowflake;
  if (!sf) {
    need(
      'SNOWFLAKE_ACCOUNT',
      'is required by dea relay, with SNOWFLAKE_USER and a key pair (SNOWFLAKE_PRIVATE_KEY_PATH) or a programmatic access token (SNOWFLAKE_TOKEN)',
    );
  }

  if (problems.length > 0 || !appId || !target || !sf) throw new ConfigError(problems);

  const oauthTokenUrl =
    config.relay.oauthTokenUrl ??
    `https://${sf.host ?? `${sf.account.toLowerCase().replaceAll('_', '-')}.snowflakecomputing.com`}/oauth/token`;

  return {
    http: config.http,
    logLevel: config.logLevel,
    appId,
    openIdMetadataUrl:
      config.teams?.openIdMetadataUrl ??
      config.env.MICROSOFT_OPENID_METADATA_URL ??
      BOT_FRAMEWORK_OPENID_METADATA_URL,
    target,
    targetHost,
    snowflake: { account: sf.account, user: sf.user, role: sf.role, auth: sf.auth, oauthTokenUrl },
  };
}

/** The environment as `dea relay` needs it: the shared schema (relay role), then the relay's own requirements. */
export function loadRelayConfig(source: NodeJS.ProcessEnv = process.env): RelayConfig {
  const config: Config = loadConfig(source, { role: 'relay' });
  return relayConfig(config);
}
