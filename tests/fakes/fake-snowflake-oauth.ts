/**
 * A loopback Snowflake `/oauth/token` endpoint for the key-pair JWT exchange (SPCS "access a public endpoint
 * programmatically"): checks the form, verifies the assertion's RS256 signature against the user's registered
 * public key and its claims (iss `ACCOUNT.USER.SHA256:<fp>`, sub `ACCOUNT.USER`, upper case, exp ≤ 1 h), checks the
 * scope and issues opaque tokens that the fake ingress accepts until they are revoked.
 */
import { createHash, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

export interface FakeSnowflakeOAuthOptions {
  account: string;
  user: string;
  /** The key set with ALTER USER … SET RSA_PUBLIC_KEY. */
  publicKey: KeyObject;
  /** What the scope must be exactly, e.g. `session:role:DEA_RELAY_ROLE 127.0.0.1:1234`. */
  expectedScope?: string;
  /** Answer `{access_token, expires_in}` JSON instead of the bare token text. */
  json?: { expiresIn?: number };
  /** Hold each exchange this long (to observe concurrent callers). */
  delayMs?: number;
}

export interface ExchangeRecord {
  scope: string | null;
  grantType: string | null;
  ok: boolean;
  error?: string;
}

export class FakeSnowflakeOAuth {
  readonly exchanges: ExchangeRecord[] = [];
  private readonly issued = new Set<string>();
  private readonly server: Server;
  /** When set, the endpoint answers this status to every exchange. */
  failWith: number | undefined;
  url = '';

  private constructor(readonly opts: FakeSnowflakeOAuthOptions) {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        ({ status, body, type }) => res.writeHead(status, { 'content-type': type }).end(body),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    });
  }

  static async start(opts: FakeSnowflakeOAuthOptions): Promise<FakeSnowflakeOAuth> {
    const fake = new FakeSnowflakeOAuth(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get tokenUrl(): string {
    return `${this.url}/oauth/token`;
  }

  isValid(token: string): boolean {
    return this.issued.has(token);
  }

  /** Revokes every token issued so far (as an expiry or ALTER USER … UNSET would). */
  revokeAll(): void {
    this.issued.clear();
  }

  get successfulExchanges(): number {
    return this.exchanges.filter((e) => e.ok).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string; type: string }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || req.url !== '/oauth/token') return err(404, 'not found');
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return err(400, 'form body expected');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const record: ExchangeRecord = { scope: form.get('scope'), grantType: form.get('grant_type'), ok: false };
    this.exchanges.push(record);
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
    if (this.failWith) return err(this.failWith, 'configured failure', record);
    if (record.grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return err(400, 'unsupported_grant_type', record);
    if (this.opts.expectedScope !== undefined && record.scope !== this.opts.expectedScope)
      return err(400, `invalid_scope ${record.scope}`, record);
    const assertion = form.get('assertion');
    if (!assertion) return err(400, 'missing assertion', record);
    const qualified = `${this.opts.account.toUpperCase()}.${this.opts.user.toUpperCase()}`;
    const der = this.opts.publicKey.export({ type: 'spki', format: 'der' });
    const fp = `SHA256:${createHash('sha256').update(der).digest('base64')}`;
    try {
      const { payload } = await jwtVerify(assertion, this.opts.publicKey, {
        algorithms: ['RS256'],
        issuer: `${qualified}.${fp}`,
        subject: qualified,
        requiredClaims: ['iat', 'exp'],
      });
      if ((payload.exp as number) - (payload.iat as number) > 3600)
        return err(400, 'JWT lifetime over 1 hour', record);
    } catch (e) {
      return err(401, `JWT_TOKEN_INVALID ${(e as Error).message}`, record);
    }
    const token = `ver:1-hint:${randomBytes(24).toString('hex')}`;
    this.issued.add(token);
    record.ok = true;
    if (this.opts.json)
      return {
        status: 200,
        type: 'application/json',
        body: JSON.stringify({
          access_token: token,
          token_type: 'Bearer',
          expires_in: this.opts.json.expiresIn ?? 600,
        }),
      };
    return { status: 200, type: 'text/plain', body: token };
  }
}

function err(status: number, message: string, record?: ExchangeRecord) {
  if (record) record.error = message;
  return { status, type: 'application/json', body: JSON.stringify({ error: message, code: '390144' }) };
}
