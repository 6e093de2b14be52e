/**
 * The composition root: the only place that knows every adapter. It builds the warehouse, the agent, the core
 * and the channels from the configuration, mounts them on the one HTTP server, and owns shutdown.
 */
import type { Config } from './config/load.js';
import { describeConfig } from './config/load.js';
import type { BotCore } from './core/api.js';
import type { Agent, Warehouse } from './core/contracts.js';
import { createBotCore } from './core/index.js';
import { type HostPolicy, SPCS_HOST_SUFFIXES } from './http/hostAllowlist.js';
import { receiverFirst } from './http/receiverFirst.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger, type Logger } from './log/logger.js';

export interface RunningBot {
  url: string;
  http: HttpServer;
  lifecycle: Lifecycle;
  logger: Logger;
  core: BotCore;
  warehouse: Warehouse;
  shutdown(reason: string): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Tests inject a warehouse or agent; production builds them from the configuration. */
  warehouse?: Warehouse;
  agent?: Agent;
  /** How long an EXECUTING row must sit untouched before this start marks it FAILED (default 60 s; tests use 0). */
  reconcileAfterMs?: number;
}

/**
 * How long an EXECUTING row may sit untouched before it is marked FAILED as interrupted. Locally the DuckDB file has
 * one writer, so at start every EXECUTING row belongs to a process that died; with Snowflake another replica may
 * still be running the plan, so only rows far older than any plan's run are taken, at start and periodically.
 */
const INTERRUPTED_AFTER_MS = { local: 0, snowflake: 15 * 60_000 } as const;
const RECONCILE_EVERY_MS = 5 * 60_000;
const SPCS_USER_HEADER = 'sf-context-current-user';

/**
 * `dea start --check`: loads every module the bot may need in production — each adapter included — so a broken
 * image (a dev-only dependency, a missing file) fails here rather than on the first Slack event.
 */
export async function describeStartup(config: Config): Promise<Record<string, unknown>> {
  const modules = await Promise.all([
    import('./runtime.js'),
    import('../adapters/slack/index.js'),
    import('../adapters/teams/index.js'),
    import('../dashboard/dashboard.js'),
    import('../adapters/local/remote/index.js'),
    import('../adapters/local/seed/index.js'),
    import('./relay/relay.js'),
  ]);
  const { packageRoot } = await import('./paths.js');
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const files = ['procedures', 'setup', 'agent', 'spcs'].map((p) =>
    path.join(packageRoot(), 'sql', `${p}.sql`),
  );
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`missing files: ${missing.join(', ')}`);
  return { ...describeConfig(config), modules: modules.length, sqlFiles: files.length };
}

/** The Host names the bot answers for (DNS rebinding): loopback, DEA_PUBLIC_HOST, SPCS's domains in Snowflake mode. */
function hostPolicy(config: Config): HostPolicy {
  return {
    publicHosts: config.http.publicHosts,
    ...(config.mode === 'snowflake' ? { trustedSuffixes: SPCS_HOST_SUFFIXES } : {}),
  };
}

export async function startBot(config: Config, opts: StartOptions = {}): Promise<RunningBot> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  logger.info(describeConfig(config), 'starting data-engineer-agent');
  const lifecycle = new Lifecycle(logger);
  const http = createHttpServer({ logger, hosts: hostPolicy(config) });
  const runtime = await import('./runtime.js');

  if (config.mode === 'local' && !opts.warehouse) {
    const { seedSampleBucket } = await import('../adapters/local/seed/index.js');
    await seedSampleBucket(config.localStorageDir);
  }
  const warehouse =
    opts.warehouse ?? (await runtime.openWarehouse(config, logger, { thread: config.localThread }));
  // Registered before anything else can fail; mountAndListen fills in what it opens.
  const opened: Opened = {};
  lifecycle.onClose('agent', async () => {
    await opened.agent?.close?.();
  });
  lifecycle.onClose('warehouse', async () => {
    await opened.serverFile?.remove();
    await warehouse.close();
  });
  try {
    return await mountAndListen(config, opts, { logger, lifecycle, http, runtime, warehouse }, opened);
  } catch (err) {
    // A start that fails half-way (a port in use, a channel that cannot connect) releases what it opened, so the
    // process can exit and the next start finds the DuckDB file and the port free.
    await lifecycle.shutdown('start-up failed');
    throw err;
  }
}

interface Opened {
  agent?: Agent;
  serverFile?: { remove(): Promise<void> };
}

