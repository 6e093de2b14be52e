/** Bolt's Logger interface over the process's pino logger (which redacts tokens). */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../bot/log/logger.js';

export function boltLogger(base: Logger): BoltLogger {
  let log = base.child({ component: 'slack-bolt' });
  const one = (m: unknown[]) => (m.length === 1 ? m[0] : m.map(String).join(' '));
  return {
    debug: (...m) => log.debug(one(m)),
    info: (...m) => log.info(one(m)),
    warn: (...m) => log.warn(one(m)),
    error: (...m) => log.error(one(m)),
    // The process log level is the one configured by LOG_LEVEL; Bolt does not get to raise it.
    setLevel: () => {},
    getLevel: () => {
      const l = log.level;
      return l === 'debug' || l === 'trace'
        ? LogLevel.DEBUG
        : l === 'warn'
          ? LogLevel.WARN
          : l === 'error' || l === 'fatal'
            ? LogLevel.ERROR
            : LogLevel.INFO;
    },
    setName: (name) => {
      log = base.child({ component: name });
    },
  };
}
