import { EdgeRuntime } from 'edge-runtime';
import { bundleEdge } from '../../src/integrations/edge-function';

/**
 * The public API as the edge function runs it: functions/edge/entry.ts bundled as the
 * Vercel build bundles it, evaluated in Vercel's `edge-runtime` (a V8 context with Web
 * APIs only: no `require`, no `process` but the `env` given, as on Vercel), answering
 * fetch events. `request()` has the shape of Hono's `app.request`, so the tests'
 * helpers (postJson, postForm) drive it as they drive the Node app; the client's
 * address goes in X-Forwarded-For, as Vercel writes it.
 */
export interface EdgeApi {
  request(path: string, init?: RequestInit, bindings?: { clientAddress?: string }): Promise<Response>;
  /** How long the bundle took to load and answer its first request, in ms. */
  coldStartMs: number;
}

let bundled: Promise<string> | undefined;

/** The bundle, built once per test file. */
export function edgeBundle(): Promise<string> {
  bundled ??= bundleEdge({ format: 'iife', globalName: '__tongxinEdge' }).then((b) => b.code);
  return bundled;
}

export async function startEdgeApi(env: Record<string, string>): Promise<EdgeApi> {
  const code = await edgeBundle();
  const started = performance.now();
  const runtime = new EdgeRuntime({
    initialCode: `${code}
addEventListener('fetch', (event) => event.respondWith(__tongxinEdge.default(event.request, event)));`,
    // Vercel's edge runtime has `process.env` (and nothing else of process); the emulator has none.
    // Its console goes to this process's, method for method (the emulator's own sends
    // warnings to console.error, where Vercel's logs keep them as warnings).
    extend: (context) =>
      Object.assign(context, {
        process: { env: { ...env } },
        // Looked up at each call, so a test's spy on the host console sees the function's lines too.
        console: {
          log: (...a: unknown[]) => console.log(...a),
          info: (...a: unknown[]) => console.info(...a),
          warn: (...a: unknown[]) => console.warn(...a),
          error: (...a: unknown[]) => console.error(...a),
          debug: (...a: unknown[]) => console.debug(...a),
        },
      }),
  });
  const request: EdgeApi['request'] = async (path, init = {}, bindings = {}) => {
    const headers = new Headers(init.headers);
    if (bindings.clientAddress) headers.set('X-Forwarded-For', bindings.clientAddress);
    const response = await runtime.dispatchFetch(new URL(path, 'http://localhost').href, { ...init, headers });
    // The connection is closed in waitUntil, after the answer: wait for it, as the platform does.
    await response.waitUntil();
    return response;
  };
  await (await request('/api/catalog?locale=en')).arrayBuffer();
  return { request, coldStartMs: performance.now() - started };
}
