/**
 * One zod schema over the environment (docs/configuration.md). Every variable is optional in local mode; the modes are
 * derived from which credentials are present, never chosen by a separate switch that could contradict them.
 */
import { z } from 'zod';

/** Variables whose values must never be printed, even in a config error. */
export const SECRET_VARIABLES = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
  'SNOWFLAKE_PRIVATE_KEY',
  'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
  'SNOWFLAKE_TOKEN',
]);

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(empty, schema.optional());

const bool = (name: string) =>
  z.preprocess(
    empty,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no', 'TRUE', 'FALSE', 'True', 'False'], {
        error: `${name} must be true or false`,
      })
      .optional()
      .transform((v) => (v === undefined ? undefined : ['true', '1', 'yes'].includes(v.toLowerCase()))),
  );

const DURATION_RE = /^(\d+)\s*(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `24h`, `7d` → milliseconds. */
function parseDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

const url = (name: string, example: string) =>
  opt(
    z.string().refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
      error: `${name} must be an http(s) URL, e.g. ${example}`,
    }),
  );

const APPROVER_RE = /^(slack|slack-group|teams|local):[^\s,]+$/;

/** The longest DEA_PLAN_TTL: 30 days (and well within what a timestamp column and a timer can hold). */
const MAX_PLAN_TTL_MS = 30 * 86_400_000;

/** A host name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST_RE =
  /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?$/;

/** A comma-separated setting: items trimmed (lower-cased where case does not matter), empty ones dropped, each checked. */
function commaList(item: z.ZodString, opts: { lowerCase?: boolean } = {}) {
  return z.preprocess(
    empty,
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => (opts.lowerCase ? s.trim().toLowerCase() : s.trim()))
          .filter(Boolean),
      )
      .pipe(z.array(item)),
  );
}

