/** Response headers of every dashboard route, the same-origin rule and the CSRF token of the browser's POSTs. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * No inline script or style anywhere: scripts and styles come from /static only, requests go to this origin only,
 * and no other site may frame the pages.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/**
 * A browser tells where a POST comes from (Sec-Fetch-Site, Origin). A page of another site must not drive the
 * local chat or Quick Setup on the user's behalf; scripts and tests without those headers are same-machine callers.
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction): void {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const host = req.get('host');
  const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  let crossOrigin = false;
  if (origin && origin !== 'null' && host) {
    try {
      crossOrigin = new URL(origin).host !== host;
    } catch {
      crossOrigin = true;
    }
  } else if (origin === 'null') crossOrigin = true;
  if (crossSite || crossOrigin) {
    res.status(403).json({ error: 'cross_origin', message: 'Requests from other sites are refused.' });
    return;
  }
  next();
}

/**
 * CSRF protection of every state-changing request (chat messages, decisions, rechecks, Quick Setup), as a double
 * submit: the page that offers the action sets a random token in a SameSite=Strict cookie and writes the same
 * token into the page; the request must carry it back (header `X-CSRF-Token`, or the form field `_csrf`) and
 * match the cookie. Another site can neither read the page nor set the cookie, and the state lives in the
 * browser, so any replica can check it.
 */
const CSRF_COOKIE = 'dea_csrf';
const CSRF_HEADER = 'x-csrf-token';
const CSRF_FIELD = '_csrf';
const TOKEN = /^[0-9a-f]{64}$/;

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token of this browser, set as a cookie when it has none (or a malformed one). */
export function csrfToken(req: Request, res: Response): string {
  const existing = cookieValue(req, CSRF_COOKIE);
  if (existing && TOKEN.test(existing)) return existing;
  const token = randomBytes(32).toString('hex');
  res.append('Set-Cookie', `${CSRF_COOKIE}=${token}; Path=/; SameSite=Strict; HttpOnly`);
  return token;
}

/** Refuses a state-changing request whose token is missing or differs from its cookie (after body parsing). */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const cookie = cookieValue(req, CSRF_COOKIE);
  const body = req.body as Record<string, unknown> | undefined;
  const sent =
    req.get(CSRF_HEADER) ?? (typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined);
  const ok =
    cookie !== undefined &&
    sent !== undefined &&
    TOKEN.test(cookie) &&
    sent.length === cookie.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(cookie));
  if (!ok) {
    res.status(403).set('Cache-Control', 'no-store').json({
      error: 'csrf',
      message:
        'The request has no valid CSRF token. Reload the page and try again; scripts read the token from the page (data-csrf) and send it as X-CSRF-Token with the dea_csrf cookie.',
    });
    return;
  }
  if (body && CSRF_FIELD in body) delete body[CSRF_FIELD];
  next();
}
