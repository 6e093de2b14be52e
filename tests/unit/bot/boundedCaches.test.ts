/**
 * The in-memory caches in front of the warehouse and of Microsoft's signing keys have explicit bounds, so a
 * long-running bot (or a hostile key document) cannot grow them without limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../../bot/core/contracts.js';
import {
  CONVERSATION_CACHE_ENTRIES,
  ConversationStore,
  EVENT_KEYS_REMEMBERED,
  EventLog,
} from '../../../bot/core/conversationStore.js';
import { MAX_SIGNING_KEYS, OpenIdKeyStore } from '../../../bot/relay/openIdKeys.js';
import { FakeBotFrameworkAuth } from '../../fakes/fake-botframework-auth.js';

/** Answers every SELECT with one stored row and every MERGE with one row affected, counting both. */
class CountingWarehouse implements Warehouse {
  selects = 0;
  merges = 0;
  async query<T>(): Promise<T[]> {
    this.selects++;
    return [{ AGENT_THREAD_ID: null, AGENT_MESSAGE_ID: null, STATE: '{"stored":true}' }] as T[];
  }
  async execute(): Promise<{ rowsAffected: number }> {
    this.merges++;
    return { rowsAffected: 1 };
  }
  async call(): Promise<unknown> {
    return null;
  }
  async close(): Promise<void> {}
}

let fake: FakeBotFrameworkAuth | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('bounded caches', () => {
  it(`conversations: the ${CONVERSATION_CACHE_ENTRIES} most recently used stay in memory, older ones are read again`, async () => {
    const wh = new CountingWarehouse();
    const store = new ConversationStore(wh, 'T');
    const thread = (i: number) => ({ channel: 'local' as const, id: `t${i}` });
    for (let i = 0; i <= CONVERSATION_CACHE_ENTRIES; i++) await store.save(thread(i), { state: { i } });
    expect(wh.selects).toBe(0);
    // The newest is served from memory; the oldest was evicted and comes from the warehouse.
    expect((await store.get(thread(CONVERSATION_CACHE_ENTRIES)))?.state).toEqual({
      i: CONVERSATION_CACHE_ENTRIES,
    });
    expect(wh.selects).toBe(0);
    expect((await store.get(thread(0)))?.state).toEqual({ stored: true });
    expect(wh.selects).toBe(1);
  });

  it(`event ids: the last ${EVENT_KEYS_REMEMBERED} are refused from memory, older ones by the warehouse`, async () => {
    const wh = new CountingWarehouse();
    const log = new EventLog(wh, 'E');
    for (let i = 0; i <= EVENT_KEYS_REMEMBERED; i++) expect(await log.claim(`e${i}`)).toBe(true);
    expect(wh.merges).toBe(EVENT_KEYS_REMEMBERED + 1);
    expect(await log.claim(`e${EVENT_KEYS_REMEMBERED}`)).toBe(false);
    expect(wh.merges).toBe(EVENT_KEYS_REMEMBERED + 1);
    // Forgotten in memory: the warehouse is asked (and, as a fake, says "new" — the MERGE is what decides).
    await log.claim('e0');
    expect(wh.merges).toBe(EVENT_KEYS_REMEMBERED + 2);
  });

  it(`signing keys: at most ${MAX_SIGNING_KEYS} of a JWKS document are kept`, async () => {
    fake = await FakeBotFrameworkAuth.start(['msteams']);
    const first = fake.keys[0]!;
    for (let i = 0; i < MAX_SIGNING_KEYS + 36; i++)
      fake.keys.push({ ...first, kid: `extra-${i}`, publicJwk: { ...first.publicJwk, kid: `extra-${i}` } });
    const keys = new OpenIdKeyStore({ metadataUrl: fake.metadataUrl, unknownKidRefreshMs: 0 });
    expect(await keys.get(first.kid, 'RS256')).toBeDefined();
    expect(await keys.get(`extra-${MAX_SIGNING_KEYS - 2}`, 'RS256')).toBeDefined();
    expect(await keys.get(`extra-${MAX_SIGNING_KEYS + 35}`, 'RS256')).toBeUndefined();
  });
});
