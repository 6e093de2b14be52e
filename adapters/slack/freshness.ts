/**
 * Slack's replay window in both directions. Bolt refuses a request signed more than five minutes ago but accepts
 * one dated in the future, so a captured request could be replayed until that future date plus five minutes. A
 * request dated more than five minutes ahead of our clock is refused here, before Bolt reads it.
 */
import type { NextFunction, Request, Response } from 'express';

const MAX_SKEW_SECONDS = 5 * 60;

export function refuseFutureRequests(now: () => number = Date.now) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('x-slack-request-timestamp');
    const sent = header === undefined ? Number.NaN : Number(header);
    if (Number.isFinite(sent) && sent > Math.floor(now() / 1000) + MAX_SKEW_SECONDS) {
      res.status(401).json({
        error: 'request_time',
        message:
          'The request is dated more than 5 minutes in the future; it is refused as a possible replay.',
      });
      return;
    }
    next();
  };
}
