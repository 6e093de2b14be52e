import { RecordingReply } from '../bot/core/recordingReply.js';
import { startLocalStack, ORDERS_REQUEST } from '../tests/helpers/localStack.js';
const s = await startLocalStack();
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const reply = new RecordingReply();
  await s.core.handleMessage({ thread: { channel: 'local', id: `t${i}` }, user: { channel: 'local', id: 'alice' }, text: ORDERS_REQUEST.replace('orders', `orders${i}`) }, reply);
  const t1 = performance.now();
  const plan = reply.messages.find((m) => m.message.kind === "plan")?.message as any; if (!plan) { console.log(JSON.stringify(reply.messages.map(m=>m.message))); continue; }
  const out = await s.core.decide({ pipelineId: plan.plan.pipelineId, hash: plan.plan.hash, verb: 'approve', user: { channel: 'local', id: 'bob' } }, reply);
  const r = out.kind === 'accepted' ? await out.completion : null;
  console.log(i, (t1 - t0).toFixed(1), (performance.now() - t1).toFixed(1), r?.status);
}
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const reply = new RecordingReply();
  await s.core.handleMessage({ thread: { channel: 'local', id: `x${i}` }, user: { channel: 'local', id: 'alice' }, text: "'; DROP TABLE x; --" }, reply);
  console.log('adv', (performance.now() - t0).toFixed(1), JSON.stringify(reply.messages.map(m=>m.message)).slice(0,300));
}
await s.close();
