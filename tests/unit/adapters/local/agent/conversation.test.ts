/** Questions, event protocol, reset, abort, generator errors and the thread-state store. */
import { describe, expect, it } from 'vitest';
import {
  InMemoryThreadStateStore,
  LocalAgent,
  type ThreadState,
} from '../../../../../adapters/local/agent/index.js';
import { HELP_TEXT } from '../../../../../adapters/local/agent/questions.js';
import { type AgentEvent, agentEventSchema } from '../../../../../bot/core/contracts.js';
import { ARN, collect, converse, lastTurn, realGenerators, TENANT, user } from './harness.js';

const Q = {
  location:
    'Where are the files? Give the folder URL, e.g. s3://my-bucket/path/, gcs://my-bucket/path/ or azure://myaccount.blob.core.windows.net/mycontainer/path/',
  format: 'What format are the files in: CSV, JSON, Parquet, Avro or ORC?',
  arn: 'Which IAM role should Snowflake assume? Give its ARN, e.g. arn:aws:iam::123456789012:role/snowflake-access',
  tenant:
    'What is your Azure tenant id? Give the GUID (Microsoft Entra ID → Overview), e.g. 1a2b3c4d-1111-2222-3333-123456789abc',
  columns:
    'Which columns do the files have, in order? Give names and, if you know them, types, e.g. id int, name, amount decimal(10,2), created_at timestamp — or paste the header line.',
  header: 'Does the first line of each file hold the column names (a header row)? Answer yes or no.',
  headerOrColumns:
    'Does the first line of each file hold the column names (a header row)? If yes, I can infer the columns: I propose the access objects first and, once they are approved, the bot reads a few sample files and proposes the table. If not, list the columns in order, e.g. id int, name, amount decimal(10,2), created_at timestamp.',
  layout:
    'How are the dates laid out in the path? Give an example folder URL, e.g. s3://my-bucket/events/dt=2024-01-01/ or s3://my-bucket/events/2024/01/15/',
};

describe('clarifying questions (one at a time, fixed priority)', () => {
  const cases: [string, string[], string][] = [
    ['greeting → what it needs', ['hi'], HELP_TEXT],
    ['help → what it needs', ['what can you do?'], HELP_TEXT],
    [
      'nothing recognisable',
      ['what is the weather like in Berlin?'],
      `I did not find a storage location, format or columns in that.\n${HELP_TEXT}`,
    ],
    // A request to load files with no fact yet gets the first question, not the whole help text.
    ['a request without facts → asks where the files are', ['I want to load some data'], Q.location],
    ['format alone → asks the location', ['my files are parquet'], `Noted: format PARQUET.\n${Q.location}`],
    [
      'S3 URL alone → asks the format',
      ['s3://acme-data/raw/'],
      `Noted: location s3://acme-data/raw/ (S3).\n${Q.format}`,
    ],
    [
      'S3 + CSV → asks the role ARN',
      ['csv files in s3://acme-data/raw/'],
      `Noted: location s3://acme-data/raw/ (S3); format CSV.\n${Q.arn}`,
    ],
    [
      'S3GOV → the ARN example uses the GovCloud partition',
      ['json in s3gov://agency-data/x/'],
      'Noted: location s3gov://agency-data/x/ (S3GOV); format JSON.\nWhich IAM role should Snowflake assume? Give its ARN, e.g. arn:aws-us-gov:iam::123456789012:role/snowflake-access',
    ],
    // The header row is no longer asked (it is assumed and stated on the plan); only a headerless CSV without
    // columns still needs the columns, since nothing can be read from the files.
    [
      'S3 headerless CSV + ARN without columns → asks for the columns',
      [`headerless csv s3://acme-data/raw/ ${ARN}`],
      `Noted: location s3://acme-data/raw/ (S3); format CSV; no header row; role ${ARN}.\nWithout a header row the column names cannot be read from the files, so I need them. ${Q.columns}`,
    ],
    [
      'Azure + Parquet → asks the tenant id',
      ['parquet at azure://acct01.blob.core.windows.net/c1/p/'],
      `Noted: location azure://acct01.blob.core.windows.net/c1/p/ (Azure); format PARQUET.\n${Q.tenant}`,
    ],
    [
      'bucket without cloud → asks which cloud',
      ['bucket acme-raw, prefix raw/orders, csv'],
      'Noted: bucket acme-raw, prefix raw/orders; format CSV.\nWhich cloud is bucket acme-raw on: S3 or GCS?',
    ],
    [
      'GCS JSON with columns, partitioned by date without a layout → asks for it',
      ['gcs://web-logs/access/ json, partitioned by date, columns ip, path'],
      `Noted: location gcs://web-logs/access/ (GCS); format JSON; columns ip VARCHAR, path VARCHAR.\n${Q.layout}`,
    ],
    [
      'an unreadable answer repeats the pending question',
      ['s3://acme-data/raw/', 'hmm, not sure'],
      `Sorry, I didn't catch that. ${Q.format}`,
    ],
    [
      'a user ARN instead of a role ARN is explained, and the role asked again',
      [`csv s3://acme-data/raw/`, 'arn:aws:iam::123456789012:user/bob'],
      `arn:aws:iam::123456789012:user/bob is not an IAM role ARN; Snowflake needs a role, e.g. arn:aws:iam::123456789012:role/snowflake-access.\n${Q.arn}`,
    ],
    [
      'after a plan, chit-chat asks for a change',
      ['orc gs://acme-gcs/p/', 'ok so what now'],
      'I did not find a change in that. Tell me what to change, e.g. "use | as delimiter", "add a column status", "call the table orders_ext", or say "start over".',
    ],
    [
      'thanks mid-way repeats what is next',
      ['s3://acme-data/raw/', 'thanks'],
      `You're welcome.\nNext: ${Q.format}`,
    ],
  ];
  it.each(cases)('%s', async (_name, turns, expected) => {
    const result = await lastTurn(turns);
    expect(result.text).toBe(expected);
    expect(result.calls).toEqual([]);
  });
});

