/**
 * Routes snowflake-sdk's own log lines into pino at ERROR/WARN only, with every known secret masked.
 * The driver's logger is process-wide, so the last configured warehouse's logger wins; secrets from every
 * live warehouse stay registered until it closes.
 */
import type { Logger } from 'pino';
import snowflake from 'snowflake-sdk';

const secrets = new Set<string>();
let target: Logger | undefined;
let configured = false;

/** Masks registered secrets and anything shaped like a JWT or a Snowflake token header. */
export function scrub(message: string): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('****');
  return out
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '****')
    .replace(/(Snowflake Token=)"?[^"\s,]+"?/gi, '$1"****"')
    .replace(/("?(?:token|password|privateKey|masterToken|privateKeyPass)"?\s*[:=]\s*)"[^"]*"/gi, '$1"****"');
}

export function registerSecret(value: string | undefined): void {
  if (value) secrets.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) secrets.delete(value);
}

export function routeDriverLogs(logger: Logger | undefined): void {
  target = logger?.child({ component: 'snowflake-sdk' });
  if (configured) return;
  configured = true;
  const emit = (level: 'error' | 'warn') => (message: string) => target?.[level](scrub(String(message)));
  snowflake.configure({
    logLevel: 'ERROR',
    customLogger: {
      error: emit('error'),
      warn: emit('warn'),
      info: () => {},
      debug: () => {},
      trace: () => {},
    },
  });
}
