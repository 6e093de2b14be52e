/**
 * Scripted Cortex runs for the fake server. `normal` is the documented sample stream; the others are
 * variants of it for the failure modes the client must handle.
 */
import { fileURLToPath } from 'node:url';
import { type RunScript, readSseFixture, type SseStep } from '../fake-cortex.js';

const SAMPLE_PATH = fileURLToPath(new URL('./run-sample.sse', import.meta.url));

/** The sample run: user metadata, status, thinking, a tool call with a text (JSON) result, text, assistant id 102. */
const sampleSteps = (): SseStep[] => readSseFixture(SAMPLE_PATH);

export const INTEGRATION_DDL =
  "CREATE STORAGE INTEGRATION ACME_RAW_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/acme-raw' STORAGE_ALLOWED_LOCATIONS = ('s3://acme/raw/')";
export const SAMPLE_TEXT = 'Here is the storage integration for s3://acme/raw/. Approve it to create it.';

export const normal = (): RunScript => ({ kind: 'sse', events: sampleSteps() });

/** Two generator calls (the second returns `json` content, upper-case name), a non-generator tool, usage. */
export const twoTools = (assistantId = 204): RunScript => ({
  kind: 'sse',
  events: [
    { event: 'metadata', data: { metadata: { role: 'user', message_id: assistantId - 1 } } },
    { event: 'response.status', data: { status: 'planning', message: 'Planning the next steps' } },
    {
      event: 'response.tool_use',
      data: {
        tool_use_id: 't1',
        type: 'generic',
        name: 'generate_file_format_ddl',
        input: { format_name: 'CSV_FMT', format_type: 'CSV' },
      },
    },
    {
      event: 'response.tool_result',
      data: {
        tool_use_id: 't1',
        type: 'generic',
        name: 'generate_file_format_ddl',
        status: 'success',
        content: [
          {
            type: 'json',
            json: { ok: true, ddl: 'CREATE FILE FORMAT CSV_FMT TYPE = CSV', kind: 'FILE_FORMAT' },
          },
        ],
      },
    },
    {
      event: 'response.tool_use',
      data: { tool_use_id: 'x1', type: 'cortex_search', name: 'search_docs', input: {} },
    },
    {
      event: 'response.tool_result',
      data: {
        tool_use_id: 'x1',
        name: 'search_docs',
        status: 'success',
        content: [{ type: 'text', text: 'x' }],
      },
    },
    {
      event: 'response.tool_use',
      data: { tool_use_id: 't2', name: 'GENERATE_EXTERNAL_STAGE_DDL', input: { stage_name: 'RAW_STAGE' } },
    },
    {
      event: 'response.tool_result',
      data: {
        tool_use_id: 't2',
        status: 'success',
        content: [{ type: 'json', json: { ok: true, ddl: 'CREATE STAGE RAW_STAGE', kind: 'STAGE' } }],
      },
    },
    { event: 'response.text.delta', data: { content_index: 5, text: 'Format and ' } },
    { event: 'response.text.delta', data: { content_index: 5, text: 'stage are ready.' } },
    { event: 'response.text', data: { content_index: 5, text: 'Format and stage are ready.' } },
    { event: 'response.text', data: { content_index: 6, text: 'Shall I continue with the table?' } },
    { event: 'metadata', data: { metadata: { role: 'assistant', message_id: assistantId } } },
    {
      event: 'response',
      data: {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Format and stage are ready.' },
          { type: 'text', text: 'Shall I continue with the table?' },
        ],
        metadata: {
          usage: {
            tokens_consumed: [
              { model_name: 'm1', input_tokens: { total: 1200 }, output_tokens: { total: 80 } },
              { model_name: 'm2', input_tokens: { total: 300 }, output_tokens: { total: 20 } },
            ],
          },
        },
      },
    },
  ],
});

