import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { EDGE_FUNCTION, writeEdgeFunction } from '../../src/integrations/edge-function';

// docs/decisions/150-the-public-api-at-the-edge.md: API_RUNTIME=edge adds an edge
// function for the public API to the Vercel output; without it the output is as before.

interface Route {
  src?: string;
  dest?: string;
  handle?: string;
  continue?: boolean;
}

const output = path.resolve('.vercel/output');
const routesOf = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { routes: Route[] }).routes;

/** Where Vercel's routing sends a path after the file system: the first route that matches and is not `continue`. */
function destinationOf(routes: readonly Route[], pathname: string): string | undefined {
  const after = routes.slice(routes.findIndex((r) => r.handle === 'filesystem') + 1);
  return after.find((r) => r.src !== undefined && !r.continue && new RegExp(r.src).test(pathname))?.dest;
}

describe('the default Vercel build (no API_RUNTIME)', () => {
  test('has one Node function for the whole API, and no edge function', () => {
    expect(existsSync(path.join(output, 'functions', `${EDGE_FUNCTION}.func`))).toBe(false);
    const routes = routesOf(output);
    for (const p of ['/api/offers', '/api/catalog', '/api/staff/offers']) expect(destinationOf(routes, p), p).toBe('_render');
  });
});

describe('the edge function API_RUNTIME=edge writes into the Vercel output', () => {
  // The post-build step runs this on the output the adapter just wrote: here, on a copy of the real one.
  const copy = mkdtempSync(path.join(tmpdir(), 'tx-vercel-edge-'));
  cpSync(path.join(output, 'config.json'), path.join(copy, 'config.json'));
  const written = writeEdgeFunction(copy);
  const func = path.join(copy, 'functions', `${EDGE_FUNCTION}.func`);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test('is declared an edge function with its entry', async () => {
    await written;
    expect(JSON.parse(readFileSync(path.join(func, '.vc-config.json'), 'utf8'))).toEqual({ runtime: 'edge', entrypoint: 'index.js' });
  });

  test('answers the public routes only: staff, cron, internal, the description and every page stay on Node', async () => {
    await written;
    const routes = routesOf(copy);
    for (const p of ['/api/offers', '/api/offers/lookup', '/api/catalog', '/api/totals', '/api/health', '/api/locale/ja']) {
      expect(destinationOf(routes, p), p).toBe(EDGE_FUNCTION);
    }
    for (const p of [
      '/api/staff/offers',
      '/api/staff/login',
      '/api/cron',
      '/api/internal/staff',
      '/api/openapi.json',
      '/api/offersx',
      '/es/donate/',
    ]) {
      expect(destinationOf(routes, p), p).toBe('_render');
    }
    // The header routes before the file system are the same as the Node-only build's.
    const headerRoutes = (r: Route[]) =>
      r.slice(
        0,
        r.findIndex((x) => x.handle === 'filesystem'),
      );
    expect(headerRoutes(routes)).toEqual(headerRoutes(routesOf(output)));
  });

  test('holds no Node built-in, fits Vercel’s smallest edge limit (1 MB gzip), and exports a handler', async () => {
    const bundle = await written;
    const code = readFileSync(path.join(func, 'index.js'), 'utf8');
    expect(code).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(code).not.toMatch(/\brequire\(/);
    const gzip = gzipSync(code).byteLength;
    console.info(`edge function: ${Math.round(bundle.bytes / 1024)} KB, ${Math.round(gzip / 1024)} KB gzip`);
    expect(gzip).toBeLessThan(1_000_000);
    const module = (await import(pathToFileURL(path.join(func, 'index.js')).href)) as { default: unknown };
    expect(typeof module.default).toBe('function');
  });
});
