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
 * Reads the build's headers once. Returns what sets them on a response before the API or
 * Astro handles it (whatever the handler sets itself, an on-demand page's policy, wins),
 * and the headers of a built file by its path, for scripts/lib/static-files.mjs to keep
 * with the file. Whether the reader used HTTPS (for HSTS) is the server's to say: it
 * knows TRUST_PROXY (functions/net/request-protocol.ts).
 * @param {{ buildDir: string }} options
 */
export function staticSecurityHeaders({ buildDir }) {
  const file = path.join(buildDir, 'security-headers.json');
  /** @type {StaticHeaders} */
  let headers;
  try {
    headers = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is missing or unreadable: rebuild with \`npm run build:node\`.`, { cause: err });
  }
  return {
    hsts: headers.hsts,
    /**
     * Every header of safety for a path but HSTS.
     * @param {string} url
     * @returns {Record<string, string>}
     */
    forPath: (url) => ({ ...headers.base, 'Content-Security-Policy': cspFor(url, headers) }),
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {{ https: boolean }} connection
     */
    set(req, res, { https }) {
      for (const [name, value] of Object.entries(headers.base)) res.setHeader(name, value);
      if (https) res.setHeader('Strict-Transport-Security', headers.hsts);
      res.setHeader('Content-Security-Policy', cspFor(req.url ?? '/', headers));
    },
  };
}
