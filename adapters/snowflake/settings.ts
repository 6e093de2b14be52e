/**
 * Plain settings for the Snowflake warehouse. The config module maps SNOWFLAKE_* variables onto this shape;
 * nothing here reads the environment.
 */

export type SnowflakeAuth =
  /** SPCS: the OAuth token Snowflake mounts at /snowflake/session/token, re-read for every new session. */
  | { kind: 'oauth-token-file'; path: string }
  /** Key-pair JWT (SNOWFLAKE_JWT): PEM text of the private key, optionally encrypted. */
  | { kind: 'key-pair'; privateKeyPem: string; passphrase?: string }
  /** Programmatic access token. */
  | { kind: 'pat'; token: string };

export interface SnowflakeRetrySettings {
  /** Total attempts per statement, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff delay; doubles each retry with full jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Ceiling of one backoff delay. Default 8000 ms. */
  maxDelayMs?: number;
}

export interface SnowflakeSettings {
  /** Account identifier (`myorg-myaccount` or the locator SPCS provides in SNOWFLAKE_ACCOUNT). */
  account: string;
  /** Host to connect to (SNOWFLAKE_HOST in SPCS); https is assumed. */
  host?: string;
  /** Full base URL, overriding `host` (tests point it at a loopback fake over http). */
  accessUrl?: string;
  user?: string;
  role?: string;
  warehouse?: string;
  database: string;
  schema: string;
  auth: SnowflakeAuth;
  /** STATEMENT_TIMEOUT_IN_SECONDS for every statement; the client gives up a little later. Default 300. */
  queryTimeoutSeconds?: number;
  /** Maximum open sessions. Default 4. */
  poolSize?: number;
  /** Idle sessions are closed after this long. Default 10 minutes. */
  idleTimeoutMs?: number;
  retry?: SnowflakeRetrySettings;
}

export interface ResolvedSettings extends SnowflakeSettings {
  queryTimeoutSeconds: number;
  poolSize: number;
  idleTimeoutMs: number;
  retry: Required<SnowflakeRetrySettings>;
}

export function resolveSettings(settings: SnowflakeSettings): ResolvedSettings {
  if (!settings.account) throw new Error('Snowflake settings: account is required');
  if (!settings.database || !settings.schema)
    throw new Error('Snowflake settings: database and schema are required');
  if (settings.auth.kind === 'key-pair' && !settings.user) {
    throw new Error('Snowflake settings: key-pair authentication needs a user (SNOWFLAKE_USER)');
  }
  const queryTimeoutSeconds = settings.queryTimeoutSeconds ?? 300;
  if (!Number.isInteger(queryTimeoutSeconds) || queryTimeoutSeconds <= 0) {
    throw new Error('Snowflake settings: queryTimeoutSeconds must be a positive whole number');
  }
  const poolSize = settings.poolSize ?? 4;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new Error('Snowflake settings: poolSize must be at least 1');
  return {
    ...settings,
    queryTimeoutSeconds,
    poolSize,
    idleTimeoutMs: settings.idleTimeoutMs ?? 600_000,
    retry: {
      maxAttempts: Math.max(1, settings.retry?.maxAttempts ?? 4),
      baseDelayMs: settings.retry?.baseDelayMs ?? 250,
      maxDelayMs: settings.retry?.maxDelayMs ?? 8_000,
    },
  };
}

/** Where the driver connects: the explicit URL, else https://host, else the account's public host. */
export function accessUrlOf(settings: SnowflakeSettings): string {
  if (settings.accessUrl) return settings.accessUrl.replace(/\/+$/, '');
  if (settings.host) return /^https?:\/\//.test(settings.host) ? settings.host : `https://${settings.host}`;
  return `https://${settings.account}.snowflakecomputing.com`;
}
