/**
 * Verifies the Bot Framework's `Authorization: Bearer <jwt>` on an inbound activity the way the Bot Framework
 * SDK does for channel tokens: key from the OpenID metadata, issuer https://api.botframework.com, audience =
 * the bot's app id, exp/nbf with 5 minutes of clock skew, the key's endorsements naming the activity's channel,
 * and the `serviceurl` claim matching the activity. Every refusal carries a reason for the log, never the token.
 */
import { errors, type JWTPayload, jwtVerify, type ProtectedHeaderParameters } from 'jose';
import { BOT_FRAMEWORK_ISSUER } from './config.js';
import { KeyAlgorithmMismatchError, KeyStoreUnavailableError, type OpenIdKeyStore } from './openIdKeys.js';

const CLOCK_SKEW_SECONDS = 300;
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export type TokenCheck =
  | { ok: true; claims: JWTPayload; endorsements: string[] }
  | { ok: false; status: 401 | 503; reason: string };

/** The parts of an activity the token is checked against. */
export interface ActivityFacts {
  channelId?: unknown;
  serviceUrl?: unknown;
}

export interface BotTokenVerifierOptions {
  appId: string;
  keys: OpenIdKeyStore;
  issuer?: string;
  clockSkewSeconds?: number;
  /** Seconds since the epoch; tests move the clock. */
  currentDate?: () => Date;
}

class UnknownKeyError extends Error {}

export class BotTokenVerifier {
  constructor(private readonly opts: BotTokenVerifierOptions) {}

  /** Step 1, before the body is read: the header, signature and registered claims. */
  async verifyHeader(authorization: string | undefined): Promise<TokenCheck> {
    if (!authorization) return refuse('no Authorization header');
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) return refuse('the Authorization scheme is not Bearer');
    const token = m[1] as string;
    let endorsements: string[] = [];
    try {
      const { payload } = await jwtVerify(
        token,
        async (header: ProtectedHeaderParameters) => {
          if (!header.kid) throw new UnknownKeyError('the token header has no kid');
          const key = await this.opts.keys.get(header.kid, header.alg ?? 'RS256');
          if (!key)
            throw new UnknownKeyError(`signing key ${header.kid} is not in the Bot Framework metadata`);
          endorsements = key.endorsements;
          return key.key;
        },
        {
          issuer: this.opts.issuer ?? BOT_FRAMEWORK_ISSUER,
          audience: this.opts.appId,
          algorithms: ALGORITHMS,
          clockTolerance: this.opts.clockSkewSeconds ?? CLOCK_SKEW_SECONDS,
          requiredClaims: ['exp'],
          ...(this.opts.currentDate ? { currentDate: this.opts.currentDate() } : {}),
        },
      );
      return { ok: true, claims: payload, endorsements };
    } catch (err) {
      return describeFailure(err);
    }
  }

  /** Step 2, once the body is parsed: the claims that depend on the activity. */
  checkActivity(check: Extract<TokenCheck, { ok: true }>, activity: ActivityFacts): TokenCheck {
    const { channelId, serviceUrl } = activity;
    if (typeof channelId !== 'string' || channelId.trim() === '')
      return refuse('the activity has no channelId, so the key endorsements cannot be checked');
    if (!check.endorsements.includes(channelId))
      return refuse(`the signing key is not endorsed for channel ${JSON.stringify(channelId)}`);
    const claimed = check.claims.serviceurl;
    if (typeof serviceUrl === 'string' && serviceUrl !== '' && claimed !== serviceUrl)
      return refuse('the token serviceurl claim does not match the activity serviceUrl');
    return check;
  }
}

function refuse(reason: string): TokenCheck {
  return { ok: false, status: 401, reason };
}

function describeFailure(err: unknown): TokenCheck {
  if (err instanceof KeyStoreUnavailableError)
    return { ok: false, status: 503, reason: `cannot load Bot Framework signing keys: ${err.message}` };
  if (err instanceof UnknownKeyError || err instanceof KeyAlgorithmMismatchError) return refuse(err.message);
  if (err instanceof errors.JWTExpired)
    return refuse('the token has expired (beyond the allowed clock skew)');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return refuse('wrong issuer');
    if (err.claim === 'aud') return refuse('wrong audience (not this bot app id)');
    if (err.claim === 'nbf') return refuse('the token is not valid yet (beyond the allowed clock skew)');
    return refuse(`claim ${err.claim} failed: ${err.reason}`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return refuse('bad signature');
  if (err instanceof errors.JOSEAlgNotAllowed) return refuse('signing algorithm not allowed');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return refuse('malformed token');
  if (err instanceof errors.JOSEError) return refuse(`invalid token (${err.code})`);
  return refuse(`invalid token (${err instanceof Error ? err.name : 'unknown error'})`);
}
