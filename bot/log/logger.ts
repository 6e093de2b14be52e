/**
 * pino JSON to stdout (pretty only on a TTY), with every logged object and message passed through the
 * redactor. Redaction runs in the log method hook so it also covers `err` objects and free-text messages.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactDeep, redactString } from './redact.js';

export type { Logger };

export interface LoggerSetup {
  level?: string;
  name?: string;
  /** Where lines go; tests pass a stream to capture them. */
  destination?: DestinationStream;
  pretty?: boolean;
}

export function createLogger(setup: LoggerSetup = {}): Logger {
  const options: LoggerOptions = {
    level: setup.level ?? process.env.LOG_LEVEL ?? 'info',
    name: setup.name ?? 'dea',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: (e: unknown) => redactDeep(e), error: (e: unknown) => redactDeep(e) },
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? redactString(a) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, scrubbed);
      },
    },
  };
  const pretty = setup.pretty ?? (setup.destination === undefined && process.stdout.isTTY === true);
  if (pretty && !setup.destination) {
    try {
      return pino({
        ...options,
        transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l' } },
      });
    } catch {
      // pino-pretty is a dev dependency; production images log JSON.
    }
  }
  return setup.destination ? pino(options, setup.destination) : pino(options);
}
