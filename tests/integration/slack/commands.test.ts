import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../../adapters/slack/index.js';
import type { BotCore } from '../../../bot/core/api.js';
import { createHttpServer } from '../../../bot/http/server.js';
import { createLogger } from '../../../bot/log/logger.js';
import { startFakeSlackApi } from '../../fakes/fake-slack-api.js';
import { eventBody } from '../../fakes/slack/sign.js';
import { blocksOf, CHANNEL, pipelineIdOf, type Stack, startStack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const text = (v: string | null) => ({ value: { type: 'plain_text_input', value: v } });
const choice = (v: string) => ({ value: { type: 'static_select', selected_option: { value: v } } });

describe('/dea slash command, Quick Setup modal and App Home', () => {
  it('/dea new opens the Quick Setup modal; submitting it posts the plan card in a new thread', async () => {
    const r = await s.command('new');
    expect(r.status).toBe(200);
    const [open] = (await s.fake.waitFor('views.open')).slice(-1);
    const view = open!.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string }[];
    };
    expect(view.callback_id).toBe('dea_quick_setup');
    expect(String(open!.args.trigger_id)).toMatch(/^trig-/);
    expect(view.blocks.map((b) => b.block_id)).toContain('awsRoleArn');

    const sub = await s.submit(view.callback_id, view.private_metadata, {
      location: text('s3://acme-modal/sales/'),
      format: choice('CSV'),
      columns: text('id NUMBER, amount NUMBER(10,2)'),
      'csv.header': { value: { type: 'checkboxes', selected_options: [{ value: 'header' }] } },
      awsRoleArn: text('arn:aws:iam::123456789012:role/snowflake-read'),
    });
    expect(sub.status).toBe(200);
    expect(sub.body).toBe(''); // modal closes
    const root = s.fake.messages.find((m) => m.text.includes('Quick Setup') && !m.thread_ts)!;
    expect(root.channel).toBe(CHANNEL);
    const card = await s.waitForCard(root.ts);
    expect(blocksOf(card)).toContain('dea_approve');
    const row = await s.core.getPipeline(pipelineIdOf(card));
    expect(row?.REQUESTED_BY).toBe('slack:U0ALICE');
    expect(row?.THREAD_REF).toBe(`T0001:${CHANNEL}:${root.ts}`);
    // A reply in that thread continues the conversation.
    const runs = s.agent.runs.length;
    await s.message('what is the table called?', { threadTs: root.ts });
    await s.fake.waitUntil(() => s.agent.runs.length === runs + 1, 'agent run in the Quick Setup thread');
  });

  it('field errors go back into the modal and nothing is left in the channel', async () => {
    await s.command('new');
    const [open] = (await s.fake.waitFor('views.open')).slice(-1);
    const view = open!.args.view as { callback_id: string; private_metadata: string };
    // Work left from the previous test (its plan card and follow-ups) must not be counted as this one's.
    await s.core.idle();
    const posts = s.fake.messages.length;
    const sub = await s.submit(view.callback_id, view.private_metadata, {
      location: text('ftp://nowhere/'),
      format: choice('CSV'),
      columns: text('id NUMBER'),
    });
    expect(sub.status).toBe(200);
    const body = JSON.parse(sub.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).length).toBeGreaterThan(0);
    expect(s.fake.messages.length).toBe(posts);
  });

  it('/dea list, /dea status and /dea help answer privately', async () => {
    const list = await s.command('list');
    expect(list.status).toBe(200);
    await s.fake.waitUntil(
      () => s.fake.responses.some((r) => r.path.endsWith(list.responseId)),
      'list response',
    );
    const listed = s.fake.responses.find((r) => r.path.endsWith(list.responseId))!.body as {
      response_type: string;
      blocks: unknown[];
    };
    expect(listed.response_type).toBe('ephemeral');
    const page = await s.core.listPipelines({ limit: 1 });
    const id = page.rows[0]!.PIPELINE_ID;
    expect(JSON.stringify(listed.blocks)).toContain(id);

    const status = await s.command(`status ${id}`);
    await s.fake.waitUntil(
      () => s.fake.responses.some((r) => r.path.endsWith(status.responseId)),
      'status response',
    );
    const shown = s.fake.responses.find((r) => r.path.endsWith(status.responseId))!.body as {
      blocks: unknown[];
    };
    expect(JSON.stringify(shown.blocks)).toContain(`Pipeline plan ${id}`);
    expect(JSON.stringify(shown.blocks)).not.toContain('dea_approve');

    const help = await s.command('help');
    expect(JSON.parse(help.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(help.body).toContain('/dea new');
  });

  it('App Home shows recent pipelines', async () => {
    const r = await s.post(
      eventBody(
        { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: '1.2' },
        'EvHOME1',
      ),
      'application/json',
    );
    expect(r.status).toBe(200);
    const [pub] = (await s.fake.waitFor('views.publish')).slice(-1);
    expect(pub!.args.user_id).toBe('U0ALICE');
    const view = pub!.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toMatch(/P-[0-9a-f]{12}/);
  });
});

describe('Slack availability', () => {
  it('a Slack that never answers auth.test makes readiness fail with a reason instead of hanging', async () => {
    const fake = await startFakeSlackApi({ overrides: { 'auth.test': () => new Promise(() => {}) } });
    const http = createHttpServer({ logger: createLogger({ level: 'silent', pretty: false }) });
    const channel = createSlackChannel({
      settings: {
        mode: 'http',
        botToken: 'xoxb-x',
        signingSecret: 'a'.repeat(32),
        apiUrl: fake.url,
        retries: 0,
        authTimeoutMs: 300,
      },
      core: {} as BotCore,
      logger: createLogger({ level: 'silent', pretty: false }),
      app: http.app,
    });
    const t0 = Date.now();
    await channel.start();
    expect(Date.now() - t0).toBeLessThan(2000);
    const ready = await channel.readiness();
    expect(ready.ok).toBe(false);
    expect(ready.reason).toContain('no answer within 300 ms');
    // Once Slack answers, readiness recovers.
    delete fake.overrides['auth.test'];
    expect(await channel.readiness()).toEqual({ ok: true });
    await channel.stop();
    await fake.close();
  });
});
