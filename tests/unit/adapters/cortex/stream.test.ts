import { describe, expect, it } from 'vitest';
import { RunStream, toTokenUsage, toToolName } from '../../../../adapters/cortex/stream.js';
import type { AgentEvent } from '../../../../bot/core/contracts.js';

function feed(stream: RunStream, events: [string, unknown][]): AgentEvent[] {
  return events.flatMap(([name, data]) =>
    stream.handle(name, typeof data === 'string' ? data : JSON.stringify(data)),
  );
}

describe('toToolName', () => {
  it('matches the four generators in any case, with or without _DDL', () => {
    expect(toToolName('generate_stage_ddl')).toBeUndefined();
    expect(toToolName('generate_external_stage_ddl')).toBe('GENERATE_EXTERNAL_STAGE_DDL');
    expect(toToolName('Generate_File_Format_DDL')).toBe('GENERATE_FILE_FORMAT_DDL');
    expect(toToolName('generate_storage_integration')).toBe('GENERATE_STORAGE_INTEGRATION_DDL');
    expect(toToolName('execute_ddl_and_track')).toBeUndefined();
    expect(toToolName('EXECUTE_DDL_AND_TRACK')).toBeUndefined();
  });
});

describe('RunStream', () => {
  it('uses the full text when no deltas came, and adds only the missing tail when deltas were partial', () => {
    const s = new RunStream({ agentThreadId: '1' });
    expect(
      feed(s, [
        ['response.text', { content_index: 0, text: 'Hello.' }],
        ['response.text.delta', { content_index: 1, text: 'Which ' }],
        ['response.text', { content_index: 1, text: 'Which bucket?' }],
        ['response', { role: 'assistant', content: [] }],
      ]),
    ).toEqual([
      { type: 'text', delta: 'Hello.' },
      { type: 'text', delta: '\n\nWhich ' },
      { type: 'text', delta: 'bucket?' },
      { type: 'done', text: 'Hello.\n\nWhich bucket?', agentThreadId: '1' },
    ]);
  });

  it('keeps the deltas when the full text disagrees with them (never doubles text)', () => {
    const s = new RunStream({});
    expect(
      feed(s, [
        ['response.text.delta', { content_index: 0, text: 'abc' }],
        ['response.text', { content_index: 0, text: 'xyz' }],
      ]),
    ).toEqual([{ type: 'text', delta: 'abc' }]);
  });

  it('skips unknown events, non-JSON data and payloads that miss required fields', () => {
    const s = new RunStream({});
    expect(
      feed(s, [
        ['response.thinking.delta', { text: 'hmm' }],
        ['response.chart', { chart_spec: '{}' }],
        ['response.text.delta', 'not json'],
        ['response.tool_use', { name: 'generate_file_format_ddl' }],
        ['response.status', { status: 'planning', extra: { nested: true } }],
      ]),
    ).toEqual([{ type: 'status', text: 'planning' }]);
  });

  it('keeps the previous assistant id when a run has no assistant metadata', () => {
    const s = new RunStream({ agentThreadId: '7', previousMessageId: '40' });
    const events = feed(s, [
      ['metadata', { role: 'user', message_id: 41 }],
      ['response', { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }],
    ]);
    expect(events).toEqual([{ type: 'done', text: 'ok', agentThreadId: '7', agentMessageId: '40' }]);
  });

  it('keeps message ids above 2^53 as their exact digits, flat or nested', () => {
    const s = new RunStream({ agentThreadId: '7' });
    const events = [
      ...s.handle('metadata', '{"role":"assistant","message_id":987654321987654321}'),
      ...s.handle('metadata', '{"metadata": {"role": "assistant", "message_id" : 987654321987654323 }}'),
      ...s.handle('response', '{"content":[{"type":"text","text":"ok \\"message_id\\": 1"}]}'),
    ];
    expect(events).toEqual([
      { type: 'done', text: 'ok "message_id": 1', agentThreadId: '7', agentMessageId: '987654321987654323' },
    ]);
  });

  it('turns response.warning into a warning event and skips an empty one', () => {
    const s = new RunStream({});
    expect(
      feed(s, [
        ['response.warning', { message: 'Budget nearly spent.' }],
        ['response.warning', { code: 1 }],
      ]),
    ).toEqual([{ type: 'warning', text: 'Budget nearly spent.' }]);
  });

  it('ignores everything after the final response', () => {
    const s = new RunStream({});
    const events = feed(s, [
      ['response', { content: [{ type: 'text', text: 'done' }] }],
      ['response.text.delta', { text: 'late' }],
      ['error', { message: 'late' }],
    ]);
    expect(events).toEqual([{ type: 'done', text: 'done' }]);
    expect(s.outcome.finished).toBe(true);
  });

  it('gives an error event without a code a generic one', () => {
    expect(feed(new RunStream({}), [['error', { message: 'boom' }]])).toEqual([
      { type: 'error', code: 'agent_error', message: 'boom', retryable: false },
    ]);
  });

  it('passes text tool output through when it is not JSON, and takes the tool from the earlier tool_use', () => {
    const s = new RunStream({});
    const events = feed(s, [
      [
        'response.tool_use',
        { tool_use_id: 'a', name: 'GENERATE_FILE_FORMAT_DDL', input: { format_type: 'CSV' } },
      ],
      [
        'response.tool_result',
        { tool_use_id: 'a', status: 'success', content: [{ type: 'text', text: 'plain' }] },
      ],
    ]);
    expect(events[1]).toEqual({
      type: 'tool_result',
      id: 'a',
      tool: 'GENERATE_FILE_FORMAT_DDL',
      ok: true,
      output: 'plain',
    });
  });

  it('drops results of tools it never saw and that are not generators', () => {
    const s = new RunStream({});
    expect(
      feed(s, [
        ['response.tool_result', { tool_use_id: 'q', name: 'sql_exec', status: 'success', content: [] }],
      ]),
    ).toEqual([]);
  });
});

describe('toTokenUsage', () => {
  it('reads flat counters and per-model totals', () => {
    expect(toTokenUsage({ input_tokens: 10, output_tokens: 5 })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
    });
    expect(toTokenUsage({ total_tokens: 9 })).toEqual({ totalTokens: 9 });
    expect(
      toTokenUsage({
        tokens_consumed: [{ input_tokens: { total: 3 } }, { input_tokens: { total: 4 }, output_tokens: 1 }],
      }),
    ).toEqual({ inputTokens: 7, outputTokens: 1, totalTokens: 8 });
    expect(toTokenUsage({ something: 'else' })).toBeUndefined();
    expect(toTokenUsage({ input_tokens: -1 })).toBeUndefined();
    expect(toTokenUsage('x')).toBeUndefined();
  });
});
