/**
 * Snowflake credentials turned into bearer tokens: the SPCS OAuth token file, a key-pair JWT, a PAT. The one
 * home of token loading: the warehouse's driver options (auth.ts), the Cortex client and the Teams relay all take
 * what this module builds. Tokens and keys are never logged or put into error messages.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';
import type { AuthToken, TokenProvider } from '../../bot/core/contracts.js';
import type { SnowflakeAuth } from './settings.js';

export type { AuthToken, TokenProvider, TokenType } from '../../bot/core/contracts.js';

export class AuthError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'AuthError';
  }
}

/**
 * The OAuth token SPCS mounts at /snowflake/session/token. Snowflake rotates the file's content, so it is
 * read on every call (a few hundred bytes from a local mount) instead of being cached.
 */
export class OAuthTokenFileProvider implements TokenProvider {
  constructor(private readonly path: string) {}

  async getToken(): Promise<AuthToken> {
    return { token: readTokenFile(this.path), tokenType: 'OAUTH' };
  }

  invalidate(): void {
    // Nothing cached: the next getToken() reads the file again.
  }
}

export class PatTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {
    if (token.trim() === '') throw new AuthError('the programmatic access token is empty');
  }

  async getToken(): Promise<AuthToken> {
    return { token: this.token.trim(), tokenType: 'PROGRAMMATIC_ACCESS_TOKEN' };
  }

  invalidate(): void {
    // A PAT cannot be refreshed by the client; a second 401 surfaces as an error.
  }
}

export interface KeyPairJwtOptions {
  /** Account identifier as configured (`xy12345`, `xy12345.us-east-1`, `myorg-myaccount`). */
  account: string;
  user: string;
  /** PKCS#8 or PKCS#1 PEM, encrypted or not. */
  privateKey: string;
  passphrase?: string;
  /** JWT lifetime; Snowflake refuses more than one hour. Default 59 minutes. */
  lifetimeMs?: number;
  /** Sign a new JWT this long before the cached one expires. Default 5 minutes. */
  refreshBeforeMs?: number;
  now?: () => number;
}

const HOUR_MS = 3_600_000;

/**
 * Reads the SPCS token file (a few hundred bytes from a local mount, so a synchronous read is fine; the driver
 * asks for connection options synchronously).
 */
export function readTokenFile(path: string): string {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AuthError(`cannot read the Snowflake OAuth token file ${path}`, { cause });
  }
  const token = raw.trim();
  if (token === '') throw new AuthError(`the Snowflake OAuth token file ${path} is empty`);
  return token;
}

/**
 * The account part of `iss`/`sub`: the locator without region or cloud (`xy12345.us-east-1` → `XY12345`),
 * the account name of a `.global` identifier (before the first `-`), upper case — as Snowflake's
 * key-pair authentication guide prescribes.
 */
export function jwtAccount(account: string): string {
  const a = account.trim();
  const cut = a.includes('.global') ? a.indexOf('-') : a.indexOf('.');
  return (cut > 0 ? a.slice(0, cut) : a).toUpperCase();
}

