/**
 * Issue 17, point 7: Avro reads in the embedded warehouse through avsc. The sample file is written here with
 * avsc's encoder (the standard object container format, deflate-compressed), then the whole flow runs: schema
 * inference through the stage, the table proposed and created, and the checks reading rows.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import avsc from 'avsc';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { type LocalStack, startLocalStack } from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const SCHEMA = {
  type: 'record',
  name: 'Reading',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'sensor', type: 'string' },
    { name: 'celsius', type: ['null', 'double'] },
    { name: 'taken_on', type: { type: 'int', logicalType: 'date' } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
  ],
};

async function writeAvro(file: string, records: unknown[]): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  // A registered logical type keeps `logicalType: date` in the header; values stay days since 1970.
  class DateType extends avsc.types.LogicalType {
    override _fromValue(v: unknown) {
      return v;
    }
    override _toValue(v: unknown) {
      return v;
    }
  }
  const type = avsc.Type.forSchema(SCHEMA as avsc.Schema, { logicalTypes: { date: DateType } });
  await new Promise<void>((resolve, reject) => {
    const encoder = avsc.createFileEncoder(file, type, { codec: 'deflate' });
    encoder.on('error', reject);
    encoder.on('finish', () => resolve());
    // The file stream closes after the encoder flushes.
    (encoder as unknown as { on(e: string, f: () => void): void }).on('end', () => resolve());
    for (const r of records) encoder.write(r);
    encoder.end();
  });
  // Wait until the file is complete on disk.
  for (let i = 0; i < 100; i++) {
    try {
      await new Promise<void>((resolve, reject) =>
        avsc
          .createFileDecoder(file)
          .on('data', () => undefined)
          .on('end', resolve)
          .on('error', reject),
      );
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function plans(reply: RecordingReply): PlanView[] {
  return reply.messages.flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : []));
}

describe('Avro in the embedded warehouse', () => {
  it('infers the columns, creates the table and reads its rows', async () => {
    stack = await startLocalStack();
    const day = (iso: string) => Math.round(Date.parse(iso) / 86_400_000);
    await writeAvro(path.join(stack.storageDir, 's3', 'acme-avro', 'readings', 'part-0.avro'), [
      { id: 1, sensor: 'north', celsius: 21.5, taken_on: day('2026-11-01'), tags: ['a'] },
      { id: 2, sensor: 'south', celsius: null, taken_on: day('2026-11-02'), tags: [] },
      { id: 3, sensor: 'east', celsius: 19.25, taken_on: day('2026-11-03'), tags: ['b', 'c'] },
    ]);
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      {
        thread: { channel: 'local', id: 'avro' },
        user: { channel: 'local', id: 'alice' },
        text: 'Avro files in s3://acme-avro/readings/, infer the columns. Role arn:aws:iam::123456789012:role/snowflake',
      },
      reply,
    );
    const approve = async (plan: PlanView) => {
      const out = await stack!.core.decide(
        {
          pipelineId: plan.pipelineId,
          hash: plan.hash,
          verb: 'approve',
          user: { channel: 'local', id: 'bob' },
        },
        reply,
      );
      if (out.kind !== 'accepted') throw new Error(out.reason);
      return out.completion;
    };
    expect((await approve(plans(reply).at(-1)!))?.status).toBe('SUCCESS');
    const step2 = plans(reply).at(-1)!;
    const table = step2.statements.find((s) => s.kind === 'EXTERNAL_TABLE')!;
    expect(table.inferred?.columns.map((c) => [c.name, c.type])).toEqual([
      ['ID', 'NUMBER(38,0)'],
      ['SENSOR', 'VARCHAR'],
      ['CELSIUS', 'FLOAT'],
      ['TAKEN_ON', 'DATE'],
      ['TAGS', 'ARRAY'],
    ]);
    expect(table.inferred?.columns.find((c) => c.name === 'SENSOR')?.examples).toContain('north');
    expect((await approve(step2))?.status).toBe('SUCCESS');
    const rows = await stack.warehouse.query<Record<string, unknown>>(
      'SELECT ID, SENSOR, CELSIUS FROM LEILA_APP.PUBLIC.ACME_AVRO_READINGS_EXT ORDER BY ID',
    );
    expect(rows.map((r) => [Number(r.ID), r.SENSOR, r.CELSIUS === null ? null : Number(r.CELSIUS)])).toEqual([
      [1, 'north', 21.5],
      [2, 'south', null],
      [3, 'east', 19.25],
    ]);
    const checks = reply.messages
      .map((m) => m.message)
      .filter((m) => m.kind === 'verification')
      .at(-1);
    expect(checks?.kind === 'verification' && checks.verification.ok).toBe(true);
  });

  it('a file that is not Avro gets a clear error, not a crash', async () => {
    stack = await startLocalStack();
    const dir = path.join(stack.storageDir, 's3', 'acme-avro', 'bad');
    mkdirSync(dir, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'part-0.avro'), 'this is not avro');
    await stack.admin.execute(
      "CREATE STORAGE INTEGRATION BAD_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/x' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://acme-avro/bad/')",
    );
    await stack.admin.execute('CREATE FILE FORMAT BAD_AVRO TYPE = AVRO');
    await stack.admin.execute(
      "CREATE STAGE BAD_STAGE URL = 's3://acme-avro/bad/' STORAGE_INTEGRATION = BAD_INT FILE_FORMAT = (FORMAT_NAME = 'BAD_AVRO')",
    );
    await expect(
      stack.warehouse.query(
        "SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '@BAD_STAGE', FILE_FORMAT => 'BAD_AVRO'))",
      ),
    ).rejects.toThrow(/cannot read s3:\/\/acme-avro\/bad\/part-0\.avro as AVRO/);
  });
});
