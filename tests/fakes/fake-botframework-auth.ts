/**
 * A loopback stand-in for login.botframework.com: serves the OpenID metadata and a JWKS whose keys carry
 * `endorsements`, and signs Bot Framework channel tokens with those keys (or with keys it does not publish).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface FakeSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK & { endorsements: string[] };
}

export interface SignOptions {
  aud: string;
  iss?: string;
  /** Seconds relative to now; default +3600. */
  expIn?: number;
  /** Seconds relative to now; default -60. */
  nbfIn?: number;
  serviceUrl?: string;
  /** Which published key signs; default the first. */
  kid?: string;
  /** Sign with this key instead of the published one (still announcing `kid`). */
  signWith?: CryptoKey;
  alg?: string;
}

export async function makeSigningKey(
  endorsements: string[] = ['msteams'],
  kid = randomUUID(),
): Promise<FakeSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    privateKey,
    publicJwk: { ...jwk, kid, kty: 'RSA', use: 'sig', endorsements },
  };
}

export class FakeBotFrameworkAuth {
  readonly keys: FakeSigningKey[] = [];
  metadataRequests = 0;
  jwksRequests = 0;
  /** When set, both documents answer this status. */
  failWith: number | undefined;
  private readonly server: Server;
  url = '';

  private constructor() {
    this.server = createServer((req, res) => {
      if (this.failWith) {
        res.writeHead(this.failWith).end();
        return;
      }
      if (req.url === '/v1/.well-known/openidconfiguration') {
        this.metadataRequests += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: BOT_FRAMEWORK_ISSUER,
            authorization_endpoint: 'https://invalid.botframework.com',
            jwks_uri: `${this.url}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
        return;
      }
      if (req.url === '/v1/.well-known/keys') {
        this.jwksRequests += 1;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }));
        return;
      }
      res.writeHead(404).end();
    });
  }

  static async start(endorsements: string[] = ['msteams']): Promise<FakeBotFrameworkAuth> {
    const fake = new FakeBotFrameworkAuth();
    fake.keys.push(await makeSigningKey(endorsements));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** Publishes another key (a rotation) and returns it. */
  async addKey(endorsements: string[] = ['msteams']): Promise<FakeSigningKey> {
    const key = await makeSigningKey(endorsements);
    this.keys.push(key);
    return key;
  }

  async sign(o: SignOptions): Promise<string> {
    const key = o.kid ? this.keys.find((k) => k.kid === o.kid) : this.keys[0];
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      serviceurl: o.serviceUrl ?? 'https://smba.trafficmanager.net/teams/',
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: o.alg ?? 'RS256', typ: 'JWT', kid: o.kid ?? key?.kid ?? 'none' })
      .setIssuer(o.iss ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(o.aud)
      .setIssuedAt(now)
      .setNotBefore(now + (o.nbfIn ?? -60))
      .setExpirationTime(now + (o.expIn ?? 3600))
      .sign(o.signWith ?? (key as FakeSigningKey).privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
