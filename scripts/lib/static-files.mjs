// @ts-check
// The built files, served from memory by the self-hosted server (scripts/serve.mjs).
// Why not from disk with sirv alone: docs/decisions/120-serving-files-as-files.md.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { lookup } from 'mrmime';
import sirv from 'sirv';

/** A file larger than this is left on disk, for sirv to stream. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Together the files kept in memory stay under this; the rest is left to sirv. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/**
 * `/_astro/*` names carry a hash of their content: kept for a year and never asked for
 * again. Pages and the rest (the search index, the sitemap, the icon) may change with any
 * deploy: a browser asks each time, and gets a 304 while they have not changed.
 * @param {string} pathname
 */
export function cacheControl(pathname) {
  return pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate';
}

/**
 * The encodings a client accepts, best first among those the build writes: `br`, `gzip`,
 * then none. A coding given `q=0` is refused; `*` stands for any coding not named.
 * @param {string | undefined} header
 * @returns {readonly ('br' | 'gzip')[]}
 */
export function acceptedEncodings(header) {
  if (!header) return [];
  /** @type {Map<string, number>} */
  const q = new Map();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name.trim(), weight === undefined ? 1 : Number(weight));
  }
  const any = q.get('*');
  /** @param {'br' | 'gzip'} coding */
  const weight = (coding) => q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? any ?? 0;
  return /** @type {const} */ (['br', 'gzip']).filter((c) => weight(c) > 0).sort((a, b) => weight(b) - weight(a));
}

/**
 * Whether `If-None-Match` names this representation (weak comparison, as RFC 9110 asks for
 * this header), or is `*`.
 * @param {string | undefined} header
 * @param {string} etag
 */
export function noneMatch(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * @typedef {object} Variant
 * @property {Buffer} body
 * @property {Record<string, string | number>} headers the 200's headers, all of them
 * @property {Record<string, string>} notModified the 304's headers
 * @property {string} etag
 */

/**
 * @typedef {object} StaticFile
 * @property {Variant} identity
 * @property {Variant} [br]
 * @property {Variant} [gzip]
 */

/** @param {string} dir */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * The URL paths a file answers: `/a/index.html` also as `/a/` and `/a` (Astro's directory
 * format, `trailingSlash: 'ignore'`), as the adapter's own server did.
 * @param {string} urlPath
 */
function pathsOf(urlPath) {
  if (!urlPath.endsWith('/index.html')) return [urlPath];
  const dir = urlPath.slice(0, -'index.html'.length);
  return dir === '/' ? [urlPath, '/'] : [urlPath, dir, dir.slice(0, -1)];
}

/**
 * Reads the build's client folder once: every file with its Brotli and gzip copies
 * (src/integrations/precompress.ts), a strong ETag from its content, and every header its
 * answer needs, so that a request is one table lookup and one write. Files too large to
 * keep are served from disk by sirv, with the same caching rules.
 *
 * `securityHeaders(urlPath)` gives the headers of safety for a path
 * (scripts/lib/static-security-headers.mjs); HSTS is added per request, as only the
 * server knows whether the reader used HTTPS.
 *
 * @param {{ dir: string, securityHeaders: (urlPath: string) => Record<string, string>, hsts: string }} options
 */
export function staticFiles({ dir, securityHeaders, hsts }) {
  /** @type {Map<string, StaticFile>} */
  const table = new Map();
  let kept = 0;
  let leftOnDisk = 0;
  const all = walk(dir);
  const originals = new Set(all);
  const twins = new Set(all.filter((f) => /\.(br|gz)$/.test(f) && originals.has(f.slice(0, -3))));
  for (const full of all) {
    if (twins.has(full)) continue;
    const urlPath = `/${path.relative(dir, full).split(path.sep).join('/')}`;
    const size = statSync(full).size;
    if (size > MAX_FILE_BYTES || kept + size > MAX_TOTAL_BYTES) {
      leftOnDisk += 1;
      continue;
    }
    const raw = readFileSync(full);
    kept += raw.length;
    const type = lookup(urlPath) ?? 'application/octet-stream';
    const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 27);
    const compressed = twins.has(`${full}.br`) || twins.has(`${full}.gz`);
    const common = {
      ...securityHeaders(urlPath),
      'Cache-Control': cacheControl(urlPath),
      ...(compressed ? { Vary: 'Accept-Encoding' } : {}),
    };
    /**
     * @param {Buffer} body
     * @param {'br' | 'gzip' | undefined} encoding
     * @returns {Variant}
     */
    const variant = (body, encoding) => {
      const etag = `"${tag}${encoding ? `-${encoding}` : ''}"`;
      const notModified = { ...common, ETag: etag };
      return {
        body,
        etag,
        notModified,
        headers: {
          ...notModified,
          'Content-Type': /^(text\/|application\/(javascript|json|xml)|image\/svg)/.test(type) ? `${type}; charset=utf-8` : type,
          'Content-Length': body.length,
          ...(encoding ? { 'Content-Encoding': encoding } : {}),
        },
      };
    };
    /** @type {StaticFile} */
    const file = { identity: variant(raw, undefined) };
    if (twins.has(`${full}.br`)) file.br = variant(readFileSync(`${full}.br`), 'br');
    if (twins.has(`${full}.gz`)) file.gzip = variant(readFileSync(`${full}.gz`), 'gzip');
    for (const p of pathsOf(urlPath)) table.set(p, file);
  }

  // The long tail: files over the limits above, from disk. sirv finds only what the build wrote.
  const fromDisk = sirv(dir, {
    etag: true,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => {
      for (const [name, value] of Object.entries(securityHeaders(pathname))) res.setHeader(name, value);
      res.setHeader('Cache-Control', cacheControl(pathname));
    },
  });

  /** @type {Map<string, readonly ('br' | 'gzip')[]>} */
  const encodingsSeen = new Map();
  /** @param {string | undefined} header */
  const encodingsOf = (header) => {
    const key = header ?? '';
    let found = encodingsSeen.get(key);
    if (!found) {
      found = acceptedEncodings(header);
      // A client may send anything here: remember a few hundred forms, not every one.
      if (encodingsSeen.size < 256) encodingsSeen.set(key, found);
    }
    return found;
  };

  return {
    /** How many files are in memory, how many bytes they hold, how many are left on disk. */
    stats: { files: new Set(table.values()).size, bytes: kept, leftOnDisk },
    /**
     * Answers a GET or HEAD for a built file and returns true; returns false, having
     * written nothing, for anything else (the caller passes it on). With `next`, a file
     * not kept in memory is looked for on disk first.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {{ https: boolean }} connection
     * @param {() => void} next what to do when no file answers the request
     */
    serve(req, res, { https }, next) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      let pathname = q === -1 ? url : url.slice(0, q);
      if (pathname.includes('%')) {
        try {
          pathname = decodeURIComponent(pathname);
        } catch {
          return next();
        }
      }
      const file = table.get(pathname);
      if (!file) {
        if (leftOnDisk === 0) return next();
        if (https) res.setHeader('Strict-Transport-Security', hsts);
        return fromDisk(req, res, next);
      }
      let variant = file.identity;
      for (const encoding of encodingsOf(req.headers['accept-encoding'])) {
        const found = file[encoding];
        if (found) {
          variant = found;
          break;
        }
      }
      if (https) res.setHeader('Strict-Transport-Security', hsts);
      if (noneMatch(req.headers['if-none-match'], variant.etag)) {
        res.writeHead(304, variant.notModified).end();
        return;
      }
      res.writeHead(200, variant.headers);
      res.end(req.method === 'HEAD' ? undefined : variant.body);
    },
  };
}
