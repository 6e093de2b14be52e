/**
 * How the fake checks each login: password, OAuth token, programmatic access token, or a key-pair JWT whose
 * RS256 signature and iss/sub claims are verified against the registered public key, as Snowflake does.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

export interface FakeCredentials {
  /** Accepted for AUTHENTICATOR=SNOWFLAKE. */
  password?: string;
  /** Accepted OAuth tokens (SPCS session tokens); replace the list to model a rotation. */
  oauthTokens?: string[];
  /** Accepted programmatic access tokens. */
  pats?: string[];
  /** PEM public key registered for the user (ALTER USER … SET RSA_PUBLIC_KEY). */
  publicKeyPem?: string;
}

export interface LoginVerdict {
  ok: boolean;
  code?: string;
  message?: string;
}

/** `SHA256:<base64 of the DER SubjectPublicKeyInfo>`, the fingerprint Snowflake shows as RSA_PUBLIC_KEY_FP. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

export function checkLogin(
  creds: FakeCredentials,
  account: string,
  data: Record<string, unknown>,
  now = Date.now(),
): LoginVerdict {
  const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  const user = String(data.LOGIN_NAME ?? '');
  const token = typeof data.TOKEN === 'string' ? data.TOKEN : undefined;
  switch (authenticator) {
    case 'SNOWFLAKE':
      return creds.password !== undefined && data.PASSWORD === creds.password
        ? { ok: true }
        : { ok: false, code: '390100', message: 'Incorrect username or password was specified.' };
    case 'OAUTH':
      return token !== undefined && (creds.oauthTokens ?? []).includes(token)
        ? { ok: true }
        : { ok: false, code: '390303', message: 'Invalid OAuth access token. ' };
    case 'PROGRAMMATIC_ACCESS_TOKEN':
      return token !== undefined && (creds.pats ?? []).includes(token)
        ? { ok: true }
        : { ok: false, code: '394400', message: 'Programmatic access token is invalid.' };
    case 'SNOWFLAKE_JWT':
      return checkJwt(creds, account, user, token, now);
    default:
      return { ok: false, code: '390100', message: `Unsupported authenticator ${authenticator}.` };
  }
}

const JWT_INVALID: LoginVerdict = { ok: false, code: '390144', message: 'JWT token is invalid.' };

function checkJwt(
  creds: FakeCredentials,
  account: string,
  user: string,
  token: string | undefined,
  now: number,
): LoginVerdict {
  if (!creds.publicKeyPem || !token) return JWT_INVALID;
  const parts = token.split('.');
  if (parts.length !== 3) return JWT_INVALID;
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: { iss?: string; sub?: string; exp?: number };
  try {
    header = JSON.parse(Buffer.from(headerB64, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  } catch {
    return JWT_INVALID;
  }
  if (header.alg !== 'RS256') return JWT_INVALID;
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerB64}.${payloadB64}`),
    createPublicKey(creds.publicKeyPem),
    Buffer.from(signatureB64, 'base64url'),
  );
  if (!signed) return JWT_INVALID;
  const subject = `${account.toUpperCase()}.${user.toUpperCase()}`;
  if (payload.sub !== subject) return JWT_INVALID;
  if (payload.iss !== `${subject}.${publicKeyFingerprint(creds.publicKeyPem)}`) return JWT_INVALID;
  // snowflake-sdk writes exp in milliseconds; Snowflake's own tokens use seconds. Accept both scales.
  const expMs = typeof payload.exp === 'number' ? (payload.exp > 1e12 ? payload.exp : payload.exp * 1000) : 0;
  if (expMs < now) return { ok: false, code: '390144', message: 'JWT token is invalid. [expired]' };
  return { ok: true };
}
