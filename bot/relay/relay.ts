/**
 * `dea relay` (docs/relay.md): starts the stateless bridge that lets the Bot Framework reach the bot's /api/messages behind
 * the SPCS ingress. It owns no state, so any number of copies can run behind a load balancer.
 */
import { AuthError, type TokenProvider, tokenProviderForAuth } from '../../adapters/snowflake/tokens.js';
import { ConfigError } from '../config/load.js';
import { createHttpServer } from '../http/server.js';
import { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../log/logger.js';
import { BotTokenVerifier } from './botAuth.js';
import type { RelayConfig } from './config.js';
import { createRelayHandler } from './handler.js';
import {
  FileTokenSource,
  type IngressTokenSource,
  KeyPairExchangeTokenSource,
  StaticTokenSource,
} from './ingressToken.js';
import { OpenIdKeyStore } from './openIdKeys.js';

export interface RelayOptions {
  logger: Logger;
  bodyLimitBytes?: number;
  timeoutMs?: number;
  /** Minimum spacing of key refreshes caused by unknown kids. */
  unknownKidRefreshMs?: number;
  /** Overrides how long an exchanged token is trusted when Snowflake does not say. */
  defaultTokenTtlMs?: number;
}

export interface RunningRelay {
  url: string;
  port: number;
  tokens: IngressTokenSource;
  keys: OpenIdKeyStore;
  shutdown(reason: string): Promise<void>;
}

/** Builds the Snowflake token source; a key that cannot be loaded is a configuration error naming its variable. */
export async function createIngressTokenSource(
  config: RelayConfig,
  opts: { defaultTtlMs?: number } = {},
): Promise<IngressTokenSource> {
  const { auth, account, user, role, oauthTokenUrl } = config.snowflake;
  const variable =
    auth.kind === 'pat'
      ? 'SNOWFLAKE_TOKEN'
      : auth.kind === 'oauth-token-file'
        ? 'SNOWFLAKE_TOKEN_FILE'
        : auth.privateKeyPath
          ? 'SNOWFLAKE_PRIVATE_KEY_PATH'
          : 'SNOWFLAKE_PRIVATE_KEY';
  let provider: TokenProvider;
  try {
    // The same credential loading as the bot's Cortex client and warehouse (adapters/snowflake/tokens.ts).
    provider = await tokenProviderForAuth(auth, { account, user });
  } catch (err) {
    if (err instanceof AuthError) throw new ConfigError([{ variable, problem: err.message }]);
    throw err;
  }
  if (auth.kind === 'pat') return new StaticTokenSource((await provider.getToken()).token);
  if (auth.kind === 'oauth-token-file') return new FileTokenSource(provider);
  return new KeyPairExchangeTokenSource({
    jwt: provider,
    tokenUrl: oauthTokenUrl,
    ingressHost: config.targetHost,
    ...(role ? { role } : {}),
    ...(opts.defaultTtlMs ? { defaultTtlMs: opts.defaultTtlMs } : {}),
  });
}

export async function startRelay(config: RelayConfig, opts: RelayOptions): Promise<RunningRelay> {
  const { logger } = opts;
  const tokens = await createIngressTokenSource(config, { defaultTtlMs: opts.defaultTokenTtlMs });
  const keys = new OpenIdKeyStore({
    metadataUrl: config.openIdMetadataUrl,
    ...(opts.unknownKidRefreshMs === undefined ? {} : { unknownKidRefreshMs: opts.unknownKidRefreshMs }),
  });
  const verifier = new BotTokenVerifier({ appId: config.appId, keys });
  const lifecycle = new Lifecycle(logger);
  const http = createHttpServer({ logger });
  const handle = createRelayHandler({
    verifier,
    tokens,
    targetUrl: `${config.target}/api/messages`,
    logger,
    ...(opts.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: opts.bodyLimitBytes }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });

  http.app.post('/api/messages', (req, res) => {
    if (lifecycle.isStopping) {
      res.status(503).set('connection', 'close').json({ error: 'shutting down' });
      return;
    }
    // Tracked so a shutdown lets in-flight forwards finish instead of cutting a Teams reply.
    void lifecycle
      .track(() => handle(req, res))
      .catch((err: unknown) => {
        logger.error({ err }, 'relay request failed');
        if (!res.headersSent) res.status(500).end();
      });
  });

  lifecycle.onStopIntake('http', () => http.setDraining());
  lifecycle.onClose('http', () => http.close());

  // Warm the key cache so the first Teams message does not pay for two metadata round trips.
  keys
    .refresh()
    .catch((err: unknown) =>
      logger.warn({ err, url: config.openIdMetadataUrl }, 'cannot load Bot Framework signing keys yet'),
    );

  const { url, port } = await http.listen(config.http.port, config.http.host);
  http.routesComplete();
  logger.info(
    {
      url,
      target: config.target,
      appId: config.appId,
      openIdMetadataUrl: config.openIdMetadataUrl,
      snowflakeAuth: config.snowflake.auth.kind,
      role: config.snowflake.role,
    },
    'dea relay ready',
  );
  return { url, port, tokens, keys, shutdown: (reason) => lifecycle.shutdown(reason) };
}