export const envSchema = z.object({
  PORT: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'PORT must be a number, e.g. 3000' })
      .int({ error: 'PORT must be a whole number, e.g. 3000' })
      .min(0, { error: 'PORT must be between 0 and 65535, e.g. 3000' })
      .max(65535, { error: 'PORT must be between 0 and 65535, e.g. 3000' })
      .default(3000),
  ),
  HOST: z.preprocess(empty, z.string().default('127.0.0.1')),
  DEA_TEAMS_PORT: opt(
    z.coerce
      .number({ error: 'DEA_TEAMS_PORT must be a port number, e.g. 3001' })
      .int({ error: 'DEA_TEAMS_PORT must be a whole number, e.g. 3001' })
      .min(1, { error: 'DEA_TEAMS_PORT must be between 1 and 65535, e.g. 3001' })
      .max(65535, { error: 'DEA_TEAMS_PORT must be between 1 and 65535, e.g. 3001' }),
  ),
  DEA_DATA_DIR: z.preprocess(empty, z.string().default('.dea')),
  DEA_LOCAL_STORAGE: opt(z.string()),
  DEA_AGENT: opt(z.enum(['local', 'cortex'], { error: 'DEA_AGENT must be local or cortex' })),
  DEA_APPROVERS: commaList(
    z.string().regex(APPROVER_RE, {
      error:
        'each DEA_APPROVERS entry must look like slack:U0123ABC, slack-group:S0123ABC, teams:<aad id> or local:alice',
    }),
  ),
  DEA_ALLOW_SELF_APPROVAL: bool('DEA_ALLOW_SELF_APPROVAL'),
  DEA_PLAN_TTL: z.preprocess(
    empty,
    z
      .string()
      .default('24h')
      .refine((v) => (parseDuration(v) ?? 0) > 0, {
        error: 'DEA_PLAN_TTL must be a positive duration such as 90s, 30m, 24h or 7d',
      })
      .refine((v) => (parseDuration(v) ?? 0) <= MAX_PLAN_TTL_MS, {
        error: 'DEA_PLAN_TTL must be at most 30d: a proposal should not stay approvable for longer',
      })
      .transform((v) => parseDuration(v)!),
  ),
  DEA_PUBLIC_HOST: commaList(
    z.string().regex(HOST_RE, {
      error:
        'each DEA_PUBLIC_HOST entry must be a host name, optionally with a port, e.g. dea.example.com or dea.example.com:8443 (no scheme, no path)',
    }),
    { lowerCase: true },
  ),
  DEA_TEAMS_TENANTS: commaList(
    z.string().regex(/^[0-9a-f-]{36}$/i, {
      error: 'each DEA_TEAMS_TENANTS entry must be a Microsoft tenant id (a GUID)',
    }),
  ),
  DEA_WEB_CHAT: bool('DEA_WEB_CHAT'),
  DEA_LOCAL_THREAD: bool('DEA_LOCAL_THREAD'),

  SLACK_BOT_TOKEN: opt(
    z.string().startsWith('xoxb-', { error: 'SLACK_BOT_TOKEN must be a bot token (xoxb-…)' }),
  ),
  SLACK_SIGNING_SECRET: opt(
    z.string().regex(/^[0-9a-f]{32}$/i, {
      error: 'SLACK_SIGNING_SECRET must be the 32 hex characters from Basic Information',
    }),
  ),
  SLACK_APP_TOKEN: opt(
    z.string().startsWith('xapp-', { error: 'SLACK_APP_TOKEN must be an app-level token (xapp-…)' }),
  ),
  SLACK_API_URL: url('SLACK_API_URL', 'https://slack.com/api/'),

  TEAMS_ENABLED: bool('TEAMS_ENABLED'),
  MICROSOFT_APP_ID: opt(
    z.string().regex(/^[0-9a-f-]{36}$/i, { error: 'MICROSOFT_APP_ID must be the bot app id (a GUID)' }),
  ),
  MICROSOFT_APP_PASSWORD: opt(z.string()),
  MICROSOFT_APP_TENANT_ID: opt(
    z.string().regex(/^[0-9a-f-]{36}$/i, { error: 'MICROSOFT_APP_TENANT_ID must be a tenant id (a GUID)' }),
  ),
  MICROSOFT_APP_TYPE: opt(
    z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], {
      error: 'MICROSOFT_APP_TYPE must be SingleTenant, MultiTenant or UserAssignedMSI',
    }),
  ),
  MICROSOFT_OPENID_METADATA_URL: url(
    'MICROSOFT_OPENID_METADATA_URL',
    'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ),

  SNOWFLAKE_ACCOUNT: opt(
    z.string().regex(/^[A-Za-z0-9_.-]+$/, {
      error: 'SNOWFLAKE_ACCOUNT must be an account identifier, e.g. myorg-myaccount',
    }),
  ),
  SNOWFLAKE_HOST: opt(z.string()),
  SNOWFLAKE_USER: opt(z.string()),
  SNOWFLAKE_ROLE: opt(z.string()),
  SNOWFLAKE_WAREHOUSE: z.preprocess(empty, z.string().default('LEILAAPP')),
  SNOWFLAKE_DATABASE: z.preprocess(empty, z.string().default('LEILA_APP')),
  SNOWFLAKE_SCHEMA: z.preprocess(empty, z.string().default('PUBLIC')),
  SNOWFLAKE_PRIVATE_KEY_PATH: opt(z.string()),
  SNOWFLAKE_PRIVATE_KEY: opt(
    z.string().includes('PRIVATE KEY', {
      error: 'SNOWFLAKE_PRIVATE_KEY must be a PEM private key (-----BEGIN PRIVATE KEY-----…)',
    }),
  ),
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: opt(z.string()),
  SNOWFLAKE_TOKEN: opt(z.string()),
  SNOWFLAKE_TOKEN_FILE: opt(z.string()),
  CORTEX_AGENT: z.preprocess(
    empty,
    z
      .string()
      .regex(/^[A-Za-z_][\w$]*\.[A-Za-z_][\w$]*\.[A-Za-z_][\w$]*$/, {
        error: 'CORTEX_AGENT must be a fully qualified name, e.g. LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT',
      })
      .default('LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT'),
  ),
  DEA_RELAY_TARGET: url('DEA_RELAY_TARGET', 'https://abcd-myorg-myaccount.snowflakecomputing.app'),
  SNOWFLAKE_OAUTH_TOKEN_URL: url(
    'SNOWFLAKE_OAUTH_TOKEN_URL',
    'https://myorg-myaccount.snowflakecomputing.com/oauth/token',
  ),
  LOG_LEVEL: z.preprocess(
    empty,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
});

export type Env = z.infer<typeof envSchema>;
export const ENV_VARIABLES = Object.keys(envSchema.shape) as (keyof Env)[];

/** A right value for each variable, shown next to its error. */
export const EXAMPLES: Partial<Record<keyof Env, string>> = {
  PORT: '3000',
  DEA_TEAMS_PORT: '3001',
  DEA_PLAN_TTL: '24h',
  DEA_PUBLIC_HOST: 'dea.example.com',
  DEA_TEAMS_TENANTS: '00000000-0000-0000-0000-000000000000',
  DEA_APPROVERS: 'slack:U0123ABCD,teams:00000000-0000-0000-0000-000000000000',
  DEA_ALLOW_SELF_APPROVAL: 'false',
  SLACK_BOT_TOKEN: 'xoxb-…',
  SLACK_SIGNING_SECRET: '<32 hex characters>',
  SLACK_APP_TOKEN: 'xapp-…',
  SLACK_API_URL: 'https://slack.com/api/',
  MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000000',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000000',
  MICROSOFT_APP_TYPE: 'SingleTenant',
  SNOWFLAKE_ACCOUNT: 'myorg-myaccount',
  SNOWFLAKE_USER: 'DEA_BOT',
  SNOWFLAKE_PRIVATE_KEY_PATH: '/run/secrets/rsa_key.p8',
  CORTEX_AGENT: 'LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT',
  DEA_RELAY_TARGET: 'https://abcd-myorg-myaccount.snowflakecomputing.app',
  LOG_LEVEL: 'info',
  DEA_AGENT: 'local',
};
