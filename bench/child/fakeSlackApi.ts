/**
 * The loopback fake Slack Web API in its own process, for the ack benchmark: Slack's API is remote in production, so
 * the work of answering chat.postMessage / chat.update must not run on the event loop whose acknowledgements are
 * measured. The parent receives `{ url }` once it listens and sends 'exit' to stop it.
 */
import { startFakeSlackApi } from '../../tests/fakes/fake-slack-api.js';

const fake = await startFakeSlackApi();
process.send?.({ url: fake.url });
process.on('message', (m) => {
  if (m === 'exit') void fake.close().then(() => process.exit(0));
});
