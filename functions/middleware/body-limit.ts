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
    return limiter(limitFor(c.req.path))(c, next);
  };
}
