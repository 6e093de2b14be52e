/** Response headers of every dashboard route, and the same-origin rule for the browser's POSTs. */
import type { NextFunction, Request, Response } from 'express';

/**
 * No inline script or style anywhere: scripts and styles come from /static only, requests go to this origin only,
 * and no other site may frame the pages.
 */
export const CONTENT_SECURITY_POLICY = [
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
