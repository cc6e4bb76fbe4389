import { handleApi } from './api-handler';
import { currentConnection } from './connection';

/**
 * Lets an on-demand page use the API in-process: the same Request in and Response out
 * as over the network, through every middleware (limits, validation, languages), but
 * without a second function invocation. See docs/decisions/010-donation-pages-on-demand.md.
 */
export async function callApi(
  path: string,
  init: { method: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> },
  from: { url: URL; clientAddress?: string | undefined },
): Promise<Response> {
  const request = new Request(new URL(`/api${path}`, from.url), {
    method: init.method,
    headers: { ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return handleApi(request, { clientAddress: from.clientAddress });
}

/**
 * The client's address: the self-hosted server's (by TRUST_PROXY), else the platform's
 * (Vercel overwrites X-Forwarded-For, so Astro's reading of it there is the real one),
 * else undefined (Astro throws when it does not know).
 */
export function clientAddressOf(astro: { clientAddress: string }): string | undefined {
  const connection = currentConnection();
  if (connection) return connection.clientAddress;
  try {
    return astro.clientAddress;
  } catch {
    return undefined;
  }
}

/**
 * Headers for pages that show or take personal data: never cached, never framed, and
 * their address (the thanks page's holds the reference) never sent to another site.
 * (Their Content-Security-Policy, `frame-ancestors 'none'` included, is Astro's.)
 * Not `no-referrer`: with it, browsers send `Origin: null` on the page's own form
 * posts, and the origin check refuses them.
 */
export function setPrivatePageHeaders(headers: Headers): void {
  headers.set('Cache-Control', 'private, no-store');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Content-Type-Options', 'nosniff');
}
