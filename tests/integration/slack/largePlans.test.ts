/**
 * The large plans posted through the real Web API client to the fake Slack: the card Slack receives stays within
 * the cumulative block text budget and the full script arrives as a file upload in the same thread.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockTextLength, LIMITS } from '../../../adapters/slack/blocks/limits.js';
import { SlackReplyTarget, type SlackUpdate, updateWriter } from '../../../adapters/slack/reply.js';
import { UpdateThrottle } from '../../../adapters/slack/throttle.js';
import { createLogger } from '../../../bot/log/logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/fake-slack-api.js';
import { LARGE_PLANS } from '../../fixtures/largePlans.js';

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await startFakeSlackApi();
});
afterAll(async () => {
  await fake.close();
});

describe('large plan cards through the Slack Web API', () => {
  for (const [name, make] of Object.entries(LARGE_PLANS)) {
    it(`${name}: the posted card fits and the full script is uploaded to the thread`, async () => {
      const web = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
      const logger = createLogger({ level: 'silent', pretty: false });
      const thread = {
        team: 'T0001',
        channel: 'C0BIG',
        ts: `18300000${Object.keys(LARGE_PLANS).indexOf(name)}.000100`,
      };
      const reply = new SlackReplyTarget(thread, {
        web,
        logger,
        throttle: new UpdateThrottle<SlackUpdate>(50, updateWriter(web)),
        onPosted: () => undefined,
        intervalMs: 50,
      });
      const posts = fake.callsOf('chat.postMessage').length;
      const uploads = fake.uploads.length;
      await reply.post({ kind: 'plan', plan: make(), actionable: true });
      const posted = fake.callsOf('chat.postMessage').slice(posts);
      expect(posted).toHaveLength(1);
      expect(blockTextLength(posted[0]?.args.blocks)).toBeLessThanOrEqual(LIMITS.blockTextBudget);
      expect(fake.uploads.length).toBe(uploads + 1);
      const complete = fake.callsOf('files.completeUploadExternal').at(-1);
      expect(complete?.args).toMatchObject({ channel_id: 'C0BIG', thread_ts: thread.ts });
    });
  }
});
