/**
 * The embedded warehouse and the local agent on their own thread: the same answers and errors as in-process, and
 * no request left waiting when the thread dies or closes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadedLocalWarehouse } from '../../../../../adapters/local/thread/index.js';
import { type AgentEvent, agentEventSchema, WarehouseError } from '../../../../../bot/core/contracts.js';
import { approverEntries } from '../../../../../procedures/tracker/approvers.js';

const opened: { wh: ThreadedLocalWarehouse; dir: string }[] = [];

async function open(): Promise<ThreadedLocalWarehouse> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dea-thread-'));
  const wh = await ThreadedLocalWarehouse.open({
    path: ':memory:',
    storageDir: dir,
    role: 'bot',
    approvers: approverEntries([], false, true),
  });
  opened.push({ wh, dir });
  return wh;
}

afterEach(async () => {
  for (const { wh, dir } of opened.splice(0)) {
    await wh.close();
    await rm(dir, { recursive: true, force: true });
  }
});

const workerOf = (wh: ThreadedLocalWarehouse) => (wh as unknown as { worker: Worker }).worker;

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function turnEvents(wh: ThreadedLocalWarehouse, text: string, signal = new AbortController().signal) {
  const events: AgentEvent[] = [];
  for await (const e of wh.localAgent().run({
    thread: { channel: 'local', id: 'thread-1' },
    user: { channel: 'local', id: 'alice' },
    text,
    signal,
  }))
    events.push(e);
  return events;
}

describe('ThreadedLocalWarehouse', () => {
  it('answers with typed values and keeps Snowflake error codes across the thread', async () => {
    const wh = await open();
    const [row] = await wh.query<{ N: number; D: Date; V: unknown }>(
      "SELECT 250.50::NUMBER(10,2) AS N, TO_DATE('2026-11-01') AS D, PARSE_JSON('{\"a\":[1]}') AS V",
    );
    expect(row?.N).toBe(250.5);
    expect(row?.D).toBeInstanceOf(Date);
    expect(row?.V).toEqual({ a: [1] });
    const { columns } = await wh.queryWithColumns('SELECT 250.50::NUMBER(10,2) AS N');
    expect(columns).toEqual([{ name: 'N', type: 'NUMBER', scale: 2 }]);
    const error = await errorOf(wh.query('SELECT * FROM NO_SUCH_TABLE'));
    expect(error).toBeInstanceOf(WarehouseError);
    expect(error).toMatchObject({ code: '002003', sqlState: '02000' });
  });

  it("enforces the bot's grants there, and the owner's role passes them", async () => {
    const wh = await open();
    const refused = await errorOf(wh.execute('DELETE FROM DATA_PIPELINE_TRACKER'));
    expect(refused).toBeInstanceOf(WarehouseError);
    const owner = wh.asRole('owner');
    expect(await owner.execute('DELETE FROM DATA_PIPELINE_TRACKER')).toEqual({ rowsAffected: 0 });
  });

  it('runs a generator procedure and the local agent beside the warehouse', async () => {
    const wh = await open();
    const out = (await wh.call('GENERATE_FILE_FORMAT_DDL', ['CSV', 'MY_FMT'])) as {
      ok: boolean;
      ddl: string;
    };
    expect(out.ok).toBe(true);
    expect(out.ddl).toContain('CREATE FILE FORMAT MY_FMT');
    const events = await turnEvents(wh, 'CSV files with a header row in s3://acme-sample/orders/');
    for (const e of events) expect(agentEventSchema.safeParse(e).success).toBe(true);
    expect(events.at(-1)?.type).toBe('done');
    // The agent kept the thread's facts in this warehouse, where any replica would find them.
    const [state] = await wh.query<{ N: number }>(
      "SELECT COUNT(*) AS N FROM DEA_CONVERSATIONS WHERE CHANNEL = 'agent-state'",
    );
    expect(state?.N).toBe(1);
  });

  it('ends a cancelled turn with the aborted error event', async () => {
    const wh = await open();
    const controller = new AbortController();
    controller.abort();
    const events = await turnEvents(wh, 'CSV files in s3://acme-sample/orders/', controller.signal);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'aborted' });
  });

  it('fails what is in flight and everything after when the thread dies, instead of hanging', async () => {
    const wh = await open();
    const inFlight = errorOf(wh.query('SELECT 1 AS X'));
    const turn = errorOf(turnEvents(wh, 'CSV files in s3://acme-sample/orders/'));
    await workerOf(wh).terminate();
    for (const e of [await inFlight, await turn, await errorOf(wh.query('SELECT 1'))]) {
      expect(e).toBeInstanceOf(WarehouseError);
      expect((e as WarehouseError).code).toBe('LOCAL_THREAD');
    }
  });

  it('fails requests after close with LOCAL_CLOSED', async () => {
    const wh = await open();
    await wh.close();
    expect(await errorOf(wh.query('SELECT 1'))).toMatchObject({ code: 'LOCAL_CLOSED' });
  });

  it("rejects open with the warehouse's own error when the file is not a DuckDB database", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dea-thread-bad-'));
    const file = path.join(dir, 'warehouse.duckdb');
    await writeFile(file, 'this is not a database\n'.repeat(1000));
    try {
      const error = await errorOf(ThreadedLocalWarehouse.open({ path: file, storageDir: dir }));
      expect(error).toBeInstanceOf(WarehouseError);
      expect(error).toMatchObject({ code: 'LOCAL_OPEN' });
      expect((error as Error).message).toContain(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
