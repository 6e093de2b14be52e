/**
 * Bot Framework signing keys from the OpenID metadata document (metadata → jwks_uri → keys). Keys are cached;
 * an unknown `kid` triggers a refresh (Microsoft rotates keys without notice), rate-limited so a stream of
 * forged kids cannot turn the relay into a load generator against login.botframework.com.
 */
import { type CryptoKey, importJWK, type JWK } from 'jose';

export interface SigningKey {
  key: CryptoKey | Uint8Array;
  /** Channels this key may sign activities for (`msteams`, `webchat`, …). */
  endorsements: string[];
}

export class KeyStoreUnavailableError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'KeyStoreUnavailableError';
  }
}

export class KeyAlgorithmMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyAlgorithmMismatchError';
  }
}

export interface OpenIdKeyStoreOptions {
  metadataUrl: string;
  /** Keys older than this are refreshed on the next lookup. Default 24 h, as the Bot Framework SDK does. */
  maxAgeMs?: number;
  /** At most one refresh per this interval because of unknown kids. Default 5 minutes. */
  unknownKidRefreshMs?: number;
  fetchTimeoutMs?: number;
  now?: () => number;
}

interface JwkWithEndorsements extends JWK {
  endorsements?: unknown;
}

/** How many signing keys of one JWKS document are kept (Bot Framework publishes fewer than ten). */
export const MAX_SIGNING_KEYS = 64;

/** A WebCrypto key is bound to one algorithm, so each (key, alg) pair is imported once on first use. */
interface KeyEntry {
  jwk: JwkWithEndorsements;
  imported: Map<string, Promise<SigningKey>>;
}

export class OpenIdKeyStore {
  private keys = new Map<string, KeyEntry>();
  private loadedAt = 0;
  private lastUnknownKidRefresh = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  private readonly now: () => number;
  /** How many times the metadata was fetched (tests and logs). */
  refreshCount = 0;

  constructor(private readonly opts: OpenIdKeyStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The key for `kid`, or undefined if the metadata does not list it (even after an allowed refresh). */
  async get(kid: string, alg: string): Promise<SigningKey | undefined> {
    const now = this.now();
    const stale = this.loadedAt === 0 || now - this.loadedAt > (this.opts.maxAgeMs ?? 86_400_000);
    if (stale) {
      try {
        await this.refresh();
      } catch (err) {
        // Serve from the previous key set if there is one: a metadata outage must not stop valid traffic.
        if (this.keys.size === 0) throw err;
      }
    } else if (
      !this.keys.has(kid) &&
      now - this.lastUnknownKidRefresh >= (this.opts.unknownKidRefreshMs ?? 300_000)
    ) {
      this.lastUnknownKidRefresh = now;
      await this.refresh().catch(() => undefined);
    }
    const entry = this.keys.get(kid);
    if (!entry) return undefined;
    let imported = entry.imported.get(alg);
    if (!imported) {
      imported = importKey(entry.jwk, alg);
      entry.imported.set(alg, imported);
    }
    return imported;
  }

  /** One refresh at a time; concurrent callers share it. */
  refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.refreshCount += 1;
    const metadata = await this.getJson(this.opts.metadataUrl, 'OpenID metadata');
    const jwksUri = (metadata as { jwks_uri?: unknown }).jwks_uri;
    if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri))
      throw new KeyStoreUnavailableError('the OpenID metadata has no valid jwks_uri');
    const jwks = (await this.getJson(jwksUri, 'signing keys')) as { keys?: unknown };
    if (!Array.isArray(jwks.keys)) throw new KeyStoreUnavailableError('the JWKS document has no keys array');
    const next = new Map<string, KeyEntry>();
    for (const k of jwks.keys as JwkWithEndorsements[]) {
      if (typeof k?.kid !== 'string' || k.kty !== 'RSA') continue;
      // Microsoft publishes a handful; a document with thousands is not one to keep in memory.
      if (next.size >= MAX_SIGNING_KEYS) break;
      // Keep already imported keys: importing is cheap but not free, and the set rarely changes.
      const old = this.keys.get(k.kid);
      next.set(k.kid, old && old.jwk.n === k.n && old.jwk.e === k.e ? old : { jwk: k, imported: new Map() });
    }
    this.keys = next;
    this.loadedAt = this.now();
  }

  private async getJson(url: string, what: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.opts.fetchTimeoutMs ?? 5_000),
      });
    } catch (cause) {
      throw new KeyStoreUnavailableError(`cannot fetch the Bot Framework ${what} from ${url}`, { cause });
    }
    if (!res.ok)
      throw new KeyStoreUnavailableError(`the Bot Framework ${what} at ${url} answered ${res.status}`);
    try {
      return await res.json();
    } catch (cause) {
      throw new KeyStoreUnavailableError(`the Bot Framework ${what} at ${url} is not JSON`, { cause });
    }
  }
}

async function importKey(jwk: JwkWithEndorsements, alg: string): Promise<SigningKey> {
  const { endorsements, alg: declared, ...plain } = jwk;
  if (declared !== undefined && declared !== alg)
    throw new KeyAlgorithmMismatchError(`key ${jwk.kid} is declared for ${declared}, the token uses ${alg}`);
  const key = await importJWK(plain, alg);
  return {
    key,
    endorsements: Array.isArray(endorsements)
      ? endorsements.filter((e): e is string => typeof e === 'string')
      : [],
  };
}
