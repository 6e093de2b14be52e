import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CortexAgent, type CortexAgentOptions } from '../../../adapters/cortex/client.js';
import {
  OAuthTokenFileProvider,
  PatTokenProvider,
  type TokenProvider,
} from '../../../adapters/snowflake/tokens.js';
import type { AgentEvent, AgentTurn } from '../../../bot/core/contracts.js';
import * as fx from '../../fakes/cortex/fixtures.js';
import { FakeCortex } from '../../fakes/fake-cortex.js';

const AGENT = { database: 'LEILA_APP', schema: 'PUBLIC', name: 'DATA_ENGINEER_AGENT' };
const PAT = 'pat-secret-1';

let fake: FakeCortex;
let delays: number[];

beforeEach(async () => {
  fake = new FakeCortex({ tokens: { [PAT]: 'PROGRAMMATIC_ACCESS_TOKEN' } });
  await fake.start();
  delays = [];
});
afterEach(async () => {
  await fake.close();
});

function agent(over: Partial<CortexAgentOptions> = {}): CortexAgent {
  return new CortexAgent({
    baseUrl: fake.url,
    agent: AGENT,
    auth: new PatTokenProvider(PAT),
    retry: { attempts: 3, baseMs: 1 },
    timeouts: { overallMs: 10_000, idleMs: 5_000 },
    // Record the delays instead of spending them (Retry-After is asserted, not waited for).
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...over,
  });
}

function turn(over: Partial<AgentTurn> = {}): AgentTurn {
  return {
    thread: { channel: 'local', id: 't1' },
    user: { channel: 'local', id: 'alice' },
    text: 'I have CSV files in s3://acme/raw/',
    signal: new AbortController().signal,
    ...over,
  };
}

