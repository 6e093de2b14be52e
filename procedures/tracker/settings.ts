/**
 * DEA_SETTINGS: values the administrator sets for the procedures and the bot's role can neither read nor change.
 * `dea sql setup` renders the rows (keeping a value an administrator changed since); the embedded warehouse
 * installs them at open, as it installs DEA_APPROVERS.
 */
export const SETTINGS_TABLE = 'DEA_SETTINGS';

export const SETTINGS_COLUMNS = [
  { name: 'NAME', type: 'VARCHAR', note: 'the setting, e.g. INTERRUPTED_AFTER_SECONDS' },
  { name: 'VALUE', type: 'VARCHAR', note: 'its value, as text' },
] as const;

/**
 * RECONCILE_INTERRUPTED never ends a plan whose row changed more recently than this, whatever the caller asks: a
 * caller holding the bot's role cannot fail a plan another replica is still running.
 */
export const INTERRUPTED_AFTER_SECONDS = 'INTERRUPTED_AFTER_SECONDS';

/** When the row is missing or unreadable: the Snowflake bot's own staleness bound (15 minutes, bot/app.ts). */
export const DEFAULT_INTERRUPTED_AFTER_SECONDS = 900;

/** Past a week a plan left EXECUTING is not running anywhere. */
export const MAX_STALE_SECONDS = 7 * 24 * 3600;

/** A stored value, or the default when it is absent or not a whole number of seconds up to a week. */
export function interruptedAfterSeconds(stored: string | null): number {
  if (stored === null || !/^\d{1,7}$/.test(stored.trim())) return DEFAULT_INTERRUPTED_AFTER_SECONDS;
  const seconds = Number(stored.trim());
  return seconds <= MAX_STALE_SECONDS ? seconds : DEFAULT_INTERRUPTED_AFTER_SECONDS;
}
