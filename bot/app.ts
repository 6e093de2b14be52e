/**
 * The composition root: the only place that knows every adapter. It builds the warehouse, the agent, the core
 * and the channels from the configuration, mounts them on the one HTTP server, and owns shutdown.
 */
import type { Config } from './config/load.js';
import { describeConfig } from './config/load.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger, type Logger } from './log/logger.js';

export interface RunningBot {
  url: string;
  http: HttpServer;
  lifecycle: Lifecycle;
  logger: Logger;
  shutdown(reason: string): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
}

export function describeStartup(config: Config): Record<string, unknown> {
  return describeConfig(config);
}

export async function startBot(config: Config, opts: StartOptions = {}): Promise<RunningBot> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  logger.info(describeConfig(config), 'starting data-engineer-agent');
  const lifecycle = new Lifecycle(logger);
  const http = createHttpServer({ logger });

  const { url } = await http.listen(config.http.port, config.http.host);
  lifecycle.onStopIntake('http', async () => {
    http.setDraining();
    await http.close();
  });

  return {
    url,
    http,
    lifecycle,
    logger,
    shutdown: (reason) => lifecycle.shutdown(reason),
  };
}
