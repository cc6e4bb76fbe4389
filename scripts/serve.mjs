// The self-hosted server. Each request goes the shortest way:
// - a built file (every prerendered page, script, style, the search index): sent as it
//   lies, in the Brotli or gzip copy the build wrote (src/integrations/precompress.ts),
//   with an ETag (304 when unchanged) and caching by kind;
// - /api/*: straight to the Hono app, the same one the on-demand pages call (src/server/api-handler.ts);
// - the rest (the donation and staff pages, the localized 404): Astro, compressed per response.
// Listens on HOST:PORT (default localhost:4321), and, with the embedded database, on the
// staff socket in DATA_DIR for `npm run staff`. See docs/decisions/120-serving-files-as-files.md.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import compression from 'compression';
import { ConfigError, readConfig } from '../functions/config.ts';
import { clientAddress } from '../functions/net/client-address.ts';
import { requestProtocol } from '../functions/net/request-protocol.ts';
import { provideConnection } from '../src/server/connection.ts';
import { lingerOnClose } from './lib/lingering-close.mjs';
import { listenOnStaffSocket, STAFF_ROUTE } from './lib/staff-socket.ts';
import { staticFiles } from './lib/static-files.mjs';
import { staticSecurityHeaders } from './lib/static-security-headers.mjs';

// Everything this server writes (the embedded database, secrets, its socket) is its user's alone.
process.umask(0o077);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
process.env.PROJECT_ROOT ??= root;

let config;
try {
  config = readConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

// The build to serve: `dist-node` unless BUILD_DIR names another (a copy of one, as the
// browser tests make to stand for a new deploy). Relative to the project, where node_modules is.
const buildDir = path.resolve(root, process.env.BUILD_DIR || 'dist-node');
const built = (file) => import(pathToFileURL(path.join(buildDir, 'server', file)).href);
const [{ handler }, { handleApi }] = await Promise.all([built('entry.mjs'), built('api-handler.mjs')]).catch((err) => {
  console.error('No self-host build found, or an old one. Run `npm run build:node` first (`npm start` does both).');
  throw err;
});

// What the API and the pages may know about each request and a client cannot forge:
// the client's address by TRUST_PROXY, and which listener took it (src/server/connection.ts).
const connections = new AsyncLocalStorage();
provideConnection(() => connections.getStore());

// Headers of safety on every answer (the adapter sets none on static files).
const securityHeaders = staticSecurityHeaders({ buildDir });

// Every built file, read once, with its compressed copies and all its headers.
const files = staticFiles({
  dir: path.join(buildDir, 'client'),
  securityHeaders: securityHeaders.forPath,
  hsts: securityHeaders.hsts,
});

// On-demand answers (the API's JSON, the donation and staff pages, the 404) are compressed as they go.
const compress = compression({ threshold: 1024 });

// The API without Astro's routing and rendering in front of it.
const api = getRequestListener((request) => {
  const connection = connections.getStore();
  return handleApi(request, { clientAddress: connection?.clientAddress, staffSocket: connection?.staffSocket === true });
});

/** @param {string | undefined} url */
const isApi = (url) => url === '/api' || url?.startsWith('/api/') || url?.startsWith('/api?');

const server = http.createServer((req, res) => {
  const https =
    requestProtocol({
      encrypted: false, // this server itself speaks plain HTTP
      forwardedProto: req.headers['x-forwarded-proto'],
      trustedProxies: config.TRUST_PROXY,
    }) === 'https';
  const dynamic = () => {
    // Astro builds each request's URL from this connection alone, as http:// behind a TLS
    // proxy; the origin check then refuses the https:// page's own form posts. Say what the
    // trusted proxy said. Set for every request, just before the handler reads it, so a
    // connection the proxy reuses for http and https requests is right for each.
    req.socket.encrypted = https;
    securityHeaders.set(req, res, { https });
    const connection = {
      clientAddress: clientAddress({
        socketAddress: req.socket.remoteAddress,
        forwardedFor: req.headers['x-forwarded-for'],
        trustedProxies: config.TRUST_PROXY,
      }),
      staffSocket: false,
    };
    connections.run(connection, () => compress(req, res, () => (isApi(req.url) ? api(req, res) : handler(req, res))));
  };
  if (isApi(req.url)) dynamic();
  else files.serve(req, res, { https }, dynamic);
});

// A refused upload's answer must reach the client before the connection goes (lingering-close.mjs).
server.on('connection', (socket) => lingerOnClose(socket));

// The embedded database admits one process: `npm run staff` sends its commands to this
// one, over a socket only this user can open. The staff route is served there and only there.
let staffSocket;
if (!config.DATABASE_URL) {
  const staffServer = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== STAFF_ROUTE) {
      res.writeHead(404).end();
      return;
    }
    connections.run({ clientAddress: undefined, staffSocket: true }, () => api(req, res));
  });
  try {
    staffSocket = await listenOnStaffSocket(staffServer, config.DATA_DIR);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
server.listen(port, host, () => {
  const shown = host.includes(':') ? `[${host}]` : host;
  const local = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : shown;
  console.log(`Tongxin is listening on http://${shown}:${port}`);
  // Start the API now, not at the first visitor: it migrates, and its background work
  // (mail waiting since before a restart, retries, the sweep) starts with it.
  fetch(`http://${local}:${port}/api/health`).catch(() => {});
});

// Stop cleanly so the embedded database's lock and the staff socket are released.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    staffSocket?.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
