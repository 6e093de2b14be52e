/**
 * The warehouse's side of procedure execution (on the main thread, or on the local thread when the warehouse runs there): a small pool of worker threads (see workerSource.ts), each running
 * one CALL at a time. Statements a procedure issues arrive here and run on the owning warehouse; the answer goes
 * back over the worker's MessagePort and wakes it through the shared flag.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { WarehouseError } from '../../../../bot/core/contracts.js';
import { WORKER_SOURCE } from './workerSource.js';

export interface StatementAnswer {
  columns: string[];
  rows: unknown[][];
  rowsAffected: number;
  queryId: string;
}

export interface ProcedureCall {
  name: string;
  body: string;
  /** Argument variables, already named in upper case. */
  args: Record<string, unknown>;
  /** Whose privileges the statements of this call run with (the owner's, or the caller's role). */
  runAs: string;
}

/** Runs one statement a procedure issued, with the privileges of the call that issued it. */
type StatementRunner = (sqlText: string, binds: unknown[], call: ProcedureCall) => Promise<StatementAnswer>;

interface Slot {
  /** The call this worker is running; every statement it sends belongs to it. */
  current?: ProcedureCall;
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  busy: boolean;
  calls: number;
}

const RECYCLE_AFTER_CALLS = 200;

interface Pending {
  call: ProcedureCall;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface ProcedureHostOptions {
  poolSize?: number;
  /** Whole CALL limit; the worker is terminated and replaced when it passes. */
  callTimeoutMs?: number;
  statementTimeoutMs?: number;
}

function snowflakeCode(code: string): number | string {
  return /^\d+$/.test(code) ? Number(code) : code;
}

export class ProcedureHost {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;
  private nextId = 1;
  private readonly poolSize: number;
  private readonly callTimeoutMs: number;
  private readonly statementTimeoutMs: number;

  constructor(
    private readonly runStatement: StatementRunner,
    opts: ProcedureHostOptions = {},
  ) {
    // One worker: every statement is serialized through DuckDB anyway, and each extra V8 isolate costs ~35 MB of RSS.
    this.poolSize = opts.poolSize ?? 1;
    this.callTimeoutMs = opts.callTimeoutMs ?? 120_000;
    this.statementTimeoutMs = opts.statementTimeoutMs ?? 60_000;
  }

  call(call: ProcedureCall): Promise<unknown> {
    if (this.closed)
      return Promise.reject(new WarehouseError('LOCAL_CLOSED', 'The local warehouse is closed.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const sab = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sab, port: port2, statementTimeoutMs: this.statementTimeoutMs },
      transferList: [port2],
      // A small young generation: each call's fresh context is garbage at once, and V8's default nursery (tens of
      // MB) would otherwise stay resident for nothing.
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 4 },
    });
    worker.unref();
    const slot: Slot = { worker, port: port1, flag: new Int32Array(sab), busy: false, calls: 0 };
    worker.on('message', (msg: { type: string; sqlText?: string; binds?: unknown[] }) => {
      if (msg.type === 'sql') void this.answer(slot, msg.sqlText ?? '', msg.binds ?? []);
    });
    this.slots.push(slot);
    return slot;
  }

  private async answer(slot: Slot, sqlText: string, binds: unknown[]): Promise<void> {
    let reply: unknown;
    try {
      if (!slot.current) throw new WarehouseError('100000', 'A procedure statement arrived outside a CALL.');
      reply = await this.runStatement(sqlText, binds, slot.current);
    } catch (err) {
      const e = err instanceof WarehouseError ? err : new WarehouseError('100000', String(err));
      reply = { error: { code: snowflakeCode(e.code), state: e.sqlState ?? '', message: e.message } };
    }
    slot.port.postMessage(reply);
    Atomics.store(slot.flag, 0, 1);
    Atomics.notify(slot.flag, 0);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.poolSize) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Pending;
      this.run(slot, job);
    }
  }

  private run(slot: Slot, job: Pending): void {
    slot.busy = true;
    slot.current = job.call;
    const id = this.nextId++;
    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.worker.off('exit', onExit);
      slot.busy = false;
      slot.current = undefined;
      // Every call gets a fresh vm context; a worker is recycled now and then so their memory goes back to the OS.
      if (++slot.calls >= RECYCLE_AFTER_CALLS) replace();
      this.pump();
    };
    const replace = (): void => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.port.close();
      void slot.worker.terminate();
    };
    const onMessage = (msg: {
      type: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { message: string; stack: string };
    }): void => {
      if (msg.type !== 'done' || msg.id !== id || settled) return;
      finish();
      if (msg.ok) job.resolve(msg.result ?? null);
      else job.reject(uncaught(job.call.name, msg.error?.message ?? 'unknown error', msg.error?.stack ?? ''));
    };
    const onError = (err: Error): void => {
      if (settled) return;
      finish();
      replace();
      job.reject(uncaught(job.call.name, err.message, err.stack ?? ''));
    };
    const onExit = (): void => {
      if (settled) return;
      finish();
      replace();
      job.reject(uncaught(job.call.name, 'the procedure worker exited', ''));
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      replace();
      job.reject(
        new WarehouseError(
          '100132',
          `JavaScript execution error: ${job.call.name} exceeded the local time limit of ${this.callTimeoutMs} ms and was cancelled.`,
          {
            sqlState: 'P0000',
          },
        ),
      );
    }, this.callTimeoutMs);
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.on('exit', onExit);
    slot.worker.postMessage({
      type: 'call',
      id,
      name: job.call.name,
      body: job.call.body,
      args: job.call.args,
      timeoutMs: this.callTimeoutMs,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.reject(new WarehouseError('LOCAL_CLOSED', 'The local warehouse is closed.'));
    await Promise.all(
      this.slots.splice(0).map(async (s) => {
        s.port.close();
        await s.worker.terminate();
      }),
    );
  }
}

function uncaught(name: string, message: string, stack: string): WarehouseError {
  const where = /at (?:.*? \()?([A-Z_]+\.js):(\d+):(\d+)/.exec(stack);
  const pos = where ? ` at '${where[1]}' line ${Number(where[2]) - 1} position ${where[3]}` : '';
  return new WarehouseError('100132', `JavaScript execution error: Uncaught ${message} in ${name}${pos}.`, {
    sqlState: 'P0000',
  });
}