describe('edit notes', () => {
  it('removing an unknown column says so, and the plan is regenerated unchanged', async () => {
    const [first, second] = await converse(['parquet gs://acme-gcs/p/ columns a1, b1', 'remove column zz']);
    expect(second!.text).toBe(
      'There is no column zz to remove.\nUpdated plan for gcs://acme-gcs/p/ (PARQUET), 4 statements:\n1. Storage integration ACME_GCS_INT\n2. File format ACME_GCS_P_PARQUET_FORMAT\n3. Stage ACME_GCS_P_STAGE\n4. External table ACME_GCS_P_EXT\nNote: AUTO_REFRESH is off: run ALTER EXTERNAL TABLE ACME_GCS_P_EXT REFRESH to pick up new files.\nNothing has been created yet: the plan runs only after an approver approves it. Tell me what to change (e.g. "call the table orders_ext") or say "start over".\nAssumed column types from their names: a1 VARCHAR, b1 VARCHAR — say e.g. "make a1 number" to change.',
    );
    expect(second!.calls).toEqual(first!.calls);
  });
});

describe('event protocol', () => {
  it('emits status, tool_use/tool_result pairs in order, text deltas and done with the full text', async () => {
    // Columns given: the one-plan flow with all four generators (the inference flow is in inference.test.ts).
    const [result] = await converse([`parquet at gs://acme-gcs/events/ columns id, name`]);
    const events = result!.events;
    for (const e of events) expect(agentEventSchema.safeParse(e).success).toBe(true);
    const types = events.map((e) => e.type);
    const firstText = types.indexOf('text');
    expect(types.slice(0, firstText)).toEqual([
      'status',
      'status',
      'tool_use',
      'tool_result',
      'tool_use',
      'tool_result',
      'tool_use',
      'tool_result',
      'tool_use',
      'tool_result',
    ]);
    expect(
      types.slice(firstText).every((t, i, all) => (i === all.length - 1 ? t === 'done' : t === 'text')),
    ).toBe(true);
    const uses = events.filter((e) => e.type === 'tool_use');
    const results = events.filter((e) => e.type === 'tool_result');
    expect(uses.map((u) => u.tool)).toEqual([
      'GENERATE_STORAGE_INTEGRATION_DDL',
      'GENERATE_FILE_FORMAT_DDL',
      'GENERATE_EXTERNAL_STAGE_DDL',
      'GENERATE_EXTERNAL_TABLE_DDL',
    ]);
    expect(results.map((r) => r.id)).toEqual(uses.map((u) => u.id));
    expect(new Set(uses.map((u) => u.id)).size).toBe(4);
    expect(results.every((r) => r.ok)).toBe(true);
    const deltas = events.flatMap((e) => (e.type === 'text' ? [e.delta] : []));
    const done = events[events.length - 1] as Extract<AgentEvent, { type: 'done' }>;
    expect(deltas.join('')).toBe(done.text);
    expect(done.text).toContain('Nothing has been created yet');
    expect(done.text).not.toMatch(/\b(created|executed|ran)\b(?! yet)/i);
  });

  it('a question turn has no tool events', async () => {
    const [result] = await converse(['s3://acme-data/raw/']);
    expect(result!.events.map((e) => e.type)).toEqual(['status', 'text', 'text', 'done']);
  });

  it('tool_use ids differ between the first plan and an edited plan', async () => {
    const [first, second] = await converse(['orc gs://acme-gcs/p/ columns a1', 'call the table p_ext']);
    const ids = (r: typeof first) => r!.events.flatMap((e) => (e.type === 'tool_use' ? [e.id] : []));
    expect(ids(first)).toEqual(['local-1-1', 'local-1-2', 'local-1-3', 'local-1-4']);
    expect(ids(second)).toEqual(['local-2-1', 'local-2-2', 'local-2-3', 'local-2-4']);
    expect(
      second!.text.startsWith('Noted: table name p_ext.\nUpdated plan for gcs://acme-gcs/p/ (ORC)'),
    ).toBe(true);
  });
});

