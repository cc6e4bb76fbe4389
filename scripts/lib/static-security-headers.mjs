// @ts-check
// The self-hosted server's security headers, from `dist-node/security-headers.json`, which
// the build writes (src/integrations/static-headers.ts). See docs/decisions/060-security-headers.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} StaticHeaders
 * @property {Record<string, string>} base
 * @property {string} hsts
 * @property {Record<string, string>} routes
 * @property {Record<string, string>} files
 * @property {string} resourceCsp
 */

/**
 * `TRUST_PROXY`: how many reverse proxies stand in front of this server (0: none).
 * @param {string | undefined} value
 */
export function parseTrustProxy(value) {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) {
    throw new Error(
      `TRUST_PROXY must be the number of reverse proxies in front of this server: 0 when clients connect to it directly, 1 behind one nginx or Caddy (not "${value}")`,
    );
  }
  return n;
}

/**
 * Whether the reader's connection was HTTPS: this server's own TLS, or what the proxy that
 * faced the reader wrote in `X-Forwarded-Proto`, believed only with `TRUST_PROXY` ≥ 1. With
 * N proxies that append, the reader's proxy wrote the N-th value from the right; a value a
 * client wrote itself sits further left and is never read.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} trustProxy
 */
export function servedOverHttps(req, trustProxy) {
  if (/** @type {{ encrypted?: boolean }} */ (req.socket).encrypted) return true;
  if (trustProxy < 1) return false;
  const header = req.headers['x-forwarded-proto'];
  const values = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (values.length === 0) return false;
  return values[Math.max(0, values.length - trustProxy)] === 'https';
}

/**
 * The policy for a path: the page's own (with the hashes of its scripts and styles), a
 * file's own, or the resource policy. An on-demand answer (the API, the donation and staff
 * pages, the 404) replaces it with its own.
 * @param {string} url the request's URL (path and query)
 * @param {StaticHeaders} headers
 */
export function cspFor(url, headers) {
  let pathname = url.split(/[?#]/, 1)[0] ?? '/';
  try {
    pathname = decodeURI(pathname);
  } catch {
    return headers.resourceCsp;
  }
  const file = headers.files[pathname];
  if (file) return file;
  const key = pathname.replace(/\/index\.html$/, '/').replace(/\/+$/, '') || '/';
  return headers.routes[key] ?? headers.resourceCsp;
}

/**
 * Reads the build's headers once; returns what sets them on each response before the
 * Astro handler runs. Whatever the handler sets itself (an on-demand page's policy) wins.
 * @param {{ buildDir: string, trustProxy: string | undefined }} options
 */
export function staticSecurityHeaders({ buildDir, trustProxy }) {
  const file = path.join(buildDir, 'security-headers.json');
  /** @type {StaticHeaders} */
  let headers;
  try {
    headers = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is missing or unreadable: rebuild with \`npm run build:node\`.`, { cause: err });
  }
  const proxies = parseTrustProxy(trustProxy);
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return function setSecurityHeaders(req, res) {
    for (const [name, value] of Object.entries(headers.base)) res.setHeader(name, value);
    if (servedOverHttps(req, proxies)) res.setHeader('Strict-Transport-Security', headers.hsts);
    res.setHeader('Content-Security-Policy', cspFor(req.url ?? '/', headers));
  };
}
