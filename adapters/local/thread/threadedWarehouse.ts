/**
 * The embedded warehouse and the local agent on their own thread (docs/local-warehouse.md#off-the-main-thread-measured-not-enabled):
 * the same `Warehouse` contract as LocalWarehouse, and an `Agent` (`agent()`) whose turns run beside it, so the
 * main event loop only posts messages and reads answers. Every answer is parsed before it is used. If the thread
 * dies, every request in flight and every later one fails with a WarehouseError: an error answer, never a hang.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Agent, ProcedureName, Warehouse } from '../../../bot/core/contracts.js';
import { WarehouseError } from '../../../bot/core/contracts.js';
import type { ApproverEntry } from '../../../procedures/tracker/approvers.js';
import type { LocalWarehouseOptions } from '../warehouse/localWarehouse.js';
import type { SessionRole } from '../warehouse/privileges.js';
import { type RoleView, roleView } from '../warehouse/roleView.js';
import type { StatementResult } from '../warehouse/values.js';
import type { LocalThreadData } from './localThread.js';
import { startThread } from './startThread.js';
import { ThreadedAgent } from './threadedAgent.js';
import {
  replySchema,
  statementResultSchema,
  type ThreadError,
  type ThreadReply,
  type ThreadRequest,
} from './threadProtocol.js';

/** Requests carry their id; the proxy assigns it. */
type Unnumbered<R> = R extends unknown ? Omit<R, 'id'> : never;
export type OutgoingRequest = Unnumbered<ThreadRequest>;

/** How long close() lets the thread close DuckDB before terminating it (SIGTERM must end the process within 1 s). */
const CLOSE_GRACE_MS = 600;

export interface StreamListener {
  event(event: unknown): void;
  end(): void;
  fail(error: Error): void;
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function threadError(e: ThreadError): Error {
  return e.code === undefined
    ? new Error(e.message)
    : new WarehouseError(e.code, e.message, { sqlState: e.sqlState, queryId: e.queryId });
}

export class ThreadedLocalWarehouse implements Warehouse {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly streams = new Map<number, StreamListener>();
  /** Set once the thread cannot answer any more: every request fails with it. */
  private dead: WarehouseError | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly database: string,
    readonly schema: string,
    private readonly logger: Logger | undefined,
  ) {
    worker.on('message', (message: unknown) => this.receive(message));
    worker.on('error', (err) => this.die(`the local thread failed: ${err.message}`));
    worker.on('exit', (code) => this.die(`the local thread exited (code ${code})`));
  }

