import { afterEach, describe, expect, it } from 'vitest';
import { csrfHeaders, type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer. Role arn:aws:iam::123456789012:role/x';

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h!.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: h!.url,
      ...(await csrfHeaders(h!.url)),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('chat behind a proxy that names the signed-in user (SPCS ingress)', () => {
  it('acts as the signed-in user whatever name is typed, and refuses requests without the header', async () => {
    h = await startHarness({ trustedUserHeader: 'sf-context-current-user' });
    const anonymous = await post('/api/chat/messages', { thread: 't-1', user: 'admin', text: REQUEST });
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.message).toMatch(/Sign in through Snowflake/);

    const sent = await post(
      '/api/chat/messages',
      { thread: 't-1', user: 'someone-else', text: REQUEST },
      { 'sf-context-current-user': 'JANE.DOE' },
    );
    expect(sent.status).toBe(202);
    await h.core.idle();
    const page = await h.core.listPipelines({});
    expect(page.rows[0]?.REQUESTED_BY).toBe('local:JANE.DOE');

    const decision = await post('/api/chat/decisions', {
      thread: 't-1',
      user: 'JANE.DOE',
      pipelineId: page.rows[0]!.PIPELINE_ID,
      hash: page.rows[0]!.PLAN_HASH,
      verb: 'approve',
    });
    expect(decision.status).toBe(403);
  });
});
