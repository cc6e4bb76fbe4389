export interface RequestProtocolInput {
  /** Whether this server's own connection is TLS. */
  encrypted: boolean;
  /** The request's `X-Forwarded-Proto`, every line joined with commas. */
  forwardedProto: string | null | undefined;
  /** `TRUST_PROXY`: how many reverse proxies stand between the Internet and this server. */
  trustedProxies: number;
}

/**
 * Whether the reader's browser used `https` or `http`. Behind a TLS proxy this server's
 * own connection is plain HTTP, and only the proxy knows: with `TRUST_PROXY` ≥ 1 its
 * `X-Forwarded-Proto` is believed; with 0 a client could write the header, so only the
 * connection itself counts. Proxies that append write one value each, so the proxy that
 * faced the reader wrote the N-th value from the right; one that replaces the header
 * (nginx's `$scheme`, Caddy) leaves a single value, which is then the one read.
 *
 * It matters beyond HSTS: the site refuses a form posted from another origin, and a page
 * served as https://… posts with `Origin: https://…`, which must match the address the
 * server thinks it was asked for.
 */
export function requestProtocol({ encrypted, forwardedProto, trustedProxies }: RequestProtocolInput): 'https' | 'http' {
  if (encrypted) return 'https';
  if (trustedProxies < 1 || !forwardedProto) return 'http';
  const values = forwardedProto
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (values.length === 0) return 'http';
  return values[Math.max(0, values.length - trustedProxies)] === 'https' ? 'https' : 'http';
}
