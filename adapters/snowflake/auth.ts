/**
 * Builds the driver's connection options for ONE new session. Called per connection, so the SPCS token file
 * is read afresh each time (it rotates; a token baked into shared pool options expires within the hour).
 */
import type { ConnectionOptions } from 'snowflake-sdk';
import { accessUrlOf, type ResolvedSettings, type SnowflakeAuth } from './settings.js';
import { readTokenFile } from './tokens.js';

function authOptions(auth: SnowflakeAuth): Partial<ConnectionOptions> {
  switch (auth.kind) {
    case 'oauth-token-file':
      return { authenticator: 'OAUTH', token: readTokenFile(auth.path) };
    case 'key-pair':
      return {
        authenticator: 'SNOWFLAKE_JWT',
        privateKey: auth.privateKeyPem,
        ...(auth.passphrase ? { privateKeyPass: auth.passphrase } : {}),
      };
    case 'pat':
      return { authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', token: auth.token };
  }
}

/** The secrets a log line must never contain for these settings (the token file is read when asked). */
export function secretsOf(auth: SnowflakeAuth): string[] {
  switch (auth.kind) {
    case 'pat':
      return [auth.token];
    case 'key-pair':
      return auth.passphrase ? [auth.passphrase] : [];
    case 'oauth-token-file':
      return [];
  }
}

export function connectionOptions(settings: ResolvedSettings): ConnectionOptions {
  return {
    account: settings.account,
    accessUrl: accessUrlOf(settings),
    ...(settings.user ? { username: settings.user } : {}),
    ...(settings.role ? { role: settings.role } : {}),
    ...(settings.warehouse ? { warehouse: settings.warehouse } : {}),
    database: settings.database,
    schema: settings.schema,
    application: 'data-engineer-agent',
    ...authOptions(settings.auth),
    // Login retries belong to the adapter: each new attempt builds fresh options (a re-read token, a new JWT).
    // The driver keeps its own retry of query-requests (same requestId, so Snowflake does not run a statement
    // twice); that loop cannot be configured, and the adapter's client-side timeout bounds it.
    sfRetryMaxLoginRetries: 0,
    // HTTP timeout of one request; the statement itself is bounded by STATEMENT_TIMEOUT_IN_SECONDS.
    timeout: (settings.queryTimeoutSeconds + 30) * 1000,
  } as ConnectionOptions;
}
