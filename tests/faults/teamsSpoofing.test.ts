/**
 * Issue 16, reproduction 6: Teams identity spoofing, over real HTTP with real Bot Framework token validation (a
 * loopback stand-in for login.botframework.com whose keys are endorsed for Teams, Web Chat and Direct Line, so
 * each request is as authentic as its channel allows). Only a Microsoft Teams user with an AAD object id from an
 * allowed tenant may approve; every other claim is refused with a sentence and the plan stays PROPOSED. A field
 * of the wrong type is a 400, not a crash answered 200.
 */
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotFrameworkAuth } from '../fakes/fake-botframework-auth.js';
import {
  ALICE,
  BOB,
  channelConversation,
  type Harness,
  invoke,
  message,
  nextId,
  planText,
  startHarness,
  waitForPlanCard,
} from '../integration/teams/harness.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** Signs connector calls with a fixed token instead of asking Entra ID (which tests must not reach). */
class TestCredentials extends ConfigurationServiceClientCredentialFactory {
  override async createCredentials(): Promise<never> {
    return {
      signRequest: async (req: { headers: { set(name: string, value: string): void } }) => {
        req.headers.set('authorization', 'Bearer outbound-test-token');
        return req;
      },
    } as never;
  }
}

let h: Harness;
let auth: FakeBotFrameworkAuth;

beforeAll(async () => {
  auth = await FakeBotFrameworkAuth.start(['msteams', 'webchat', 'directline']);
  h = await startHarness({
    settings: {
      appId: APP_ID,
      appPassword: 'not-used',
      tenantId: 'tenant-1',
      appType: 'SingleTenant',
      openIdMetadataUrl: auth.metadataUrl,
    },
    credentialsFactory: new TestCredentials({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used',
      MicrosoftAppTenantId: 'tenant-1',
      MicrosoftAppType: 'SingleTenant',
    }),
  });
});
afterAll(async () => {
  await h?.close();
  await auth?.close();
});

async function signed(activity: unknown) {
  const token = await auth.sign({ aud: APP_ID, serviceUrl: h.connector.serviceUrl });
  return h.post(activity, { authorization: `Bearer ${token}` });
}

async function proposePlan() {
  const root = nextId('root');
  const conversation = channelConversation(root);
  const before = h.connector.calls.length;
  const r = await signed(message(h, { id: root, text: planText(), conversation }));
  expect(r.status).toBe(200);
  return { conversation, ...(await waitForPlanCard(h, conversation.id, before)) };
}

type InvokeAnswer = { statusCode: number; type: string; value: unknown };

describe('Teams identity spoofing (issue 16, reproduction 6)', () => {
  it('refuses approvals claimed from Web Chat, Direct Line, without an AAD id or from another tenant', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const approve = (overrides: Record<string, unknown>) => ({
      ...invoke(h, { verb: 'approve', data, from: BOB, conversation, replyToId: messageId }),
      ...overrides,
    });
    const attempts: [string, Record<string, unknown>, RegExp][] = [
      // Web Chat lets the client choose from.id: here the approver's AAD object id.
      [
        'webchat',
        { channelId: 'webchat', from: { id: BOB.aadObjectId, name: 'Bob' } },
        /only on Microsoft Teams/,
      ],
      ['directline', { channelId: 'directline', from: { ...BOB } }, /only on Microsoft Teams/],
      ['no aadObjectId', { from: { id: BOB.aadObjectId, name: 'Bob' } }, /object id/],
      [
        'another tenant',
        {
          conversation: { ...conversation, tenantId: 'tenant-evil' },
          channelData: { tenant: { id: 'tenant-evil' } },
        },
        /tenant is not one this bot serves/,
      ],
      [
        'no tenant',
        { conversation: { id: conversation.id }, channelData: {} },
        /tenant is not one this bot serves/,
      ],
    ];
    for (const [what, overrides, why] of attempts) {
      const r = await signed(approve(overrides));
      expect(r.status, what).toBe(200);
      const answer = r.body as InvokeAnswer;
      expect(answer.type, what).toBe('application/vnd.microsoft.activity.message');
      expect(String(answer.value), what).toMatch(why);
      expect((await h.core.getPipeline(data.pipelineId))?.STATUS, what).toBe('PROPOSED');
    }
    // The real approver, from Teams, in the app's tenant: accepted.
    const ok = await signed(approve({}));
    expect((ok.body as InvokeAnswer).type).toBe('application/vnd.microsoft.card.adaptive');
    await h.channel.idle();
    expect((await h.core.getPipeline(data.pipelineId))?.APPROVED_BY).toBe(`teams:${BOB.aadObjectId}`);
  });

  it('does not take requests from a spoofable channel either, and says why', async () => {
    const root = nextId('root');
    const conversation = channelConversation(root);
    const before = h.connector.calls.length;
    const r = await signed({
      ...message(h, { id: root, text: planText(), conversation }),
      channelId: 'webchat',
      from: { id: ALICE.aadObjectId, name: 'Alice' },
    });
    expect(r.status).toBe(200);
    const calls = await h.connector.waitUntil((cs) =>
      cs.slice(before).some((c) => c.conversationId === conversation.id && c.body?.type === 'message'),
    );
    const answers = calls.slice(before).filter((c) => c.conversationId === conversation.id);
    expect(JSON.stringify(answers.map((c) => c.body?.text))).toMatch(/only on Microsoft Teams/);
    expect((await h.core.listPipelines({})).rows.some((row) => row.THREAD_REF === conversation.id)).toBe(
      false,
    );
  });

  it('answers 400 to fields of the wrong type, and runs nothing', async () => {
    const pipelinesBefore = (await h.core.listPipelines({})).total;
    const base = () => message(h, { text: planText() });
    const malformed: [string, unknown][] = [
      ['text as an object', { ...base(), text: { $ne: '' } }],
      ['aadObjectId as a number', { ...base(), from: { ...ALICE, aadObjectId: 42 } }],
      ['tenant id as an object', { ...base(), conversation: { id: 'c-1', tenantId: { id: 'tenant-1' } } }],
      ['entities not a list', { ...base(), entities: 'mention' }],
      ['replyToId as a list', { ...base(), replyToId: ['x'] }],
    ];
    for (const [what, activity] of malformed) {
      const r = await signed(activity);
      expect(r.status, what).toBe(400);
      expect(r.text, what).toMatch(/malformed activity/);
    }
    await h.channel.idle();
    expect((await h.core.listPipelines({})).total).toBe(pipelinesBefore);
  });
});
