/**
 * What the self-hosted server (scripts/serve.mjs) knows about the request being handled
 * that a client cannot write: who sent it (the socket's address, or the entry TRUST_PROXY
 * points to in X-Forwarded-For) and whether it came in on the staff socket in DATA_DIR
 * instead of the public port.
 *
 * It is not in Astro's `locals`: the node adapter's standalone handler, which serves the
 * static files too, takes `(req, res)` and drops them. The server keeps each request's
 * facts in an AsyncLocalStorage and registers a reader for it here, under a global symbol
 * because the server and the built site are separate module graphs
 * (docs/decisions/050-client-address.md). Where no such server runs (Vercel, `astro dev`)
 * there is no reader, and the platform's own address is used.
 *
 * Web-standard on purpose: no Node built-ins, so the built site can import it anywhere.
 */
export interface Connection {
  /** Undefined when it cannot be told without believing the client; such requests share one bucket. */
  clientAddress: string | undefined;
  /** True only for requests taken on the staff socket, which only the portal's own user can open. */
  staffSocket: boolean;
}

const reader = Symbol.for('tongxin.connection');
type WithReader = typeof globalThis & { [reader]?: () => Connection | undefined };

/** Called once by the self-hosted server, before it takes requests. */
export function provideConnection(read: () => Connection | undefined): void {
  (globalThis as WithReader)[reader] = read;
}

/** The facts the self-hosted server gave for this request; undefined when no such server runs. */
export function currentConnection(): Connection | undefined {
  const read = (globalThis as WithReader)[reader];
  if (!read) return undefined;
  // Inside the self-hosted server a request without facts is unknown, never trusted.
  return read() ?? { clientAddress: undefined, staffSocket: false };
}
