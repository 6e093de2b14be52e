import { loadDotEnv } from '../config/load.js';
import { createLogger } from '../log/logger.js';
import type { CommandResult } from './io.js';

/** `dea relay`: runs until SIGTERM/SIGINT; a bad setting surfaces as a ConfigError (exit 1) before listening. */
export async function runRelay(): Promise<CommandResult | undefined> {
  loadDotEnv();
  const [{ loadRelayConfig }, { startRelay }] = await Promise.all([
    import('../relay/config.js'),
    import('../relay/relay.js'),
  ]);
  const config = loadRelayConfig();
  const logger = createLogger({ level: config.logLevel, name: 'dea-relay' });
  const relay = await startRelay(config, { logger });
  const stop = (signal: string) => {
    void relay.shutdown(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return undefined;
}
