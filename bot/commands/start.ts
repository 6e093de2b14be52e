import type { Config } from '../config/load.js';
import { loadConfig, loadDotEnv } from '../config/load.js';
import { WarehouseError } from '../core/contracts.js';
import type { CommandResult } from './io.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/**
 * A second signal this soon after the first is the same request delivered twice (a terminal's Ctrl-C reaches both
 * npm and the bot, and npm forwards it again); a later one means "stop now" and ends the process at once.
 */
const REPEAT_WINDOW_MS = 1_000;

export async function runStart(opts: { check: boolean }): Promise<CommandResult | undefined> {
  loadDotEnv();
  const config = loadConfig(process.env, { serving: true });
  const { startBot, describeStartup } = await import('../app.js');
  if (opts.check) return { exitCode: 0, output: JSON.stringify(await describeStartup(config)) };

  // Listening before the bot starts: a signal during start-up stops the bot as soon as it is up, never killing it
  // half-started (with the DuckDB file open and server.json written).
  let firstSignalAt: number | undefined;
  let stopRequested: string | undefined;
  let stopNow: ((signal: string) => void) | undefined;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      const now = Date.now();
      if (firstSignalAt === undefined) {
        firstSignalAt = now;
        stopRequested = signal;
        stopNow?.(signal);
      } else if (now - firstSignalAt > REPEAT_WINDOW_MS) {
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
    });
  }

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(config);
  } catch (err) {
    const mistake = startMistake(err, config);
    if (mistake) return { exitCode: 1, output: '', error: mistake };
    throw err;
  }
  const running = bot;
  stopNow = (signal) => {
    // Exit as soon as shutdown completes: nothing left running should hold the process open.
    void running.shutdown(signal).then(() => process.exit(0));
  };
  if (stopRequested) stopNow(stopRequested);
  return undefined;
}

/** The start-up failures a user causes and can fix, as one sentence each; anything else is an internal error. */
export function startMistake(err: unknown, config: Config): string | undefined {
  const e = (err ?? {}) as { code?: string; address?: string; port?: number };
  const code = e.code;
  const where = `${e.address ?? config.http.host}:${e.port ?? config.http.port}`;
  if (code === 'EADDRINUSE')
    return `dea start: the address ${where} is already in use by another process; stop it or set PORT to a free port.`;
  if (code === 'EACCES')
    return `dea start: this user may not listen on ${where}; set PORT to a port above 1023.`;
  if (code === 'EADDRNOTAVAIL')
    return `dea start: HOST ${config.http.host} is not an address of this machine; set HOST to one of its addresses (127.0.0.1 or 0.0.0.0).`;
  if (err instanceof WarehouseError && err.code === 'LOCAL_LOCKED') {
    const pid = /\(pid (\d+)\)/.exec(err.message)?.[1];
    return `dea start: the data directory ${config.dataDir} is in use by another process${pid ? ` (pid ${pid})` : ''}; stop it, or set DEA_DATA_DIR to another directory.`;
  }
  return undefined;
}
