import { loadConfig, loadDotEnv } from '../config/load.js';
import type { CommandResult } from './io.js';

export async function runStart(opts: { check: boolean }): Promise<CommandResult | undefined> {
  loadDotEnv();
  const config = loadConfig();
  const { startBot, describeStartup } = await import('../app.js');
  if (opts.check) return { exitCode: 0, output: JSON.stringify(await describeStartup(config)) };
  const bot = await startBot(config);
  const stop = (signal: string) => {
    void bot.shutdown(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return undefined;
}
