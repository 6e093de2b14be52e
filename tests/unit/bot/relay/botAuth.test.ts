import { afterEach, describe, expect, it } from 'vitest';
import { BotTokenVerifier } from '../../../../bot/relay/botAuth.js';
import { OpenIdKeyStore } from '../../../../bot/relay/openIdKeys.js';
import { FakeBotFrameworkAuth } from '../../../fakes/fake-botframework-auth.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
let fake: FakeBotFrameworkAuth | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(now: () => number = Date.now) {
  fake = await FakeBotFrameworkAuth.start(['msteams', 'webchat']);
  const keys = new OpenIdKeyStore({ metadataUrl: fake.metadataUrl, now, maxAgeMs: 1_000 });
  return { keys, verifier: new BotTokenVerifier({ appId: APP_ID, keys }), fake };
}

describe('BotTokenVerifier', () => {
  it('accepts a channel token and checks endorsements against the activity channel', async () => {
    const { verifier, fake: f } = await setup();
    const check = await verifier.verifyHeader(
      `Bearer ${await f.sign({ aud: APP_ID, serviceUrl: 'https://s/' })}`,
    );
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(verifier.checkActivity(check, { channelId: 'webchat', serviceUrl: 'https://s/' }).ok).toBe(true);
    expect(verifier.checkActivity(check, { channelId: 'slack', serviceUrl: 'https://s/' })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(verifier.checkActivity(check, { serviceUrl: 'https://s/' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no channelId'),
    });
  });

  it('refuses an algorithm outside RS256/384/512 (an HMAC token cannot ride on a public key)', async () => {
    const { verifier } = await setup();
    const hs = `Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IngifQ.${Buffer.from(
      JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID }),
    ).toString('base64url')}.c2ln`;
    expect(await verifier.verifyHeader(hs)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'signing algorithm not allowed',
    });
  });

  it('keeps serving cached keys when the metadata goes down after they were loaded', async () => {
    let t = 1_000;
    const { verifier, fake: f } = await setup(() => t);
    const header = `Bearer ${await f.sign({ aud: APP_ID })}`;
    expect((await verifier.verifyHeader(header)).ok).toBe(true);
    f.failWith = 503;
    t += 10_000; // beyond maxAgeMs: a refresh is attempted and fails
    expect((await verifier.verifyHeader(header)).ok).toBe(true);
  });

  it('fetches the metadata once for concurrent first requests', async () => {
    const { verifier, fake: f } = await setup();
    const header = `Bearer ${await f.sign({ aud: APP_ID })}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => verifier.verifyHeader(header)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(f.metadataRequests).toBe(1);
  });
});
