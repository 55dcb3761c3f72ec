import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new one),
 * echoes it in the response, and writes one access-log line when the response is done.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && CLIENT_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.once('finish', () => {
      const route = String(res.locals.route ?? 'unmatched');
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      const ms = Math.round((performance.now() - started) * 10) / 10;
      // The path only: query strings can carry keys and tokens (`?api_key=`).
      logger.info({ requestId, method: req.method, url: pathOnly(req.originalUrl), route, status: res.statusCode, ms, owner: res.locals.owner }, 'request');
    });
    next();
  };
}

/** A request target without its query string or fragment, for logs. */
export function pathOnly(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
