/**
 * The channels' background work waits for the HTTP receiver to finish answering (bounded), so acknowledgements in a
 * burst are not held up by the turns of the events before them. Real HTTP on 127.0.0.1; order of events, not times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BotCore } from '../../../bot/core/api.js';
import { receiverFirst } from '../../../bot/http/receiverFirst.js';
import { createHttpServer, type HttpServer } from '../../../bot/http/server.js';
import { createLogger } from '../../../bot/log/logger.js';

const logger = createLogger({ level: 'silent', pretty: false });
let server: HttpServer | undefined;
afterEach(async () => {
  server?.server?.closeAllConnections();
  await server?.close();
  server = undefined;
});

/** A server with /hold, answered only when the test says so. */
async function holdingServer() {
  server = createHttpServer({ logger });
  const held: (() => void)[] = [];
  server.app.get('/hold', (_req, res) => {
    held.push(() => res.end('done'));
  });
  server.routesComplete();
  const { url } = await server.listen(0, '127.0.0.1');
  return { http: server, url, held };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('receiver first', () => {
  it('counts requests while they are answered', async () => {
    const { http, url, held } = await holdingServer();
    expect(http.inflight.current).toBe(0);
    const answer = fetch(`${url}/hold`).then((r) => r.text());
    await until(() => held.length === 1);
    expect(http.inflight.current).toBe(1);
    held[0]!();
    expect(await answer).toBe('done');
    await until(() => http.inflight.current === 0);
  });

  it("starts an event's work only once the receiver has answered, with a generous bound", async () => {
    const { http, url, held } = await holdingServer();
    const order: string[] = [];
    const core = {
      claimEvent: async (key: string) => {
        order.push(`claim ${key}`);
        return true;
      },
      handleMessage: async () => {
        order.push('turn');
      },
      isApprover: async () => true,
    } as unknown as BotCore;
    const gated = receiverFirst(core, http.inflight, 60_000);
    const answer = fetch(`${url}/hold`).then((r) => r.text());
    await until(() => held.length === 1);
    const work = gated.claimEvent('e1').then(async (fresh) => {
      expect(fresh).toBe(true);
      await gated.handleMessage(
        { thread: { channel: 'local', id: 't' }, user: { channel: 'local', id: 'u' }, text: 'hi' },
        {} as never,
      );
    });
    // Other methods pass straight through, busy receiver or not.
    expect(await gated.isApprover({ channel: 'local', id: 'u' })).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    order.push('answered');
    held[0]!();
    await answer;
    await work;
    expect(order).toEqual(['answered', 'claim e1', 'turn']);
  });

  it('never starves the work: past the bound it runs although the receiver is still busy', async () => {
    const { http, url, held } = await holdingServer();
    let claimed = false;
    const core = {
      claimEvent: async () => {
        claimed = true;
        return true;
      },
    } as unknown as BotCore;
    void fetch(`${url}/hold`).catch(() => undefined);
    await until(() => held.length === 1);
    await receiverFirst(core, http.inflight, 20).claimEvent('e2');
    expect(claimed).toBe(true);
    expect(http.inflight.current).toBe(1);
  });

  it('waits once per event: a message whose claim already waited goes on; one that carries its event id waits', async () => {
    const { http, url, held } = await holdingServer();
    const order: string[] = [];
    const core = {
      handleMessage: async (msg: { text: string }) => {
        order.push(msg.text);
      },
    } as unknown as BotCore;
    const gated = receiverFirst(core, http.inflight, 60_000);
    const answer = fetch(`${url}/hold`).then((r) => r.text());
    await until(() => held.length === 1);
    const base = { thread: { channel: 'local', id: 't' }, user: { channel: 'local', id: 'u' } } as const;
    const claimedFirst = gated.handleMessage({ ...base, text: 'claimed before' }, {} as never);
    const carriesId = gated.handleMessage({ ...base, text: 'carries its id', eventId: 'e3' }, {} as never);
    await claimedFirst;
    order.push('answered');
    held[0]!();
    await answer;
    await carriesId;
    expect(order).toEqual(['claimed before', 'answered', 'carries its id']);
  });
});
