/**
 * A load generator in its own process, so the server under test does not share its event loop with the client.
 * The parent sends `{ url, concurrency, firstTs }`; this sends back every request's status and latency.
 */
import { postMention } from '../lib/slackStack.js';

interface BurstRequest {
  url: string;
  concurrency: number;
  firstTs: number;
}

export interface BurstAnswer {
  ms: number[];
  statuses: number[];
}

process.on('message', (raw) => {
  const req = raw as BurstRequest | 'exit';
  if (req === 'exit') process.exit(0);
  void (async () => {
    const answers = await Promise.all(
      Array.from({ length: req.concurrency }, (_, k) =>
        postMention(req.url, 'where are my files?', `${req.firstTs + k}.000300`),
      ),
    );
    const answer: BurstAnswer = { ms: answers.map((a) => a.ms), statuses: answers.map((a) => a.status) };
    process.send?.(answer);
  })();
});
process.send?.('ready');
