/**
 * The relay between loopback fakes: Bot Framework metadata/JWKS → `dea relay` → fake Snowflake token endpoint
 * and fake SPCS ingress → a stand-in bot endpoint that records what arrives and answers invokes with a card.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../../bot/log/logger.js';
import { loadRelayConfig } from '../../../bot/relay/config.js';
import { type RelayOptions, type RunningRelay, startRelay } from '../../../bot/relay/relay.js';
import { FakeBotFrameworkAuth } from '../../fakes/fake-botframework-auth.js';
import { FakeIngress } from '../../fakes/fake-ingress.js';
import { FakeSnowflakeOAuth, type FakeSnowflakeOAuthOptions } from '../../fakes/fake-snowflake-oauth.js';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
const ROLE = 'DEA_RELAY_ROLE';
const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/** An invoke answer as the bot sends it back for a card button: the updated Adaptive Card. */
export const INVOKE_ANSWER = Buffer.from(
  JSON.stringify({
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Approved by Ada ✅' }],
    },
  }),
);

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The stand-in bot endpoint behind the ingress. */
export class StandInBot {
  readonly received: Received[] = [];
  /** Overrides the answer (status, body) for the next requests. */
  respond:
    | ((r: Received) => { status: number; body?: Buffer; type?: string; delayMs?: number } | 'hang')
    | undefined;
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        this.received.push(r);
        const custom = this.respond?.(r);
        if (custom === 'hang') return;
        if (custom) {
          setTimeout(
            () =>
              res
                .writeHead(custom.status, custom.type ? { 'content-type': custom.type } : {})
                .end(custom.body),
            custom.delayMs ?? 0,
          );
          return;
        }
        const activity = JSON.parse(r.body.toString('utf8')) as { type?: string };
        if (activity.type === 'invoke') {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(INVOKE_ANSWER);
          return;
        }
        res.writeHead(200).end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export interface LogCapture {
  lines: Record<string, unknown>[];
  text(): string;
}

function captureLogs(): { stream: Writable; capture: LogCapture } {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const s = chunk.toString('utf8');
      raw.push(s);
      for (const l of s.split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { stream, capture: { lines, text: () => raw.join('') } };
}

let userKey: { privateKey: string; publicKey: KeyObject } | undefined;
/** One RSA key for the Snowflake service user, generated once per test file (generation is the slow part). */
export function snowflakeUserKey(): { privateKey: string; publicKey: KeyObject } {
  if (!userKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    userKey = { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey };
  }
  return userKey;
}

export interface World {
  botAuth: FakeBotFrameworkAuth;
  oauth: FakeSnowflakeOAuth;
  ingress: FakeIngress;
  bot: StandInBot;
  relay: RunningRelay;
  logs: LogCapture;
  /** POST to the relay's /api/messages. */
  post(
    body: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Buffer; type: string | null }>;
  /** A valid Bot Framework Authorization header value. */
  bearer(
    opts?: Parameters<FakeBotFrameworkAuth['sign']>[0] | Partial<Parameters<FakeBotFrameworkAuth['sign']>[0]>,
  ): Promise<string>;
  close(): Promise<void>;
}

export interface WorldOptions {
  oauth?: Partial<Omit<FakeSnowflakeOAuthOptions, 'account' | 'user' | 'publicKey'>>;
  relay?: Partial<Omit<RelayOptions, 'logger'>>;
  /** Extra/overriding environment for the relay (e.g. SNOWFLAKE_TOKEN for a PAT). */
  env?: Record<string, string | undefined>;
  /** Point the relay at this target instead of the fake ingress. */
  target?: string;
  /** Tokens the ingress accepts besides the exchanged ones (PATs). */
  pats?: string[];
  /** Use this Bot Framework fake (e.g. one a real Teams channel also trusts); closed with the world. */
  botAuth?: FakeBotFrameworkAuth;
  /** Base URL behind the ingress instead of the stand-in bot (e.g. the real Teams channel). */
  upstream?: string;
}

export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const key = snowflakeUserKey();
  const botAuth = o.botAuth ?? (await FakeBotFrameworkAuth.start(['msteams']));
  const bot = new StandInBot();
  await bot.start();
  let oauth: FakeSnowflakeOAuth | undefined;
  const pats = new Set(o.pats ?? []);
  const ingress = await FakeIngress.start({
    accepts: (t) => pats.has(t) || (oauth?.isValid(t) ?? false),
    upstream: o.upstream ?? bot.url,
  });
  const target = o.target ?? ingress.url;
  oauth = await FakeSnowflakeOAuth.start({
    account: 'myorg-myaccount',
    user: 'dea_relay',
    publicKey: key.publicKey,
    expectedScope: `session:role:${ROLE} ${new URL(target).host}`,
    ...o.oauth,
  });
  const env: Record<string, string | undefined> = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_OPENID_METADATA_URL: botAuth.metadataUrl,
    DEA_RELAY_TARGET: target,
    SNOWFLAKE_OAUTH_TOKEN_URL: oauth.tokenUrl,
    SNOWFLAKE_ACCOUNT: 'myorg-myaccount',
    SNOWFLAKE_USER: 'dea_relay',
    SNOWFLAKE_ROLE: ROLE,
    SNOWFLAKE_PRIVATE_KEY: key.privateKey,
    ...o.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const config = loadRelayConfig(env as NodeJS.ProcessEnv);
  const { stream, capture } = captureLogs();
  const logger = createLogger({ level: 'debug', destination: stream, name: 'dea-relay' });
  const relay = await startRelay(config, { logger, ...o.relay });
  const world: World = {
    botAuth,
    oauth,
    ingress,
    bot,
    relay,
    logs: capture,
    async post(body, headers = {}) {
      const res = await fetch(`${relay.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body,
      });
      return {
        status: res.status,
        body: Buffer.from(await res.arrayBuffer()),
        type: res.headers.get('content-type'),
      };
    },
    async bearer(opts = {}) {
      return `Bearer ${await botAuth.sign({ aud: APP_ID, serviceUrl: SERVICE_URL, ...opts })}`;
    },
    async close() {
      await relay.shutdown('test');
      await Promise.all([botAuth.close(), ingress.close(), bot.close(), oauth?.close()]);
    },
  };
  return world;
}

export function message(text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'message',
    id: '1700000000000',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: '29:abc', aadObjectId: '00000000-0000-0000-0000-00000000000a', name: 'Ada' },
    conversation: { id: 'a:1xyz', tenantId: '00000000-0000-0000-0000-0000000000ff' },
    recipient: { id: `28:${APP_ID}`, name: 'dea' },
    text,
    ...extra,
  });
}

export function invoke(verb: string): string {
  return JSON.stringify({
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: '29:abc', aadObjectId: '00000000-0000-0000-0000-00000000000a' },
    conversation: { id: 'a:1xyz' },
    value: { action: { type: 'Action.Execute', verb, data: { planId: 'P-1', hash: 'abc' } } },
  });
}
