/**
 * A real bot over loopback HTTP: the real core on the embedded warehouse (in memory) and the local agent, the
 * Teams channel on an Express app, and a fake Bot Connector that records what the bot sends.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import { LocalAgent } from '../../../adapters/local/agent/index.js';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import {
  createTeamsChannel,
  type TeamsChannel,
  type TeamsChannelOptions,
} from '../../../adapters/teams/index.js';
import type { BotCore } from '../../../bot/core/api.js';
import type { Agent } from '../../../bot/core/contracts.js';
import { createBotCore } from '../../../bot/core/index.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import { approverEntries } from '../../../procedures/tracker/approvers.js';
import { type FakeConnector, startFakeConnector } from '../../fakes/fake-connector.js';

const BOT = { id: '28:dea-bot', name: 'DEA' };
export const ALICE = { id: '29:alice', name: 'Alice', aadObjectId: 'aad-alice' }; // requester
export const BOB = { id: '29:bob', name: 'Bob', aadObjectId: 'aad-bob' }; // approver
export const CAROL = { id: '29:carol', name: 'Carol', aadObjectId: 'aad-carol' }; // neither
export const PLAN_TEXT = 'parquet gs://acme-gcs/p/ columns a1, b1';
let buckets = 0;
/** A request for a plan over a bucket no other test uses, so created objects never clash. */
export function planText(): string {
  return `parquet gs://bucket-${++buckets}-${process.pid}/p/ columns a1, b1`;
}

export interface Harness {
  url: string;
  connector: FakeConnector;
  core: BotCore;
  channel: TeamsChannel;
  warehouse: LocalWarehouse;
  post(
    activity: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<TeamsChannelOptions, 'core' | 'logger' | 'app'>> {
  approvers?: string[];
  /** Wraps the local agent (e.g. to pace its events like a real model). */
  wrapAgent?: (agent: Agent) => Agent;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const storageDir = mkdtempSync(path.join(tmpdir(), 'dea-teams-'));
  const approvers = opts.approvers ?? ['teams:aad-bob'];
  const warehouse = await LocalWarehouse.open({
    path: ':memory:',
    storageDir,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    role: 'bot',
    approvers: approverEntries(approvers, false),
  });
  const logger = pino({ level: process.env.TEAMS_TEST_LOG ?? 'silent' });
  const local = new LocalAgent({
    callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)),
  });
  const agent = opts.wrapAgent ? opts.wrapAgent(local) : local;
  const core = createBotCore({
    warehouse,
    agent,
    logger,
    settings: {
      approvers,
      allowSelfApproval: false,
      openApproval: false,
      planTtlMs: 60 * 60_000,
      database: 'LEILA_APP',
      schema: 'PUBLIC',
      progressIntervalMs: 0,
    },
  });
  const connector = await startFakeConnector();
  const app = express();
  const { approvers: _a, wrapAgent: _w, ...channelOpts } = opts;
  const channel = createTeamsChannel({
    settings: { appType: 'SingleTenant' },
    typingIntervalMs: 60_000,
    ...channelOpts,
    core,
    logger,
    app,
  });
  await channel.start();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  return {
    url,
    connector,
    core,
    channel,
    warehouse,
    async post(activity, headers = {}) {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      });
      const text = await r.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: r.status, body, text };
    },
    async close() {
      await channel.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
      await warehouse.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

type Account = { id: string; name: string; aadObjectId: string };

export function channelConversation(root: string) {
  return {
    id: `19:chan-1@thread.tacv2;messageid=${root}`,
    conversationType: 'channel',
    tenantId: 'tenant-1',
  };
}

let seq = 0;
export function nextId(prefix = 'msg'): string {
  return `${prefix}-${++seq}-${Date.now()}`;
}

export function message(
  h: Pick<Harness, 'connector'>,
  opts: {
    id?: string;
    text: string;
    from?: Account;
    conversation?: Record<string, unknown>;
    mention?: boolean;
  },
) {
  const mention = opts.mention ?? true;
  const id = opts.id ?? nextId();
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: h.connector.serviceUrl,
    timestamp: new Date().toISOString(),
    from: opts.from ?? ALICE,
    recipient: BOT,
    conversation: opts.conversation ?? channelConversation(id),
    channelData: { tenant: { id: 'tenant-1' } },
    text: mention ? `<at>${BOT.name}</at> ${opts.text}` : opts.text,
    ...(mention ? { entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] } : {}),
  };
}

export function invoke(
  h: Pick<Harness, 'connector'>,
  opts: {
    verb: string;
    data: Record<string, unknown>;
    from: Account;
    conversation: Record<string, unknown>;
    replyToId?: string;
    id?: string;
  },
) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: opts.id ?? nextId('inv'),
    channelId: 'msteams',
    serviceUrl: h.connector.serviceUrl,
    from: opts.from,
    recipient: BOT,
    conversation: opts.conversation,
    ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
    channelData: { tenant: { id: 'tenant-1' } },
    value: {
      action: { type: 'Action.Execute', verb: opts.verb, data: opts.data },
      trigger: opts.verb === 'refresh' ? 'automatic' : 'manual',
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: card JSON
export type Card = any;

/** Adaptive Card content of a recorded activity, if it has one. */
// biome-ignore lint/suspicious/noExplicitAny: activity JSON
export function cardOf(activity: any): Card | undefined {
  return activity?.attachments?.find(
    (a: { contentType: string }) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
}

/** All text of a card, flattened (TextBlocks, FactSet values, code). */
export function cardText(card: Card): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.text === 'string') out.push(n.text);
    if (typeof n.codeSnippet === 'string') out.push(n.codeSnippet);
    if (typeof n.title === 'string' && typeof n.value === 'string') out.push(`${n.title}: ${n.value}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback' && typeof v === 'object') walk(v);
  };
  walk(card?.body);
  return out.join('\n');
}

/** The plan card posted for a conversation, with the id the connector gave its message. */
export async function waitForPlanCard(h: Harness, conversationId: string, after = 0) {
  const calls = await h.connector.waitUntil((cs) =>
    cs
      .slice(after)
      .some((c) => c.method === 'POST' && c.conversationId === conversationId && cardOf(c.body)?.actions),
  );
  const call = calls
    .slice(after)
    .find((c) => c.method === 'POST' && c.conversationId === conversationId && cardOf(c.body)?.actions)!;
  const card = cardOf(call.body);
  const data = card.actions[0].data as { pipelineId: string; hash: string };
  return { call, card, data, messageId: call.id! };
}
