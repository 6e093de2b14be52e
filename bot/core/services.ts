/**
 * What every runner of the core shares: the agent and warehouse it was given, the settings, and the stores built
 * over the warehouse. Built once per core (docs/architecture.md#rooms-and-arrows).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ApprovalSettings, GroupDirectory } from './approval.js';
import type { Agent, Warehouse } from './contracts.js';
import { ConversationStore, EventLog } from './conversationStore.js';
import { FeedbackStore } from './feedback.js';
import { botTables } from './sqlNames.js';
import { TrackerRepository } from './tracker.js';

export interface CoreSettings extends ApprovalSettings {
  planTtlMs: number;
  database: string;
  schema: string;
  /** Minimum time between in-place updates of one progress message. */
  progressIntervalMs?: number;
}

export interface CoreDeps {
  warehouse: Warehouse;
  agent: Agent;
  logger: Logger;
  settings: CoreSettings;
  groups?: GroupDirectory;
  /** Registers long-running work with the process lifecycle (graceful shutdown); defaults to running it as is. */
  track?: <T>(work: (signal: AbortSignal) => Promise<T>) => Promise<T>;
}

export interface CoreServices {
  warehouse: Warehouse;
  agent: Agent;
  settings: CoreSettings;
  groups: GroupDirectory | undefined;
  log: Logger;
  track: NonNullable<CoreDeps['track']>;
  tables: ReturnType<typeof botTables>;
  tracker: TrackerRepository;
  conversations: ConversationStore;
  events: EventLog;
  feedback: FeedbackStore;
}

export function createServices(deps: CoreDeps): CoreServices {
  const tables = botTables(deps.settings.database, deps.settings.schema);
  return {
    warehouse: deps.warehouse,
    agent: deps.agent,
    settings: deps.settings,
    groups: deps.groups,
    log: deps.logger.child({ component: 'core' }),
    track: deps.track ?? ((work) => work(new AbortController().signal)),
    tables,
    tracker: new TrackerRepository(deps.warehouse, tables.tracker),
    conversations: new ConversationStore(deps.warehouse, tables.conversations),
    events: new EventLog(deps.warehouse, tables.events),
    feedback: new FeedbackStore(deps.warehouse, tables.conversations),
  };
}

export function newPipelineId(): string {
  return `P-${randomBytes(6).toString('hex')}`;
}
