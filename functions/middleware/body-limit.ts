import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiBodyLimit } from '../../src/lib/body-limits';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/**
 * Every request's body limit, from the one table in src/lib/body-limits.ts. A declared
 * `Content-Length` over the limit is refused before a byte is read; a body sent without
 * one is counted as it arrives and refused as soon as it passes the limit. Either way:
 * 413 in the app's error shape, in the requester's language.
 */
export function limitBodies(limitFor: (pathname: string) => number = apiBodyLimit): MiddlewareHandler<AppEnv> {
  const limiters = new Map<number, MiddlewareHandler<AppEnv>>();
  const limiter = (maxBytes: number) => {
    let found = limiters.get(maxBytes);
    if (!found) {
      found = bodyLimit({
        maxSize: maxBytes,
        onError: () => {
          // `Connection: close`: otherwise the server reads (and throws away) the rest of the body to keep the connection.
          throw new ApiError(
            413,
            'payload_too_large',
            'error.payloadTooLarge',
            { limit: maxBytes, kib: Math.floor(maxBytes / 1024) },
            { Connection: 'close' },
          );
        },
      });
      limiters.set(maxBytes, found);
    }
    return found;
  };
  return function limitBodiesMiddleware(c, next) {
    // A GET or HEAD request has no body (hono's limiter lets it through for that), and a
    // declared length within the limit passes its header check too: both answered here,
    // from the headers alone. Asking the request for its `body`, as hono's limiter does
    // first, makes @hono/node-server build a whole web Request and a stream around the
    // socket; without it the route reads the body straight from Node (issue 13,
    // docs/performance.md). Everything else (no length, a chunked body, a length over the
    // limit) goes to hono's limiter as before.
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const maxBytes = limitFor(c.req.path);
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined && Number.parseInt(declared, 10) <= maxBytes)
      return next();
    return limiter(maxBytes)(c, next);
  };
}