async function mountAndListen(
  config: Config,
  opts: StartOptions,
  parts: {
    logger: Logger;
    lifecycle: Lifecycle;
    http: HttpServer;
    runtime: typeof import('./runtime.js');
    warehouse: Warehouse;
  },
  opened: Opened,
): Promise<RunningBot> {
  const { logger, lifecycle, http, runtime, warehouse } = parts;
  // An embedded warehouse handed in (tests, tools) gets DEA_APPROVERS from this configuration as one opened here does.
  if (opts.warehouse && config.mode === 'local' && 'installApprovers' in opts.warehouse) {
    const local = opts.warehouse as { installApprovers(rows: unknown[]): Promise<void> };
    await local.installApprovers(runtime.localAccess(config).approvers);
  }
  const agent = opts.agent ?? (await runtime.createAgent(config, warehouse, logger));
  opened.agent = agent;
  const { coreSettings } = await import('./commands/context.js');
  let groups: { membersOf(principal: string): Promise<string[]> } | undefined;
  const core = createBotCore({
    warehouse,
    agent,
    logger,
    settings: coreSettings(config),
    groups: { membersOf: (p) => groups?.membersOf(p) ?? Promise.resolve([]) },
    track: (work) => lifecycle.track(work),
  });

  http.addReadinessCheck({
    name: 'warehouse',
    check: async () => {
      await warehouse.query('SELECT 1 AS OK');
      return { ok: true };
    },
  });

  const staleMs = opts.reconcileAfterMs ?? INTERRUPTED_AFTER_MS[config.mode];
  const reconciled = await reconcile(warehouse, config, logger, staleMs);
  if (reconciled > 0)
    logger.warn({ reconciled }, 'pipelines interrupted by a previous stop were marked FAILED');
  if (config.mode === 'snowflake') {
    const timer = setInterval(() => {
      void reconcile(warehouse, config, logger, INTERRUPTED_AFTER_MS.snowflake).then((n) => {
        if (n > 0) logger.warn({ reconciled: n }, 'pipelines stuck in EXECUTING were marked FAILED');
      });
    }, RECONCILE_EVERY_MS);
    timer.unref();
    lifecycle.onStopIntake('reconciler', () => clearInterval(timer));
  }

  const channelStarts: (() => Promise<void>)[] = [];
  let teamsHttp: HttpServer | undefined;
  if (config.slack) {
    const { createSlackChannel } = await import('../adapters/slack/index.js');
    const slack = createSlackChannel({
      settings: config.slack,
      core: receiverFirst(core, http.inflight),
      logger,
      app: http.app,
    });
    groups = slack.groups;
    http.addReadinessCheck({ name: 'slack', check: () => slack.readiness() });
    channelStarts.push(() => slack.start());
    lifecycle.onStopIntake('slack', () => slack.stop());
  }
  if (config.teams) {
    const { createTeamsChannel } = await import('../adapters/teams/index.js');
    // With DEA_TEAMS_PORT the Teams endpoint gets a listener of its own, so SPCS can expose it as a separate
    // endpoint whose service role is granted to the relay alone (the dashboard stays out of the relay's reach).
    if (config.http.teamsPort !== undefined)
      teamsHttp = createHttpServer({ logger, hosts: hostPolicy(config) });
    const teamsServer = teamsHttp ?? http;
    const teams = createTeamsChannel({
      settings: config.teams,
      core: receiverFirst(core, teamsServer.inflight),
      logger,
      app: teamsServer.app,
    });
    http.addReadinessCheck({ name: 'teams', check: () => teams.readiness() });
    channelStarts.push(() => teams.start());
    lifecycle.onStopIntake('teams', () => teams.stop());
  }

  lifecycle.onStopIntake('http', async () => {
    http.setDraining();
    await http.close();
  });
  const { url } = await http.listen(config.http.port, config.http.host);
  if (config.mode === 'local') {
    // The CLI reaches the embedded warehouse through this process while it holds the DuckDB file.
    const { publishLocalServer } = await import('../adapters/local/remote/index.js');
    opened.serverFile = await publishLocalServer({ app: http.app, dataDir: config.dataDir, url, warehouse });
  }
  // Mounted last: the dashboard answers every path the channels and the local bridge did not take.
  const { createDashboard } = await import('../dashboard/dashboard.js');
  http.app.use(
    createDashboard({
      core,
      logger,
      webChat: config.webChat,
      // In Snowflake mode the dashboard sits behind SPCS ingress, which names the signed-in user.
      trustedUserHeader: config.mode === 'snowflake' ? SPCS_USER_HEADER : undefined,
    }),
  );
  if (teamsHttp && config.http.teamsPort !== undefined) {
    const second = teamsHttp;
    lifecycle.onStopIntake('teams-http', async () => {
      second.setDraining();
      await second.close();
    });
    await second.listen(config.http.teamsPort, config.http.host);
  }
  for (const start of channelStarts) await start();

  // Last: /readyz turns 200 only now that every route and listener above is in place.
  teamsHttp?.routesComplete();
  http.routesComplete();
  const ready = await readyReport(config, url);
  logger.info(ready.fields, ready.message);
  return { url, http, lifecycle, logger, core, warehouse, shutdown: (reason) => lifecycle.shutdown(reason) };
}

/** What a person starting the bot needs next: where to chat and, locally, where the sample bucket's files are. */
async function readyReport(
  config: Config,
  url: string,
): Promise<{ fields: Record<string, unknown>; message: string }> {
  const fields: Record<string, unknown> = { url, mode: config.mode, agent: config.agent };
  const parts = [`ready at ${url}`];
  if (config.webChat) {
    fields.chatUrl = `${url}/chat`;
    parts.push(`chat at ${url}/chat`);
  }
  if (config.mode === 'local') {
    const { SAMPLE_BUCKET_URL, sampleBucketDir } = await import('../adapters/local/seed/index.js');
    fields.sampleBucket = SAMPLE_BUCKET_URL;
    fields.sampleBucketDir = sampleBucketDir(config.localStorageDir);
    parts.push(`sample bucket ${SAMPLE_BUCKET_URL} is served from ${fields.sampleBucketDir}`);
  }
  return { fields, message: parts.join('; ') };
}

async function reconcile(
  warehouse: Warehouse,
  config: Config,
  logger: Logger,
  staleMs: number,
): Promise<number> {
  const { TrackerRepository } = await import('./core/tracker.js');
  const { botTables } = await import('./core/sqlNames.js');
  try {
    return await new TrackerRepository(
      warehouse,
      botTables(config.database, config.schema).tracker,
    ).reconcileInterrupted(staleMs);
  } catch (err) {
    logger.warn({ err }, 'could not reconcile interrupted pipelines');
    return 0;
  }
}
