/**
 * The local thread's entry: the embedded warehouse (DuckDB, the SQL translation, the procedure host) and the local
 * agent (message parsing, tool calls) opened in a worker, so none of their work runs on the event loop that
 * acknowledges Slack and Teams. The agent calls its tools and keeps its thread state on this same warehouse, as
 * bot/runtime.ts wires it in one thread.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { WarehouseError } from '../../../bot/core/contracts.js';
import { WarehouseKeyValueStore } from '../../../bot/core/conversationStore.js';
import { botTables } from '../../../bot/core/sqlNames.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import { createLogger } from '../../../bot/log/logger.js';
import type { ProcedureName } from '../../../procedures/names.js';
import type { ThreadState } from '../agent/facts.js';
import { LocalAgent } from '../agent/localAgent.js';
import { LocalWarehouse, type LocalWarehouseOptions } from '../warehouse/localWarehouse.js';
import { requestSchema, type ThreadError, type ThreadReply, type ThreadRequest } from './threadProtocol.js';

export interface LocalThreadData {
  options: Omit<LocalWarehouseOptions, 'logger'>;
  logLevel: string;
}

/**
 * This thread runs at a lower scheduling priority than the main thread (Linux: a thread's nice value, set through its
 * task id; threads it starts, DuckDB's and the procedure worker, inherit it). On a machine with few cores the
 * turns' work otherwise competes with the receiver for the CPU; this way acknowledgements are served first and the
 * work takes what is left. Elsewhere it stays at the normal priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, BACKGROUND_NICE);
  } catch {
    // not Linux, or not permitted: the thread keeps the process's priority
  }
}
const BACKGROUND_NICE = 10;
lowerPriority();

const port = parentPort;
if (!port)
  throw new Error('localThread.ts runs only as a worker (adapters/local/thread/threadedWarehouse.ts)');
const data = workerData as LocalThreadData;
const send = (reply: ThreadReply): void => port.postMessage(reply);

function errorOf(err: unknown): ThreadError {
  if (err instanceof WarehouseError)
    return { message: err.message, code: err.code, sqlState: err.sqlState, queryId: err.queryId };
  return { message: err instanceof Error ? err.message : String(err) };
}

let warehouse: LocalWarehouse;
try {
  warehouse = await LocalWarehouse.open({
    ...data.options,
    logger: createLogger({ level: data.logLevel, pretty: false, name: 'dea-local-thread' }),
  });
} catch (err) {
  send({ type: 'failure', error: errorOf(err) });
  process.exit(1);
}
const agent = new LocalAgent({
  callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)),
  store: new WarehouseKeyValueStore<ThreadState>(
    warehouse,
    botTables(warehouse.database, warehouse.schema).conversations,
  ),
});
const turns = new Map<number, AbortController>();

async function runTurn(request: Extract<ThreadRequest, { op: 'agentRun' }>): Promise<void> {
  const controller = new AbortController();
  turns.set(request.id, controller);
  try {
    for await (const event of agent.run({ ...request.turn, signal: controller.signal }))
      send({ type: 'agentEvent', id: request.id, event });
    send({ type: 'agentEnd', id: request.id });
  } finally {
    turns.delete(request.id);
  }
}

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'run':
      return warehouse.run(request.sql, request.binds, request.role);
    case 'call':
      return request.role === undefined
        ? warehouse.call(request.procedure as ProcedureName, request.args)
        : warehouse.asRole(request.role).call(request.procedure as ProcedureName, request.args);
    case 'installApprovers':
      return warehouse.installApprovers(request.approvers);
    case 'agentRun':
      return runTurn(request);
    case 'agentAbort':
      turns.get(request.id)?.abort();
      return undefined;
    case 'close':
      for (const c of turns.values()) c.abort();
      await warehouse.close();
      return undefined;
  }
}

port.on('message', (message: unknown) => {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    const id = (message as { id?: unknown })?.id;
    send({
      type: 'failure',
      id: typeof id === 'number' ? id : undefined,
      error: { message: `local thread: malformed request (${parsed.error.issues[0]?.message ?? 'unknown'})` },
    });
    return;
  }
  const request = parsed.data;
  handle(request).then(
    (value) => {
      if (request.op === 'agentRun' || request.op === 'agentAbort') return;
      send({ type: 'result', id: request.id, value: value ?? null });
    },
    (err: unknown) => send({ type: 'failure', id: request.id, error: errorOf(err) }),
  );
});
send({ type: 'ready' });