async function collect(it: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const sampleEvents = (threadId: string, messageId: string): AgentEvent[] => [
  { type: 'status', text: 'Planning the next steps' },
  {
    type: 'tool_use',
    id: 'toolu_01',
    tool: 'GENERATE_STORAGE_INTEGRATION_DDL',
    input: {
      cloud_provider: 'S3',
      integration_name: 'ACME_RAW_INT',
      aws_role_arn: 'arn:aws:iam::123456789012:role/acme-raw',
      allowed_locations: ['s3://acme/raw/'],
    },
  },
  { type: 'status', text: 'Calling GENERATE_STORAGE_INTEGRATION_DDL' },
  {
    type: 'tool_result',
    id: 'toolu_01',
    tool: 'GENERATE_STORAGE_INTEGRATION_DDL',
    ok: true,
    output: { ddl: fx.INTEGRATION_DDL, kind: 'STORAGE_INTEGRATION', name: 'ACME_RAW_INT', warnings: [] },
  },
  { type: 'status', text: 'Forming the answer' },
  { type: 'text', delta: 'Here is the storage integration ' },
  { type: 'text', delta: 'for s3://acme/raw/. Approve it to create it.' },
  { type: 'done', text: fx.SAMPLE_TEXT, agentThreadId: threadId, agentMessageId: messageId },
];

describe('CortexAgent against the fake Cortex server', () => {
  it('creates a thread, runs the agent and maps the sample stream exactly', async () => {
    fake.enqueue(fx.normal());
    const events = await collect(agent().run(turn()));
    expect(events).toEqual(sampleEvents('9000000001', '102'));

    const [thread] = fake.threadRequests();
    expect(thread?.body).toEqual({ origin_application: 'dea' });
    const [run] = fake.runRequests();
    expect(run?.headers.authorization).toBe(`Bearer ${PAT}`);
    expect(run?.headers['x-snowflake-authorization-token-type']).toBe('PROGRAMMATIC_ACCESS_TOKEN');
    expect(run?.headers.accept).toBe('text/event-stream');
    expect(run?.body).toEqual({
      thread_id: 9000000001,
      parent_message_id: 0,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'I have CSV files in s3://acme/raw/' }] }],
      tool_choice: { type: 'auto' },
    });
  });

  it('continues the thread on the next turn with the last assistant message as parent', async () => {
    fake.enqueue(fx.normal(), fx.twoTools(204), fx.elicitation(12));
    const a = agent();
    const first = (await collect(a.run(turn()))).at(-1);
    expect(first).toMatchObject({ type: 'done', agentThreadId: '9000000001', agentMessageId: '102' });
    const done = first as Extract<AgentEvent, { type: 'done' }>;

    const second = await collect(
      a.run(turn({ text: 'go on', agentThreadId: done.agentThreadId, agentMessageId: done.agentMessageId })),
    );
    expect(second.at(-1)).toMatchObject({ type: 'done', agentThreadId: '9000000001', agentMessageId: '204' });

    await collect(a.run(turn({ text: 'and?', agentThreadId: '9000000001', agentMessageId: '204' })));
    expect(fake.threadRequests()).toHaveLength(1);
    const bodies = fake.runRequests().map((r) => r.body as { thread_id: number; parent_message_id: number });
    expect(bodies.map((b) => [b.thread_id, b.parent_message_id])).toEqual([
      [9000000001, 0],
      [9000000001, 102],
      [9000000001, 204],
    ]);
  });

  it('keeps 64-bit thread and message ids exact on the wire', async () => {
    fake.enqueue(fx.normal());
    await collect(
      agent().run(turn({ agentThreadId: '9007199254740993', agentMessageId: '9007199254740995' })),
    );
    expect(fake.runRequests()[0]?.rawBody).toMatch(
      /^\{"thread_id":9007199254740993,"parent_message_id":9007199254740995,"messages"/,
    );
  });

  it('keeps a 64-bit assistant message id from the stream exact and sends it back as the parent', async () => {
    const big = '987654321987654321';
    expect(Number(big)).toBeGreaterThan(2 ** 53);
    fake.enqueue(fx.bigMessageId(big), fx.normal());
    const a = agent();
    const events = await collect(a.run(turn({ agentThreadId: '9000000001', agentMessageId: '5' })));
    expect(events).toContainEqual({ type: 'warning', text: 'The agent is close to its token budget.' });
    const done = events.at(-1) as Extract<AgentEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', agentMessageId: big });
    await collect(a.run(turn({ agentThreadId: done.agentThreadId, agentMessageId: done.agentMessageId })));
    expect(fake.runRequests()[1]?.rawBody).toMatch(
      /^\{"thread_id":9000000001,"parent_message_id":987654321987654321,"messages"/,
    );
  });

  it('accepts a thread id answered as a bare JSON string', async () => {
    await fake.close();
    fake = new FakeCortex({
      tokens: { [PAT]: 'PROGRAMMATIC_ACCESS_TOKEN' },
      threadIdAsString: true,
      firstThreadId: 77,
    });
    await fake.start();
    fake.enqueue(fx.elicitation(12));
    const events = await collect(agent().run(turn()));
    expect(events.at(-1)).toMatchObject({ type: 'done', agentThreadId: '77', agentMessageId: '12' });
  });

  it('maps several tools, ignores non-generator tools, separates text blocks and reports usage', async () => {
    fake.enqueue(fx.twoTools(204));
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '200' })));
    expect(events).toEqual([
      { type: 'status', text: 'Planning the next steps' },
      {
        type: 'tool_use',
        id: 't1',
        tool: 'GENERATE_FILE_FORMAT_DDL',
        input: { format_name: 'CSV_FMT', format_type: 'CSV' },
      },
      {
        type: 'tool_result',
        id: 't1',
        tool: 'GENERATE_FILE_FORMAT_DDL',
        ok: true,
        output: { ok: true, ddl: 'CREATE FILE FORMAT CSV_FMT TYPE = CSV', kind: 'FILE_FORMAT' },
      },
      { type: 'tool_use', id: 't2', tool: 'GENERATE_EXTERNAL_STAGE_DDL', input: { stage_name: 'RAW_STAGE' } },
      {
        type: 'tool_result',
        id: 't2',
        tool: 'GENERATE_EXTERNAL_STAGE_DDL',
        ok: true,
        output: { ok: true, ddl: 'CREATE STAGE RAW_STAGE', kind: 'STAGE' },
      },
      { type: 'text', delta: 'Format and ' },
      { type: 'text', delta: 'stage are ready.' },
      { type: 'text', delta: '\n\nShall I continue with the table?' },
      {
        type: 'done',
        text: 'Format and stage are ready.\n\nShall I continue with the table?',
        agentThreadId: '5',
        agentMessageId: '204',
        usage: { inputTokens: 1500, outputTokens: 100, totalTokens: 1600 },
      },
    ]);
  });

  it('reports failed tool calls and generator input errors as ok: false', async () => {
    fake.enqueue(fx.toolError());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(events).toEqual([
      { type: 'tool_use', id: 'e1', tool: 'GENERATE_EXTERNAL_TABLE_DDL', input: { table_name: 'T' } },
      {
        type: 'tool_result',
        id: 'e1',
        tool: 'GENERATE_EXTERNAL_TABLE_DDL',
        ok: false,
        output: 'SQL compilation error: Unknown function GENERATE_EXTERNAL_TABLE_DDL',
      },
      { type: 'tool_use', id: 'e2', tool: 'GENERATE_EXTERNAL_TABLE_DDL', input: { table_name: '1bad' } },
      {
        type: 'tool_result',
        id: 'e2',
        tool: 'GENERATE_EXTERNAL_TABLE_DDL',
        ok: false,
        output: {
          ok: false,
          error: { message: 'invalid input', issues: [{ path: 'table_name', message: 'not an identifier' }] },
        },
      },
      { type: 'text', delta: 'The table name is not valid.' },
      { type: 'done', text: 'The table name is not valid.', agentThreadId: '5', agentMessageId: '31' },
    ]);
  });

  it('turns an error event into one error and ignores what follows', async () => {
    fake.enqueue(fx.errorEvent());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(events).toEqual([
      { type: 'status', text: 'Planning the next steps' },
      {
        type: 'error',
        code: '399505',
        message: 'The agent exceeded its token budget. (request id req-42)',
        retryable: false,
      },
    ]);
  });

  it('reports a stream cut midway as stream_interrupted, never a done, and never retries it', async () => {
    fake.enqueue(fx.cutMidway(), fx.normal());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(events.map((e) => e.type)).toEqual(['status', 'tool_use', 'status', 'tool_result', 'error']);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_interrupted', retryable: true });
    // The second script stays queued: a started stream is never replayed (tools may have run).
    expect(fake.runRequests()).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('treats a stream that closes without the final response as interrupted', async () => {
    fake.enqueue(fx.endsEarly());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(events.at(-2)).toEqual({ type: 'text', delta: 'Here is the storage integration ' });
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'stream_interrupted', retryable: true });
  });

  it('retries a 429 after the Retry-After delay', async () => {
    fake.enqueue(fx.rateLimited(7), fx.normal());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(delays).toEqual([7000]);
    expect(fake.runRequests()).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'done', agentMessageId: '102' });
  });

  it('retries a 503 with backoff, then succeeds', async () => {
    fake.enqueue(fx.unavailable(), fx.normal());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(delays).toHaveLength(1);
    expect(fake.runRequests()).toHaveLength(2);
    expect(events).toEqual(sampleEvents('5', '102'));
  });

  it('gives up after the configured attempts with a retryable error', async () => {
    fake.enqueue(fx.unavailable(), fx.unavailable(), fx.unavailable(), fx.normal());
    const events = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(events).toEqual([
      {
        type: 'error',
        code: 'server_error',
        message:
          'agent LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT failed (503): Service unavailable. Try again in a moment.',
        retryable: true,
      },
    ]);
    expect(fake.runRequests()).toHaveLength(3);
  });

  it('stops a silent stream at the idle timeout', async () => {
    fake.enqueue(fx.slow());
    const events = await collect(
      agent({ timeouts: { idleMs: 150, overallMs: 10_000 } }).run(
        turn({ agentThreadId: '5', agentMessageId: '30' }),
      ),
    );
    expect(events).toEqual([
      { type: 'status', text: 'Planning the next steps' },
      {
        type: 'error',
        code: 'idle_timeout',
        message: 'The Cortex agent sent nothing for 150 ms; the run was stopped.',
        retryable: true,
      },
    ]);
  });

  it('stops a run at the overall timeout', async () => {
    fake.enqueue(fx.slow());
    const events = await collect(
      agent({ timeouts: { idleMs: 10_000, overallMs: 200 } }).run(
        turn({ agentThreadId: '5', agentMessageId: '30' }),
      ),
    );
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'timeout', retryable: true });
  });

  it('honours the abort signal: the run stops with one aborted error', async () => {
    fake.enqueue(fx.slow());
    const ac = new AbortController();
    const events: AgentEvent[] = [];
    for await (const e of agent().run(
      turn({ signal: ac.signal, agentThreadId: '5', agentMessageId: '30' }),
    )) {
      events.push(e);
      if (e.type === 'status') ac.abort();
    }
    expect(events).toEqual([
      { type: 'status', text: 'Planning the next steps' },
      { type: 'error', code: 'aborted', message: 'The run was cancelled.', retryable: false },
    ]);
  });

  it('does not call Cortex at all when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const events = await collect(agent().run(turn({ signal: ac.signal })));
    expect(events).toEqual([
      { type: 'error', code: 'aborted', message: 'The run was cancelled.', retryable: false },
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it('aborts a run waiting for the server mid-request', async () => {
    fake.enqueue({
      kind: 'sse',
      events: [{ event: 'response.status', data: { message: 'late' }, delayMs: 5_000 }],
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const events = await collect(
      agent().run(turn({ signal: ac.signal, agentThreadId: '5', agentMessageId: '30' })),
    );
    expect(events).toEqual([
      { type: 'error', code: 'aborted', message: 'The run was cancelled.', retryable: false },
    ]);
  });

  it('retries network failures before the stream, then reports them as retryable', async () => {
    const closed = new FakeCortex({ tokens: {} });
    const url = await closed.start();
    await closed.close();
    const events = await collect(
      agent({ baseUrl: url }).run(turn({ agentThreadId: '5', agentMessageId: '30' })),
    );
    expect(delays).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'network_error', retryable: true });
  });

  it('releases the connection when the consumer stops early', async () => {
    fake.enqueue(fx.slow(), fx.normal());
    const a = agent();
    for await (const e of a.run(turn({ agentThreadId: '5', agentMessageId: '30' }))) {
      expect(e.type).toBe('status');
      break;
    }
    await vi.waitFor(() => expect(fake.openStreams).toBe(0));
    const next = await collect(a.run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(next.at(-1)).toMatchObject({ type: 'done' });
    expect(fake.runRequests()).toHaveLength(2);
  });

  it('says which agent is missing or not granted on 404', async () => {
    const events = await collect(
      agent({ agent: { ...AGENT, name: 'OTHER_AGENT' } }).run(
        turn({ agentThreadId: '5', agentMessageId: '30' }),
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'not_found', retryable: false });
    expect((events[0] as { message: string }).message).toContain(
      'agent not found or no USAGE privilege on LEILA_APP.PUBLIC.OTHER_AGENT',
    );
  });

  it('says the same on 403', async () => {
    fake.enqueue({ kind: 'http', status: 403, body: { message: 'Insufficient privileges' } });
    const [e] = await collect(agent().run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(e).toEqual({
      type: 'error',
      code: 'forbidden',
      message:
        'agent not found or no USAGE privilege on LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT (403): Insufficient privileges',
      retryable: false,
    });
  });
});

describe('CortexAgent authentication', () => {
  class RotatingProvider implements TokenProvider {
    invalidations = 0;
    constructor(private tokens: string[]) {}
    async getToken() {
      return { token: this.tokens[0] as string, tokenType: 'PROGRAMMATIC_ACCESS_TOKEN' as const };
    }
    invalidate() {
      this.invalidations += 1;
      if (this.tokens.length > 1) this.tokens = this.tokens.slice(1);
    }
  }

  it('on 401 invalidates the token and retries once with a fresh one', async () => {
    const auth = new RotatingProvider(['stale', PAT]);
    fake.enqueue(fx.normal());
    const events = await collect(agent({ auth }).run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(auth.invalidations).toBe(1);
    expect(fake.runRequests().map((r) => r.headers.authorization)).toEqual(['Bearer stale', `Bearer ${PAT}`]);
    expect(events.at(-1)).toMatchObject({ type: 'done' });
  });

  it('gives up after one re-authentication with a clear error', async () => {
    const auth = new RotatingProvider(['stale', 'also-stale']);
    const events = await collect(agent({ auth }).run(turn({ agentThreadId: '5', agentMessageId: '30' })));
    expect(auth.invalidations).toBe(1);
    expect(fake.runRequests()).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'unauthorized', retryable: false });
    expect(JSON.stringify(events)).not.toContain('also-stale');
  });

  it('re-reads the SPCS token file after a 401 (the token rotated)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dea-cortex-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'oauth-old\n');
    await fake.close();
    fake = new FakeCortex({
      tokens: { 'oauth-new': 'OAUTH' },
      onUnauthorized: () => writeFileSync(file, 'oauth-new\n'),
    });
    await fake.start();
    fake.enqueue(fx.normal());
    const events = await collect(agent({ auth: new OAuthTokenFileProvider(file) }).run(turn()));
    expect(events.at(-1)).toMatchObject({ type: 'done', agentThreadId: '9000000001' });
    // The thread creation met the 401; everything after it used the rotated token.
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer oauth-old',
      'Bearer oauth-new',
      'Bearer oauth-new',
    ]);
    expect(fake.requests.every((r) => r.headers['x-snowflake-authorization-token-type'] === 'OAUTH')).toBe(
      true,
    );
  });
});