describe('cancel and start over', () => {
  it('"cancel" forgets the thread; the next turn starts from nothing', async () => {
    const store = new InMemoryThreadStateStore();
    const results = await converse([`csv s3://acme-data/raw/ ${ARN}`, 'cancel', 'columns id, name'], {
      store,
    });
    expect(results[1]!.text).toBe(
      `OK, I cleared everything in this conversation. Let's start over.\n${HELP_TEXT}`,
    );
    expect(results[2]!.text).toBe(`Noted: columns id NUMBER, name VARCHAR.\n${Q.location}`);
  });

  it('"start over with …" resets and reads the rest of the message', async () => {
    const result = await lastTurn([
      'csv s3://acme-data/raw/',
      `let's start over: parquet in gs://acme-gcs/new/`,
    ]);
    expect(
      result.text.startsWith(
        'Starting over.\nNoted: location gcs://acme-gcs/new/ (GCS); format PARQUET.\nPlan for',
      ),
    ).toBe(true);
    expect(result.calls[0]).toEqual({
      tool: 'GENERATE_STORAGE_INTEGRATION_DDL',
      input: { cloud_provider: 'GCS', allowed_locations: ['gcs://acme-gcs/new/'] },
    });
  });

  it('reset removes the stored state', async () => {
    const store = new InMemoryThreadStateStore();
    await converse(['s3://acme-data/raw/', 'start over'], { store });
    expect(store.size).toBe(0);
  });
});

describe('abort', () => {
  it('an already-aborted signal yields only an aborted error', async () => {
    const agent = new LocalAgent({ callTool: realGenerators });
    const ac = new AbortController();
    ac.abort();
    const events = await collect(
      agent.run({ thread: { channel: 'local', id: 'a1' }, user, text: 'hi', signal: ac.signal }),
    );
    expect(events).toEqual([
      {
        type: 'error',
        code: 'aborted',
        message: 'The request was cancelled before it finished.',
        retryable: false,
      },
    ]);
  });

  it('aborting while a generator runs stops the turn and keeps the previous state', async () => {
    const ac = new AbortController();
    const store = new InMemoryThreadStateStore();
    let calls = 0;
    const agent = new LocalAgent({
      store,
      callTool: (tool, input) => {
        calls++;
        if (calls === 2) {
          ac.abort();
          return new Promise(() => {}); // never settles: only the abort can end the wait
        }
        return realGenerators(tool, input);
      },
    });
    const thread = { channel: 'local' as const, id: 'a2' };
    const events = await collect(
      agent.run({ thread, user, text: 'orc gs://acme-gcs/p/', signal: ac.signal }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'status',
      'status',
      'tool_use',
      'tool_result',
      'tool_use',
      'error',
    ]);
    expect(events[events.length - 1]).toMatchObject({ type: 'error', code: 'aborted', retryable: false });
    expect(await store.get('local:a2')).toBeUndefined();
  });
});