/** The generator procedure failed (status error) — and one that answered `{ ok: false }` as input feedback. */
export const toolError = (): RunScript => ({
  kind: 'sse',
  events: [
    {
      event: 'response.tool_use',
      data: { tool_use_id: 'e1', name: 'generate_external_table_ddl', input: { table_name: 'T' } },
    },
    {
      event: 'response.tool_result',
      data: {
        tool_use_id: 'e1',
        name: 'generate_external_table_ddl',
        status: 'error',
        content: [
          { type: 'text', text: 'SQL compilation error: Unknown function GENERATE_EXTERNAL_TABLE_DDL' },
        ],
      },
    },
    {
      event: 'response.tool_use',
      data: { tool_use_id: 'e2', name: 'generate_external_table_ddl', input: { table_name: '1bad' } },
    },
    {
      event: 'response.tool_result',
      data: {
        tool_use_id: 'e2',
        name: 'generate_external_table_ddl',
        status: 'success',
        content: [
          {
            type: 'text',
            text: '{"ok":false,"error":{"message":"invalid input","issues":[{"path":"table_name","message":"not an identifier"}]}}',
          },
        ],
      },
    },
    { event: 'response.text', data: { content_index: 4, text: 'The table name is not valid.' } },
    { event: 'metadata', data: { role: 'assistant', message_id: 31 } },
    {
      event: 'response',
      data: { role: 'assistant', content: [{ type: 'text', text: 'The table name is not valid.' }] },
    },
  ],
});

/** The agent reports an error mid-run; nothing after it is used. */
export const errorEvent = (): RunScript => ({
  kind: 'sse',
  events: [
    { event: 'response.status', data: { status: 'planning', message: 'Planning the next steps' } },
    {
      event: 'error',
      data: { code: '399505', message: 'The agent exceeded its token budget.', request_id: 'req-42' },
    },
    { event: 'response.text.delta', data: { content_index: 0, text: 'never shown' } },
  ],
});

/** The connection drops in the middle of the answer. */
export const cutMidway = (): RunScript => ({
  kind: 'sse',
  events: sampleSteps().slice(0, 7),
  end: 'cut',
});

/** The answer ends cleanly but without the final `response` event. */
export const endsEarly = (): RunScript => ({ kind: 'sse', events: sampleSteps().slice(0, 9) });

export const rateLimited = (retryAfterSeconds: number): RunScript => ({
  kind: 'http',
  status: 429,
  headers: { 'Retry-After': String(retryAfterSeconds) },
  body: { code: '390429', message: 'Too many requests.' },
});

export const unavailable = (): RunScript => ({
  kind: 'http',
  status: 503,
  body: { message: 'Service unavailable' },
});

/** Starts, then goes silent for longer than the client's idle timeout. */
export const slow = (): RunScript => ({
  kind: 'sse',
  events: [{ event: 'response.status', data: { status: 'planning', message: 'Planning the next steps' } }],
  end: 'hang',
});

/** The agent asks the user for a missing fact (is_elicitation) instead of calling a tool. */
export const elicitation = (assistantId = 12): RunScript => {
  const question = 'Which AWS IAM role ARN should the integration use?';
  return {
    kind: 'sse',
    events: [
      { event: 'metadata', data: { role: 'user', message_id: assistantId - 1 } },
      {
        event: 'response.text.delta',
        data: { content_index: 0, text: 'Which AWS IAM role ARN ', is_elicitation: true },
      },
      {
        event: 'response.text.delta',
        data: { content_index: 0, text: 'should the integration use?', is_elicitation: true },
      },
      {
        event: 'response.text',
        data: { content_index: 0, text: question, is_elicitation: true, annotations: [] },
      },
      { event: 'metadata', data: { role: 'assistant', message_id: assistantId } },
      {
        event: 'response',
        data: { role: 'assistant', content: [{ type: 'text', text: question, is_elicitation: true }] },
      },
    ],
  };
};

/**
 * A run whose assistant message id is above 2^53 (written as a bare JSON number, as Cortex does), with a
 * `response.warning` on the way.
 */
export const bigMessageId = (id = '987654321987654321'): RunScript => ({
  kind: 'sse',
  events: [
    { event: 'metadata', data: '{"metadata":{"role":"user","message_id":987654321987654320}}' },
    { event: 'response.warning', data: { message: 'The agent is close to its token budget.' } },
    { event: 'response.text.delta', data: { content_index: 0, text: 'Which bucket?' } },
    { event: 'metadata', data: `{"metadata":{"role":"assistant","message_id":${id}}}` },
    { event: 'response', data: { role: 'assistant', content: [{ type: 'text', text: 'Which bucket?' }] } },
  ],
});
