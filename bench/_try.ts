import { slackAck } from './cases/slackAck.js';
import { slackFirstReply } from './cases/slackFirstReply.js';
for (const c of [slackFirstReply, slackAck]) { const t=performance.now(); console.log(JSON.stringify(await c()), performance.now()-t); }
