/**
 * Turns the environment into a validated, derived configuration. Every problem is collected before
 * failing, so a user fixes their settings in one pass instead of one error per start.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Env, EXAMPLES, envSchema, SECRET_VARIABLES } from './schema.js';

const SPCS_TOKEN_FILE = '/snowflake/session/token';

export interface ConfigProblem {
  variable: string;
  problem: string;
  example?: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map(
    (p) => `  - ${p.variable}: ${p.problem}${p.example ? ` (example: ${p.variable}=${p.example})` : ''}`,
  );
  return `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

export type SnowflakeAuth =
  | { kind: 'oauth-token-file'; path: string }
  | { kind: 'key-pair'; privateKeyPath?: string; privateKeyPem?: string; passphrase?: string }
  | { kind: 'pat'; token: string };

export interface Config {
  env: Env;
  mode: 'local' | 'snowflake';
  agent: 'local' | 'cortex';
  http: { port: number; host: string; teamsPort?: number /** DEA_PUBLIC_HOST */; publicHosts: string[] };
  dataDir: string;
  localStorageDir: string;
  approvers: string[];
  allowSelfApproval: boolean;
  planTtlMs: number;
  webChat: boolean;
  /** DEA_LOCAL_THREAD: the bot runs the embedded warehouse and the local agent on their own thread. */
  localThread: boolean;
  database: string;
  schema: string;
  warehouse: string;
  slack: null | {
    mode: 'socket' | 'http';
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  teams: null | {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
    openIdMetadataUrl?: string;
    /** DEA_TEAMS_TENANTS: tenants whose users may use and approve through the bot (default: the app's tenant). */
    allowedTenants?: string[];
  };
  snowflake: null | {
    account: string;
    host?: string;
    user?: string;
    role?: string;
    auth: SnowflakeAuth;
  };
  cortexAgent: { database: string; schema: string; name: string };
  relay: { target?: string; oauthTokenUrl?: string };
  logLevel: Env['LOG_LEVEL'];
}

export interface LoadOptions {
  /** Lets tests pretend to run inside SPCS without a real /snowflake/session/token. */
  fileExists?: (p: string) => boolean;
  /**
   * `relay`: the process is `dea relay`, which only verifies inbound Bot Framework tokens against the app id and
   * never holds the bot's own Teams credentials (password, tenant), so those are not required.
   */
  role?: 'bot' | 'relay';
  /**
   * The process will serve requests (`dea start`): combinations that would expose it unsafely are refused too
   * (see servingProblems). CLI commands that only talk to the warehouse leave it off.
   */
  serving?: boolean;
}

