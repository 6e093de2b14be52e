/**
 * End to end through the real Teams channel: Bot Framework token → dea relay → fake SPCS ingress → the bot's
 * /api/messages (botbuilder validates the relayed X-Dea-Bot-Authorization against the same fake metadata) →
 * the core proposes a plan → an approval invoke comes back through the relay with the updated card.
 */
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotFrameworkAuth } from '../../fakes/fake-botframework-auth.js';
import {
  BOB,
  channelConversation,
  type Harness,
  invoke,
  message,
  nextId,
  planText,
  startHarness,
  waitForPlanCard,
} from '../teams/harness.js';
import { APP_ID, startWorld, type World } from './harness.js';

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
let w: World;

beforeAll(async () => {
  const botAuth = await FakeBotFrameworkAuth.start(['msteams']);
  const settings = {
    appId: APP_ID,
    appPassword: 'not-used',
    tenantId: 'tenant-1',
    appType: 'SingleTenant' as const,
    openIdMetadataUrl: botAuth.metadataUrl,
  };
  h = await startHarness({
    settings,
    credentialsFactory: new TestCredentials({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used',
      MicrosoftAppTenantId: 'tenant-1',
      MicrosoftAppType: 'SingleTenant',
    }),
  });
  w = await startWorld({ botAuth, upstream: new URL(h.url).origin });
});

afterAll(async () => {
  await w?.close();
  await h?.close();
});

describe('dea relay in front of the real Teams channel', () => {
  it('delivers a request and an approval click, and returns the updated card to the invoke', async () => {
    const root = nextId('root');
    const conversation = channelConversation(root);
    const request = message(h, { id: root, text: planText(), conversation });
    const bearer = `Bearer ${await w.botAuth.sign({ aud: APP_ID, serviceUrl: h.connector.serviceUrl })}`;

    const first = await w.post(JSON.stringify(request), { authorization: bearer });
    expect(first.status).toBeLessThan(300);
    const { data, messageId } = await waitForPlanCard(h, conversation.id as string);

    const click = invoke(h, { verb: 'approve', data, from: BOB, conversation, replyToId: messageId });
    const answer = await w.post(JSON.stringify(click), { authorization: bearer });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body.toString('utf8'));
    // The invoke answer is the Universal Action response: the card that replaces the clicked one.
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.value?.type).toBe('AdaptiveCard');
    expect(JSON.stringify(body.value.body)).toMatch(/approv/i);
    await h.channel.idle();
    expect(w.oauth.successfulExchanges).toBe(1);
    expect(w.ingress.seen.every((s) => s.accepted)).toBe(true);
  });

  it('a Snowflake token alone is not enough: the bot refuses a forged Bot Framework header', async () => {
    const token = await w.relay.tokens.get();
    const root = nextId('root');
    const res = await fetch(`${w.ingress.url}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Snowflake Token="${token}"`,
        'x-dea-bot-authorization': 'Bearer forged.jwt.value',
      },
      body: JSON.stringify(
        message(h, { id: root, text: planText(), conversation: channelConversation(root) }),
      ),
    });
    expect(res.status).toBe(401);
  });
});
