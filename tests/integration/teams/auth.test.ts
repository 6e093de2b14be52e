/**
 * With an app id, /api/messages accepts only Bot Framework JWTs. The Bot Framework's OpenID metadata and keys
 * are served from loopback (MICROSOFT_OPENID_METADATA_URL override) and tokens are minted with a test key, so
 * botbuilder's real validation runs: signature, issuer, audience, expiry, serviceUrl claim, key endorsements.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardOf,
  channelConversation,
  type Harness,
  message,
  nextId,
  planText,
  startHarness,
} from './harness.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const OUTBOUND_TOKEN = 'outbound-test-token';

/** Signs connector calls with a fixed token instead of asking Entra ID (which tests must not reach). */
class TestCredentials extends ConfigurationServiceClientCredentialFactory {
  override async createCredentials(): Promise<never> {
    return {
      signRequest: async (req: { headers: { set(name: string, value: string): void } }) => {
        req.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return req;
      },
    } as never;
  }
}

let h: Harness;
let metadata: http.Server;
let metadataRequests = 0;
let signingKey: PrivateKey;
let strangerKey: PrivateKey;
let slackKey: PrivateKey;

beforeAll(async () => {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256');
  signingKey = trusted.privateKey;
  strangerKey = stranger.privateKey;
  const jwk: JWK = { ...(await exportJWK(trusted.publicKey)), kid: 'test-key', use: 'sig' };
  const slack = await generateKeyPair('RS256', { extractable: true });
  slackKey = slack.privateKey;
  const slackOnly: JWK = { ...(await exportJWK(slack.publicKey)), kid: 'slack-key' };
  metadata = http.createServer((req, res) => {
    metadataRequests++;
    const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` }));
    } else if (req.url === '/keys') {
      res.end(
        JSON.stringify({
          keys: [
            { ...jwk, endorsements: ['msteams'] },
            { ...slackOnly, endorsements: ['slack'] },
          ],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
  const metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
  h = await startHarness({
    settings: {
      appId: APP_ID,
      appPassword: 'not-used',
      tenantId: 'tenant-1',
      appType: 'SingleTenant',
      openIdMetadataUrl: metadataUrl,
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
  await new Promise<void>((r) => metadata?.close(() => r()));
});

async function token(
  claims: Record<string, unknown> = {},
  opts: { key?: PrivateKey; kid?: string; expiresIn?: string } = {},
) {
  return new SignJWT({ serviceurl: h.connector.serviceUrl, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'test-key', typ: 'JWT' })
    .setIssuer((claims.iss as string) ?? 'https://api.botframework.com')
    .setAudience((claims.aud as string) ?? APP_ID)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(opts.expiresIn ?? '5m')
    .sign(opts.key ?? signingKey);
}

function freshMessage() {
  const root = nextId('root');
  return message(h, { id: root, text: planText(), conversation: channelConversation(root) });
}

async function answered(activity: { conversation: Record<string, unknown> }) {
  await h.channel.idle();
  return h.connector.calls.filter((c) => c.conversationId === activity.conversation.id);
}

describe('Teams authentication with an app id', () => {
  it('refuses a request without any token (401) and never runs the turn', async () => {
    const a = freshMessage();
    const r = await h.post(a);
    expect(r.status).toBe(401);
    expect(await answered(a)).toHaveLength(0);
  });

  it('refuses garbage, wrong audience, wrong issuer, expired, unknown-key and wrong-serviceUrl tokens', async () => {
    const cases: [string, string][] = [
      ['garbage', 'Bearer not-a-jwt'],
      ['audience', `Bearer ${await token({ aud: 'someone-else' })}`],
      ['issuer', `Bearer ${await token({ iss: 'https://evil.example' })}`],
      ['expired', `Bearer ${await token({}, { expiresIn: '-10m' })}`],
      ['unknown key', `Bearer ${await token({}, { key: strangerKey, kid: 'stranger' })}`],
      ['forged signature', `Bearer ${await token({}, { key: strangerKey, kid: 'test-key' })}`],
      ['key signed for another channel', `Bearer ${await token({}, { key: slackKey, kid: 'slack-key' })}`],
      ['serviceUrl', `Bearer ${await token({ serviceurl: 'http://127.0.0.1:1/' })}`],
    ];
    for (const [what, header] of cases) {
      const a = freshMessage();
      const r = await h.post(a, { authorization: header });
      expect(r.status, what).toBe(401);
      expect(await answered(a), what).toHaveLength(0);
    }
  });

  it('accepts a valid Bot Framework token and signs its replies to the connector', async () => {
    const a = freshMessage();
    const r = await h.post(a, { authorization: `Bearer ${await token()}` });
    expect(r.status).toBe(200);
    const calls = await answered(a);
    const plan = calls.find((c) => cardOf(c.body)?.actions);
    expect(plan).toBeDefined();
    expect(calls.every((c) => c.auth === `Bearer ${OUTBOUND_TOKEN}`)).toBe(true);
    expect(metadataRequests).toBeGreaterThan(0);
  });

  it('authenticates X-Dea-Bot-Authorization (from dea relay) instead of the Snowflake ingress header', async () => {
    const a = freshMessage();
    const r = await h.post(a, {
      authorization: 'Snowflake Token="ingress-token"',
      'x-dea-bot-authorization': `Bearer ${await token()}`,
    });
    expect(r.status).toBe(200);
    expect((await answered(a)).some((c) => cardOf(c.body)?.actions)).toBe(true);
  });

  it('a relayed header that is not a valid token is refused even next to a valid Authorization', async () => {
    const a = freshMessage();
    const r = await h.post(a, {
      authorization: `Bearer ${await token()}`,
      'x-dea-bot-authorization': 'Bearer forged',
    });
    expect(r.status).toBe(401);
    expect(await answered(a)).toHaveLength(0);
  });

  it('a Snowflake ingress token alone is not enough', async () => {
    const a = freshMessage();
    const r = await h.post(a, { authorization: 'Snowflake Token="ingress-token"' });
    expect(r.status).toBe(401);
  });
});