  /** Opens LocalWarehouse on a new thread; resolves once it is open, rejects with its error (e.g. LOCAL_LOCKED). */
  static async open(opts: LocalWarehouseOptions): Promise<ThreadedLocalWarehouse> {
    const { logger, ...options } = opts;
    const data: LocalThreadData = { options, logLevel: logger?.level ?? 'silent' };
    const worker = startThread(new URL(`./localThread${extensionOf(import.meta.url)}`, import.meta.url), {
      ...data,
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        const reply = replySchema.safeParse(message);
        if (reply.success && reply.data.type === 'ready') done(resolve);
        else if (reply.success && reply.data.type === 'failure' && reply.data.id === undefined) {
          const error = reply.data.error;
          done(() => reject(threadError(error)));
        }
      };
      const onError = (err: Error): void => done(() => reject(err));
      const onExit = (code: number): void =>
        done(() =>
          reject(new WarehouseError('LOCAL_OPEN', `The local thread exited while opening (code ${code}).`)),
        );
      const done = (then: () => void): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        then();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
    worker.unref();
    return new ThreadedLocalWarehouse(
      worker,
      (opts.database ?? 'LEILA_APP').toUpperCase(),
      (opts.schema ?? 'PUBLIC').toUpperCase(),
      logger,
    );
  }

  async query<T = Record<string, unknown>>(sql: string, binds: unknown[] = []): Promise<T[]> {
    return (await this.run(sql, binds)).rows as T[];
  }

  async execute(sql: string, binds: unknown[] = []): Promise<{ rowsAffected: number }> {
    return { rowsAffected: (await this.run(sql, binds)).rowsAffected };
  }

  call(procedure: ProcedureName, args: unknown[]): Promise<unknown> {
    return this.request({ op: 'call', procedure, args });
  }

  /** The full result of one statement (columns with Snowflake types); `role` defaults to the thread's. */
  async run(sql: string, binds: unknown[] = [], role?: SessionRole): Promise<StatementResult> {
    const value = await this.request({ op: 'run', sql, binds, ...(role ? { role } : {}) });
    const parsed = statementResultSchema.safeParse(value);
    if (!parsed.success)
      throw new WarehouseError('LOCAL_THREAD', 'The local thread answered a malformed result.');
    return parsed.data;
  }

  async queryWithColumns(sql: string): Promise<Pick<StatementResult, 'columns' | 'rows'>> {
    const { columns, rows } = await this.run(sql);
    return { columns, rows };
  }

  async installApprovers(approvers: readonly ApproverEntry[]): Promise<void> {
    await this.request({ op: 'installApprovers', approvers: [...approvers] });
  }

  /** The same warehouse seen through another role, as LocalWarehouse.asRole. */
  asRole(role: SessionRole): RoleView {
    return roleView(
      (sql, binds) => this.run(sql, binds, role),
      (procedure, args) => this.request({ op: 'call', procedure, args, role }),
    );
  }

  /** The local agent, running on this thread with its tools and thread state on this warehouse. */
  localAgent(): Agent {
    return new ThreadedAgent(this);
  }

  /** Closes DuckDB on the thread and ends it; terminates it if that takes longer than CLOSE_GRACE_MS. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.dead) {
        const closed = this.request({ op: 'close' }).catch((err: Error) => {
          this.logger?.warn({ err: err.message }, 'local thread: close failed');
        });
        const grace = new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref());
        await Promise.race([closed, grace]);
      }
      this.die('the local warehouse is closed', 'LOCAL_CLOSED');
      await this.worker.terminate();
    })();
    return this.closing;
  }

  /** Sends one request and resolves with its result value. */
  request(message: OutgoingRequest): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ ...message, id } as ThreadRequest);
    });
  }

  /** Starts an agent turn; its events, end or failure go to `listener`. Returns the turn's id (to abort it). */
  stream(message: Unnumbered<Extract<ThreadRequest, { op: 'agentRun' }>>, listener: StreamListener): number {
    const id = this.nextId++;
    if (this.dead) {
      listener.fail(this.dead);
      return id;
    }
    this.streams.set(id, listener);
    this.post({ ...message, id });
    return id;
  }

  abortTurn(id: number): void {
    if (!this.dead && this.streams.has(id)) this.post({ op: 'agentAbort', id });
  }

  private post(message: ThreadRequest): void {
    // The thread keeps the process alive only while it owes an answer (a CLI command waiting on it must not exit).
    this.worker.ref();
    this.worker.postMessage(message);
  }

  private settled(): void {
    if (this.waiting.size === 0 && this.streams.size === 0) this.worker.unref();
  }

  private receive(message: unknown): void {
    const parsed = replySchema.safeParse(message);
    if (!parsed.success) {
      this.logger?.error(
        { issues: parsed.error.issues.slice(0, 3) },
        'local thread: malformed answer ignored',
      );
      return;
    }
    const reply: ThreadReply = parsed.data;
    if (reply.type === 'ready') return;
    if (reply.id === undefined) return;
    const waiting = this.waiting.get(reply.id);
    if (waiting) {
      this.waiting.delete(reply.id);
      if (reply.type === 'result') waiting.resolve(reply.value);
      else if (reply.type === 'failure') waiting.reject(threadError(reply.error));
      this.settled();
      return;
    }
    const stream = this.streams.get(reply.id);
    if (!stream) return;
    if (reply.type === 'agentEvent') stream.event(reply.event);
    else {
      this.streams.delete(reply.id);
      if (reply.type === 'agentEnd') stream.end();
      else if (reply.type === 'failure') stream.fail(threadError(reply.error));
      this.settled();
    }
  }

  /** Fails everything in flight and everything after: nothing waits on a thread that will not answer. */
  private die(reason: string, code = 'LOCAL_THREAD'): void {
    if (!this.dead) {
      this.dead = new WarehouseError(code, `The local warehouse cannot answer: ${reason}.`);
      if (code === 'LOCAL_THREAD') this.logger?.error({ reason }, 'local thread stopped');
    }
    const error = this.dead;
    for (const w of this.waiting.values()) w.reject(error);
    for (const s of this.streams.values()) s.fail(error);
    this.waiting.clear();
    this.streams.clear();
    this.worker.unref();
  }
}

/** `.ts` when running from the sources, `.js` when compiled. */
function extensionOf(url: string): string {
  return url.endsWith('.ts') ? '.ts' : '.js';
}