/** `SHA256:<base64 of the SHA-256 of the DER public key>` — what DESC USER shows as RSA_PUBLIC_KEY_FP. */
function publicKeyFingerprint(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

export class KeyPairJwtProvider implements TokenProvider {
  private readonly key: KeyObject;
  private readonly qualifiedUser: string;
  private readonly fingerprint: string;
  private readonly lifetimeMs: number;
  private readonly refreshBeforeMs: number;
  private readonly now: () => number;
  private cached: { token: string; expiresAt: number } | undefined;

  constructor(opts: KeyPairJwtOptions) {
    // A PEM passed through an environment variable often arrives with literal `\n` sequences.
    const pem = opts.privateKey.includes('\n') ? opts.privateKey : opts.privateKey.replaceAll('\\n', '\n');
    try {
      this.key = createPrivateKey(
        opts.passphrase === undefined
          ? { key: pem, format: 'pem' }
          : { key: pem, format: 'pem', passphrase: opts.passphrase },
      );
    } catch (cause) {
      // The cause may quote the PEM framing but never the key; keep only our own message.
      throw new AuthError(
        opts.passphrase === undefined
          ? 'cannot load the Snowflake private key (an encrypted key needs SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)'
          : 'cannot load the Snowflake private key (wrong passphrase or not a PEM private key)',
        { cause: cause instanceof Error ? new Error(cause.message) : undefined },
      );
    }
    if (this.key.asymmetricKeyType !== 'rsa')
      throw new AuthError('the Snowflake private key must be an RSA key');
    this.qualifiedUser = `${jwtAccount(opts.account)}.${opts.user.trim().toUpperCase()}`;
    this.fingerprint = publicKeyFingerprint(this.key);
    this.lifetimeMs = Math.min(opts.lifetimeMs ?? 59 * 60_000, HOUR_MS);
    this.refreshBeforeMs = Math.min(opts.refreshBeforeMs ?? 5 * 60_000, this.lifetimeMs / 2);
    this.now = opts.now ?? Date.now;
  }

  /** `ACCOUNT.USER.SHA256:<fp>` */
  get issuer(): string {
    return `${this.qualifiedUser}.${this.fingerprint}`;
  }

  get subject(): string {
    return this.qualifiedUser;
  }

  async getToken(): Promise<AuthToken> {
    const now = this.now();
    if (this.cached && now < this.cached.expiresAt - this.refreshBeforeMs) {
      return { token: this.cached.token, tokenType: 'KEYPAIR_JWT' };
    }
    const iat = Math.floor(now / 1000);
    const exp = Math.floor((now + this.lifetimeMs) / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(this.subject)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    this.cached = { token, expiresAt: exp * 1000 };
    return { token, tokenType: 'KEYPAIR_JWT' };
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

export interface TokenSettings {
  /** PAT (`SNOWFLAKE_TOKEN`). */
  token?: string;
  /** PEM text (`SNOWFLAKE_PRIVATE_KEY`) or a file (`SNOWFLAKE_PRIVATE_KEY_PATH`). */
  privateKey?: string;
  privateKeyPath?: string;
  passphrase?: string;
  account?: string;
  user?: string;
  /** `SNOWFLAKE_TOKEN_FILE` (SPCS: /snowflake/session/token). */
  tokenFile?: string;
}

/**
 * Picks the provider from settings: an explicit PAT, then a key pair, then the OAuth token file. Explicit
 * credentials win over the file so that a developer running the image outside SPCS is not surprised.
 */
export async function tokenProviderFromSettings(s: TokenSettings): Promise<TokenProvider> {
  if (s.token) return new PatTokenProvider(s.token);
  if (s.privateKey || s.privateKeyPath) {
    if (!s.account || !s.user)
      throw new AuthError('key-pair authentication needs SNOWFLAKE_ACCOUNT and SNOWFLAKE_USER');
    let pem = s.privateKey;
    if (pem === undefined) {
      try {
        pem = await readFile(s.privateKeyPath as string, 'utf8');
      } catch {
        throw new AuthError(`cannot read ${s.privateKeyPath}`);
      }
    }
    return new KeyPairJwtProvider({
      account: s.account,
      user: s.user,
      privateKey: pem,
      ...(s.passphrase === undefined ? {} : { passphrase: s.passphrase }),
    });
  }
  if (s.tokenFile) return new OAuthTokenFileProvider(s.tokenFile);
  throw new AuthError(
    'no Snowflake credentials: set SNOWFLAKE_TOKEN, SNOWFLAKE_PRIVATE_KEY(_PATH) or SNOWFLAKE_TOKEN_FILE',
  );
}

/** Credentials as configured: the warehouse's auth, where a key may still be a path to read. */
export type CredentialSettings =
  | Exclude<SnowflakeAuth, { kind: 'key-pair' }>
  | { kind: 'key-pair'; privateKeyPem?: string; privateKeyPath?: string; passphrase?: string };

/** The provider for the warehouse's own auth settings (the same credentials the driver uses). */
export async function tokenProviderForAuth(
  auth: CredentialSettings,
  ids: { account: string; user?: string | undefined },
): Promise<TokenProvider> {
  switch (auth.kind) {
    case 'pat':
      return tokenProviderFromSettings({ token: auth.token });
    case 'oauth-token-file':
      return tokenProviderFromSettings({ tokenFile: auth.path });
    case 'key-pair':
      return tokenProviderFromSettings({
        account: ids.account,
        ...(ids.user === undefined ? {} : { user: ids.user }),
        ...(auth.privateKeyPem ? { privateKey: auth.privateKeyPem } : {}),
        ...(auth.privateKeyPath ? { privateKeyPath: auth.privateKeyPath } : {}),
        ...(auth.passphrase === undefined ? {} : { passphrase: auth.passphrase }),
      });
  }
}
