import { parseIpAddress } from './ip-address.ts';

export interface ClientAddressInput {
  /** The peer of the connection (Node's `socket.remoteAddress`); undefined on a Unix socket. */
  socketAddress: string | undefined;
  /** The request's `X-Forwarded-For`, every line of it joined with commas (as Node and `Headers.get` join them). */
  forwardedFor: string | null | undefined;
  /** `TRUST_PROXY`: how many reverse proxies stand between the Internet and this server. */
  trustedProxies: number;
}

/**
 * Who sent the request, as far as it can be known without believing the client.
 *
 * Each proxy appends the address of whoever connected to it to `X-Forwarded-For`, and
 * the last one's own address is the socket's. So with the socket address added as the
 * last hop, the chain reads `[anything the client wrote…, client, proxy 1, …, proxy N]`,
 * and the client is the (N+1)-th entry from the right: with `TRUST_PROXY=0` the socket
 * itself, with 1 the last entry of the header, with 2 the one before it. Only the
 * entries to the right of the client were written by proxies we trust; everything to
 * the left was written by the client, which is why the leftmost entry is never used.
 *
 * When the chain is shorter than N+1 (a request that did not come through every
 * proxy, or a proxy that does not set the header), the entry we would need does not
 * exist and any entry there is could have been written by the client: the answer is
 * undefined, and callers put such requests in one shared bucket (stricter, never
 * looser). A malformed entry in the client's place is undefined too.
 */
export function clientAddress({ socketAddress, forwardedFor, trustedProxies }: ClientAddressInput): string | undefined {
  if (!Number.isInteger(trustedProxies) || trustedProxies < 0) {
    throw new RangeError(`trustedProxies must be a whole number ≥ 0, not ${trustedProxies}`);
  }
  const forwarded = trustedProxies > 0 && forwardedFor ? forwardedFor.split(',') : [];
  const chain = [...forwarded, socketAddress ?? ''];
  const client = chain[chain.length - 1 - trustedProxies];
  return client === undefined ? undefined : parseIpAddress(client)?.text;
}
