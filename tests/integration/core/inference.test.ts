import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalAgent } from '../../../adapters/local/agent/index.js';
import { SnowflakeWarehouse } from '../../../adapters/snowflake/index.js';
import type { BotCore } from '../../../bot/core/api.js';
import type { Warehouse } from '../../../bot/core/contracts.js';
import { createBotCore } from '../../../bot/core/index.js';
import type { PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import { createLogger } from '../../../bot/log/logger.js';
import { answerFromWarehouse, startFakeSnowflake } from '../../fakes/fake-snowflake.js';
import { type LocalStack, startLocalStack } from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await stack?.close();
  stack = undefined;
});

const alice = { channel: 'local' as const, id: 'alice' };
const bob = { channel: 'local' as const, id: 'bob' };
const ROLE = 'arn:aws:iam::123456789012:role/snowflake';

function plans(reply: RecordingReply): PlanView[] {
  return reply.messages.flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : []));
}

async function approve(core: BotCore, plan: PlanView, reply: RecordingReply) {
  const out = await core.decide(
    { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
    reply,
  );
  if (out.kind !== 'accepted') throw new Error(out.reason);
  return out.completion;
}

/** Two approved steps: access objects, then the table proposed from sample files; returns the second plan. */
async function inferFlow(core: BotCore, text: string, reply = new RecordingReply()) {
  await core.handleMessage({ thread: { channel: 'local', id: 'inf' }, user: alice, text }, reply);
  const step1 = plans(reply).at(-1)!;
  expect(step1.note).toMatch(/^Step 1 of 2/);
  expect(step1.statements.map((s) => s.kind)).toEqual(['STORAGE_INTEGRATION', 'FILE_FORMAT', 'STAGE']);
  expect((await approve(core, step1, reply))?.status).toBe('SUCCESS');
  const step2 = plans(reply).at(-1)!;
  expect(step2.pipelineId).not.toBe(step1.pipelineId);
  return { reply, step1, step2 };
}

describe('schema inference in two approved steps', () => {
  it('infers JSON columns with example values, and the created table returns rows in the checks', async () => {
    stack = await startLocalStack();
    const { reply, step2 } = await inferFlow(
      stack.core,
      `I have newline-delimited JSON files in s3://acme-sample/events/, infer the columns. Role ${ROLE}`,
    );
    expect(step2.note).toMatch(/^Step 2 of 2/);
    expect(step2.requestedBy).toBe('local:alice');
    const table = step2.statements.find((s) => s.kind === 'EXTERNAL_TABLE')!;
    expect(table.inferred?.files).toEqual(['events/events_2026-11.json']);
    expect(table.inferred?.columns.map((c) => [c.name, c.type])).toEqual([
      ['ID', 'VARCHAR'],
      ['KIND', 'VARCHAR'],
      ['USER', 'OBJECT'],
      ['TS', 'TIMESTAMP_NTZ'],
    ]);
    expect(table.inferred?.columns[1]?.examples.length).toBeGreaterThan(0);
    expect(table.sql).toContain('KIND VARCHAR AS (VALUE:"kind"::VARCHAR)');

    expect((await approve(stack.core, step2, reply))?.status).toBe('SUCCESS');
    const checks = reply.messages.filter((m) => m.message.kind === 'verification').at(-1)?.message;
    if (checks?.kind !== 'verification') throw new Error('no checks');
    expect(checks.verification.ok).toBe(true);
    expect(checks.verification.checks.find((c) => c.name === 'select_table')?.rows?.length).toBeGreaterThan(
      0,
    );
  });

  it('infers CSV columns through a PARSE_HEADER format and gives the table its own format that skips the header', async () => {
    stack = await startLocalStack();
    const { step1, step2 } = await inferFlow(
      stack.core,
      `I have CSV files with a header row in s3://acme-sample/orders/, infer the columns. Role ${ROLE}`,
    );
    expect(step1.statements[1]!.sql).toMatch(/PARSE_HEADER = TRUE/);
    expect(step2.statements.map((s) => s.kind)).toEqual(['FILE_FORMAT', 'EXTERNAL_TABLE']);
    expect(step2.statements[0]!.sql).toMatch(/SKIP_HEADER = 1/);
    const table = step2.statements[1]!;
    expect(table.inferred?.columns.map((c) => c.name)).toEqual([
      'ORDER_ID',
      'CUSTOMER',
      'AMOUNT',
      'ORDER_DATE',
    ]);
    // Three sample rows only show the narrowest fitting type; the table widens it so row ten still casts.
    expect(table.inferred?.columns.map((c) => [c.type, c.observed])).toEqual([
      ['NUMBER(38,0)', 'NUMBER(4,0)'],
      ['VARCHAR', 'VARCHAR'],
      ['NUMBER(38,2)', 'NUMBER(6,2)'],
      ['DATE', 'DATE'],
    ]);
    expect(table.sql).toContain('ORDER_ID NUMBER(38,0) AS (VALUE:c1::NUMBER(38,0))');
    expect(table.sql).toContain(`FORMAT_NAME = '${step2.statements[0]!.name}'`);
  });

  it('reads date partitions off key=value folders, and the created table returns them', async () => {
    stack = await startLocalStack();
    const { reply, step2 } = await inferFlow(
      stack.core,
      `Parquet files in s3://acme-sample/sales/, infer the columns. Role ${ROLE}`,
    );
    const table = step2.statements.find((s) => s.kind === 'EXTERNAL_TABLE')!;
    expect(table.sql).toMatch(
      /DATE DATE AS \(SPLIT_PART\(SPLIT_PART\(METADATA\$FILENAME, '\/', 2\), '=', 2\)::DATE\)/,
    );
    expect(table.sql).toMatch(/PARTITION BY \(DATE\)/);
    expect(table.inferred?.columns.find((c) => c.name === 'DATE')).toEqual({
      name: 'DATE',
      type: 'DATE',
      examples: ['2026-11-01', '2026-11-02'],
    });
    expect((await approve(stack.core, step2, reply))?.status).toBe('SUCCESS');
    const rows = await stack.warehouse.query<{ DATE: Date; N: number }>(
      `SELECT "DATE", COUNT(*) AS N FROM ${table.name} GROUP BY "DATE" ORDER BY "DATE"`,
    );
    expect(rows.map((r) => [new Date(r.DATE).toISOString().slice(0, 10), r.N])).toEqual([
      ['2026-11-01', 3],
      ['2026-11-02', 3],
    ]);
  });

  it('says plainly when the folder holds no files yet, and proposes nothing', async () => {
    stack = await startLocalStack();
    mkdirSync(path.join(stack.storageDir, 's3', 'acme-sample', 'incoming'), { recursive: true });
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      {
        thread: { channel: 'local', id: 'e' },
        user: alice,
        text: `Parquet files in s3://acme-sample/incoming/, detect the schema. Role ${ROLE}`,
      },
      reply,
    );
    const step1 = plans(reply).at(-1)!;
    await approve(stack.core, step1, reply);
    expect(plans(reply)).toHaveLength(1);
    const last = reply.messages.at(-1)?.message;
    expect(last).toMatchObject({ kind: 'error', title: 'I could not infer the columns yet' });
    if (last?.kind === 'error') expect(last.text).toMatch(/no files to infer columns from/);
  });

  it('runs the same INFER_SCHEMA flow over snowflake-sdk against the loopback fake Snowflake', async () => {
    stack = await startLocalStack();
    const fake = await startFakeSnowflake({
      pats: ['pat-infer'],
      answer: answerFromWarehouse(stack.warehouse),
    });
    const warehouse: Warehouse = new SnowflakeWarehouse({
      account: 'testacct',
      accessUrl: fake.accessUrl,
      user: 'SVC_DEA',
      database: 'LEILA_APP',
      schema: 'PUBLIC',
      auth: { kind: 'pat', token: 'pat-infer' },
    });
    cleanups.push(async () => {
      await warehouse.close();
      await fake.close();
    });
    const core = createBotCore({
      warehouse,
      agent: new LocalAgent({ callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)) }),
      logger: createLogger({ level: 'silent', pretty: false }),
      settings: {
        approvers: [],
        allowSelfApproval: false,
        openApproval: true,
        planTtlMs: 3_600_000,
        database: 'LEILA_APP',
        schema: 'PUBLIC',
      },
    });
    const { step2 } = await inferFlow(
      core,
      `Parquet files in s3://acme-sample/sales/, infer the columns. Role ${ROLE}`,
    );
    const table = step2.statements.find((s) => s.kind === 'EXTERNAL_TABLE')!;
    expect(table.inferred?.columns.length).toBeGreaterThan(0);
    expect(table.inferred?.files.every((f) => f.startsWith('sales/'))).toBe(true);
    const inferQueries = fake.queries.filter((q: { sqlText: string }) => q.sqlText.includes('INFER_SCHEMA'));
    expect(inferQueries.length).toBe(1);
    await core.idle();
  });
});
