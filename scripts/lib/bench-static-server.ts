// The reference `npm run bench:serve` measures pages against: a plain static server on
// the same folder (STATIC_ROOT, `dist-node/client`), as fast as serving files gets with
// node:http alone. Every file is read and gzipped (zlib's default level, as the
// self-host server's compression uses) once at start and kept in memory; a request is a
// map lookup. `/x/` serves `/x/index.html`. No security headers, no 404 page, no Astro.
// Started by scripts/lib/bench-load.ts (`startReferenceServer`) on Node's type stripping.
//
//   GET <file> → 200 (gzip when Accept-Encoding allows) · GET /health → 200
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};
const compressible = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;

interface File {
  type: string;
  raw: Buffer;
  gzip?: Buffer;
  etag: string;
}

const root = path.resolve(process.env.STATIC_ROOT ?? 'dist-node/client');
const files = new Map<string, File>();
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const full = path.join(entry.parentPath, entry.name);
  const raw = readFileSync(full);
  const type = types[path.extname(entry.name)] ?? 'application/octet-stream';
  const gzip = compressible.test(type) && raw.length >= 1024 ? gzipSync(raw) : undefined;
  const etag = `"${createHash('sha1').update(raw).digest('base64url')}"`;
  files.set(`/${path.relative(root, full).split(path.sep).join('/')}`, { type, raw, gzip, etag });
}

const server = http.createServer((req, res) => {
  let pathname = (req.url ?? '/').split('?')[0] ?? '/';
  if (pathname === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = files.get(pathname.endsWith('/') ? `${pathname}index.html` : pathname) ?? files.get(`${pathname}/index.html`);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip && file.gzip ? file.gzip : file.raw;
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': body.length,
    etag: file.etag,
    vary: 'Accept-Encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});

server.listen(Number(process.env.PORT ?? 4323), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`static reference: ${files.size} files from ${root}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
