import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error a request can end with: a status, a stable machine code and the key of a
 * message in `locales/<lng>/errors.json`, translated into the requester's language by
 * the app's one error handler.
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    readonly messageKey: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message: code });
  }
}

/** How long a client should wait before trying again when the database is away. */
export const RETRY_AFTER_UNAVAILABLE_SECONDS = 30;