const LOOPBACK_HOST = /^(?:127(?:\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

/** Whether HOST keeps the server on this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST.test(host.trim());
}

/**
 * Settings that each look valid but together would let someone act without authorization. Each is listed, so
 * the operator fixes them in one pass.
 */
function servingProblems(
  env: Env,
  derived: { mode: 'local' | 'snowflake'; teams: boolean; webChat: boolean; insideSpcs: boolean },
): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (derived.mode === 'snowflake' && derived.teams && !env.MICROSOFT_APP_ID)
    out.push({
      variable: 'TEAMS_ENABLED',
      problem:
        'Teams without MICROSOFT_APP_ID is unauthenticated (anyone who reaches /api/messages could act as any Teams user); in Snowflake mode set MICROSOFT_APP_ID (with its password and tenant) or turn TEAMS_ENABLED off',
      example: 'false',
    });
  if (derived.mode === 'snowflake' && derived.webChat && !derived.insideSpcs)
    out.push({
      variable: 'DEA_WEB_CHAT',
      problem:
        'in Snowflake mode the web chat trusts the Sf-Context-Current-User header, which only the SPCS ingress sets; outside Snowpark Container Services anyone could send it and act as any user, so turn DEA_WEB_CHAT off or run inside SPCS',
      example: 'false',
    });
  if (derived.mode === 'local' && !isLoopbackHost(env.HOST) && env.DEA_APPROVERS.length === 0)
    out.push({
      variable: 'DEA_APPROVERS',
      problem: `local mode listening on ${env.HOST} (beyond this machine) with no DEA_APPROVERS would let anyone who reaches it approve plans; list the approvers, or set HOST=127.0.0.1`,
      example: 'local:alice,local:bob',
    });
  return out;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, opts: LoadOptions = {}): Config {
  const fileExists = opts.fileExists ?? existsSync;
  const problems: ConfigProblem[] = [];
  let parsed = envSchema.safeParse(source);
  const badFields = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      badFields.add(variable);
      problems.push({ variable, problem: issue.message, example: EXAMPLES[variable as keyof Env] });
    }
    // Run the cross-field checks on the remaining values too, so every problem is reported in one pass.
    const rest = Object.fromEntries(Object.entries(source).filter(([k]) => !badFields.has(k)));
    parsed = envSchema.safeParse(rest);
    if (!parsed.success) throw new ConfigError(problems);
  }
  const env = parsed.data;
  const need = (variable: keyof Env, problem: string) => {
    // A variable that is already malformed is not also reported as missing.
    if (!badFields.has(variable)) problems.push({ variable, problem, example: EXAMPLES[variable] });
  };

  // Slack: an app token means Socket Mode; without it Slack must be able to sign requests to /slack/events.
  let slack: Config['slack'] = null;
  if (env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) {
    if (!env.SLACK_BOT_TOKEN) need('SLACK_BOT_TOKEN', 'is required when any other SLACK_ variable is set');
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
      need(
        'SLACK_SIGNING_SECRET',
        'is required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
      );
    if (env.SLACK_BOT_TOKEN) {
      slack = {
        mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
        botToken: env.SLACK_BOT_TOKEN,
        signingSecret: env.SLACK_SIGNING_SECRET,
        appToken: env.SLACK_APP_TOKEN,
        apiUrl: env.SLACK_API_URL,
      };
    }
  }

  let teams: Config['teams'] = null;
  if (env.TEAMS_ENABLED || env.MICROSOFT_APP_ID) {
    const appType = env.MICROSOFT_APP_TYPE ?? 'SingleTenant';
    if (env.MICROSOFT_APP_ID && opts.role !== 'relay') {
      if (appType !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD)
        need('MICROSOFT_APP_PASSWORD', `is required for a ${appType} bot`);
      if (appType !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID)
        need('MICROSOFT_APP_TENANT_ID', `is required for a ${appType} bot`);
    } else if (env.TEAMS_ENABLED === false) {
      // explicitly disabled and no app id: no Teams
    }
    if (env.TEAMS_ENABLED !== false) {
      teams = {
        appId: env.MICROSOFT_APP_ID,
        appPassword: env.MICROSOFT_APP_PASSWORD,
        tenantId: env.MICROSOFT_APP_TENANT_ID,
        appType,
        openIdMetadataUrl: env.MICROSOFT_OPENID_METADATA_URL,
        ...(env.DEA_TEAMS_TENANTS.length > 0 ? { allowedTenants: env.DEA_TEAMS_TENANTS } : {}),
      };
    }
  }

  let snowflake: Config['snowflake'] = null;
  if (env.SNOWFLAKE_ACCOUNT) {
    const auths: SnowflakeAuth[] = [];
    if (env.SNOWFLAKE_PRIVATE_KEY_PATH && env.SNOWFLAKE_PRIVATE_KEY)
      need(
        'SNOWFLAKE_PRIVATE_KEY',
        'set either SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PRIVATE_KEY_PATH, not both',
      );
    if (env.SNOWFLAKE_PRIVATE_KEY_PATH || env.SNOWFLAKE_PRIVATE_KEY)
      auths.push({
        kind: 'key-pair',
        privateKeyPath: env.SNOWFLAKE_PRIVATE_KEY_PATH,
        privateKeyPem: env.SNOWFLAKE_PRIVATE_KEY,
        passphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE,
      });
    if (env.SNOWFLAKE_TOKEN) auths.push({ kind: 'pat', token: env.SNOWFLAKE_TOKEN });
    const tokenFile = env.SNOWFLAKE_TOKEN_FILE ?? (fileExists(SPCS_TOKEN_FILE) ? SPCS_TOKEN_FILE : undefined);
    if (tokenFile) auths.push({ kind: 'oauth-token-file', path: tokenFile });
    if (auths.length === 0)
      need(
        'SNOWFLAKE_PRIVATE_KEY_PATH',
        'Snowflake mode needs credentials: a key pair (SNOWFLAKE_PRIVATE_KEY_PATH or SNOWFLAKE_PRIVATE_KEY), a programmatic access token (SNOWFLAKE_TOKEN), or the SPCS token file (SNOWFLAKE_TOKEN_FILE)',
      );
    const explicit = auths.filter((a) => a.kind !== 'oauth-token-file' || env.SNOWFLAKE_TOKEN_FILE);
    if (explicit.length > 1)
      need(
        'SNOWFLAKE_TOKEN',
        'choose one Snowflake credential: a key pair, SNOWFLAKE_TOKEN or SNOWFLAKE_TOKEN_FILE',
      );
    const auth = explicit[0] ?? auths[0];
    if (auth && auth.kind !== 'oauth-token-file' && !env.SNOWFLAKE_USER)
      need('SNOWFLAKE_USER', `is required with ${auth.kind === 'pat' ? 'SNOWFLAKE_TOKEN' : 'a key pair'}`);
    if (auth)
      snowflake = {
        account: env.SNOWFLAKE_ACCOUNT,
        host: env.SNOWFLAKE_HOST,
        user: env.SNOWFLAKE_USER,
        role: env.SNOWFLAKE_ROLE,
        auth,
      };
  } else {
    for (const v of [
      'SNOWFLAKE_USER',
      'SNOWFLAKE_PRIVATE_KEY_PATH',
      'SNOWFLAKE_PRIVATE_KEY',
      'SNOWFLAKE_TOKEN',
    ] as const) {
      if (env[v])
        need('SNOWFLAKE_ACCOUNT', `is required when ${v} is set (without it the bot runs in local mode)`);
    }
  }

  const agent = env.DEA_AGENT ?? (env.SNOWFLAKE_ACCOUNT ? 'cortex' : 'local');
  if (agent === 'cortex' && !env.SNOWFLAKE_ACCOUNT)
    need(
      'DEA_AGENT',
      'cortex needs a Snowflake account (set SNOWFLAKE_ACCOUNT and credentials, or use DEA_AGENT=local)',
    );

  if (env.DEA_TEAMS_PORT !== undefined && env.DEA_TEAMS_PORT === env.PORT)
    need('DEA_TEAMS_PORT', 'must differ from PORT (it is a second listener for the Teams endpoint only)');

  const [agentDb, agentSchema, agentName] = env.CORTEX_AGENT.split('.') as [string, string, string];

  const mode = env.SNOWFLAKE_ACCOUNT ? 'snowflake' : 'local';
  const webChat = env.DEA_WEB_CHAT ?? mode === 'local';
  if (opts.serving && opts.role !== 'relay')
    problems.push(
      ...servingProblems(env, {
        mode,
        teams: teams !== null,
        webChat,
        insideSpcs: fileExists(SPCS_TOKEN_FILE),
      }),
    );

  if (problems.length > 0) throw new ConfigError(dedupe(problems));

  return {
    env,
    mode,
    agent,
    http: {
      port: env.PORT,
      host: env.HOST,
      teamsPort: env.DEA_TEAMS_PORT,
      publicHosts: env.DEA_PUBLIC_HOST,
    },
    dataDir: path.resolve(env.DEA_DATA_DIR),
    localStorageDir: path.resolve(env.DEA_LOCAL_STORAGE ?? path.join(env.DEA_DATA_DIR, 'storage')),
    approvers: env.DEA_APPROVERS,
    allowSelfApproval: env.DEA_ALLOW_SELF_APPROVAL ?? false,
    planTtlMs: env.DEA_PLAN_TTL,
    webChat,
    localThread: env.DEA_LOCAL_THREAD ?? false,
    database: env.SNOWFLAKE_DATABASE,
    schema: env.SNOWFLAKE_SCHEMA,
    warehouse: env.SNOWFLAKE_WAREHOUSE,
    slack,
    teams,
    snowflake,
    cortexAgent: { database: agentDb, schema: agentSchema, name: agentName },
    relay: { target: env.DEA_RELAY_TARGET, oauthTokenUrl: env.SNOWFLAKE_OAUTH_TOKEN_URL },
    logLevel: env.LOG_LEVEL,
  };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.variable}\u0000${p.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads `.env` (if present) into process.env without overriding what the environment already sets. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** A description of the configuration that is safe to log: secrets are reported only as present. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config.env)) {
    if (v === undefined) continue;
    out[k] = SECRET_VARIABLES.has(k) ? '[set]' : v;
  }
  return {
    mode: config.mode,
    agent: config.agent,
    slack: config.slack?.mode ?? 'off',
    teams: config.teams ? (config.teams.appId ? 'authenticated' : 'unauthenticated (local)') : 'off',
    env: out,
  };
}
