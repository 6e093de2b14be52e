import { FixedLatencyAgent, requestFor } from './lib/fixtures.js';
import { nextTs, postMention, startOurSlack } from './lib/slackStack.js';
const ours = await startOurSlack(new FixedLatencyAgent(100, true));
const ts = nextTs();
await postMention(ours.eventsUrl, requestFor('bench-x'), ts);
await new Promise((r) => setTimeout(r, 12000));
for (const c of ours.fake.calls) console.log(c.at - ours.fake.calls[0]!.at, c.method, JSON.stringify(c.args).slice(0, 120));
await ours.close();