describe('generator errors', () => {
  it('an invalid column type from the user is refused by the table generator and reported', async () => {
    const result = await lastTurn([`avro gs://acme-gcs/p/ columns id, price decimal(50,2)`]);
    const last = result.events.filter((e) => e.type === 'tool_result').at(-1)!;
    expect(last).toMatchObject({ tool: 'GENERATE_EXTERNAL_TABLE_DDL', ok: false });
    expect(result.ddl).toHaveLength(3);
    expect(result.text).toContain('The external table could not be generated:\n• ');
    expect(result.text).toContain('precision must be between 1 and 38, got 50');
    expect(
      result.text.endsWith(
        'Tell me the fix, e.g. "make amount decimal(10,2)", "rename column x to y" or "remove column x".',
      ),
    ).toBe(true);
  });

  it('a refused role ARN is forgotten and asked again; the corrected one produces the plan', async () => {
    const refusing = async (tool: Parameters<typeof realGenerators>[0], input: Record<string, unknown>) =>
      tool === 'GENERATE_STORAGE_INTEGRATION_DDL' && input['aws_role_arn'] === ARN
        ? {
            ok: false,
            error: {
              message: 'invalid input',
              issues: [{ path: 'aws_role_arn', message: 'role not allowed here' }],
            },
          }
        : realGenerators(tool, input);
    const results = await converse(
      [`parquet s3://acme-data/p/ ${ARN}`, 'arn:aws:iam::210987654321:role/other'],
      { callTool: refusing },
    );
    expect(results[0]!.text).toBe(
      `Noted: location s3://acme-data/p/ (S3); format PARQUET; role ${ARN}.\nThe storage integration could not be generated:\n• role not allowed here\n${Q.arn}`,
    );
    expect(results[0]!.calls).toHaveLength(1);
    expect(results[1]!.calls[0]!.input).toEqual({
      cloud_provider: 'S3',
      allowed_locations: ['s3://acme-data/p/'],
      aws_role_arn: 'arn:aws:iam::210987654321:role/other',
    });
    // No columns: the corrected ARN completes the inference flow's access plan (three statements).
    expect(results[1]!.ddl).toHaveLength(3);
  });

  it('a database without a schema is refused as schema_name; placement is asked again and then passed on', async () => {
    const results = await converse([
      'orc gs://acme-gcs/p/ in database RAW',
      'in database RAW, schema LANDING',
    ]);
    expect(results[0]!.calls.map((c) => c.tool)).toEqual([
      'GENERATE_STORAGE_INTEGRATION_DDL',
      'GENERATE_FILE_FORMAT_DDL',
    ]);
    expect(results[0]!.calls[1]!.input).toMatchObject({ database_name: 'RAW' });
    expect(results[0]!.text).toContain('schema_name is required when database_name is given');
    expect(
      results[0]!.text.endsWith(
        'Which database and schema should hold the objects? e.g. "in database RAW, schema PUBLIC".',
      ),
    ).toBe(true);
    for (const call of results[1]!.calls.slice(1)) {
      expect(call.input).toMatchObject({ database_name: 'RAW', schema_name: 'LANDING' });
    }
    expect(results[1]!.ddl).toHaveLength(3);
    expect(results[1]!.ddl[2]).toContain('CREATE STAGE RAW.LANDING.');
  });

  it('a generator result delivered as JSON text (a VARCHAR) is accepted', async () => {
    const asText = async (tool: Parameters<typeof realGenerators>[0], input: Record<string, unknown>) =>
      JSON.stringify(await realGenerators(tool, input));
    const result = await lastTurn(['orc gs://acme-gcs/p/'], { callTool: asText });
    expect(result.ddl).toHaveLength(3);
    expect(result.ddl[1]).toBe('CREATE FILE FORMAT ACME_GCS_P_ORC_FORMAT\n  TYPE = ORC');
  });

  it('a failing call (warehouse down) ends with a retryable error event', async () => {
    const failing = async () => {
      throw new Error('connection refused');
    };
    const [result] = await converse(['orc gs://acme-gcs/p/'], { callTool: failing });
    expect(result!.events.slice(-2)).toEqual([
      {
        type: 'tool_result',
        id: 'local-1-1',
        tool: 'GENERATE_STORAGE_INTEGRATION_DDL',
        ok: false,
        output: { ok: false, error: { message: 'connection refused', issues: [] } },
      },
      {
        type: 'error',
        code: 'tool_failed',
        message: 'GENERATE_STORAGE_INTEGRATION_DDL failed: connection refused',
        retryable: true,
      },
    ]);
  });
});

describe('thread state', () => {
  it('keeps threads apart and stores JSON-serialisable state in the given store', async () => {
    const saved: Record<string, string> = {};
    const store = {
      get: async (k: string) => (saved[k] === undefined ? undefined : (JSON.parse(saved[k]!) as ThreadState)),
      set: async (k: string, s: ThreadState) => {
        saved[k] = JSON.stringify(s);
      },
      delete: async (k: string) => {
        delete saved[k];
      },
    };
    const agent = new LocalAgent({ callTool: realGenerators, store });
    const signal = new AbortController().signal;
    await collect(
      agent.run({ thread: { channel: 'slack', id: 'T1:C1:1.0' }, user, text: 'gs://acme-gcs/a/', signal }),
    );
    await collect(
      agent.run({
        thread: { channel: 'teams', id: 'conv-9' },
        user,
        text: `azure://acct01.blob.core.windows.net/c1/ tenant ${TENANT}`,
        signal,
      }),
    );
    expect(Object.keys(saved).sort()).toEqual(['slack:T1:C1:1.0', 'teams:conv-9']);
    expect(JSON.parse(saved['slack:T1:C1:1.0']!)).toEqual({
      facts: { cloud: 'GCS', location: 'gcs://acme-gcs/a/', csv: {}, names: {} },
      pending: 'format',
      plans: 0,
    });
    const next = await collect(
      agent.run({ thread: { channel: 'slack', id: 'T1:C1:1.0' }, user, text: 'avro', signal }),
    );
    expect(next.filter((e) => e.type === 'tool_use')).toHaveLength(3);
  });
});
