import type { VercelRoute } from '../../src/integrations/static-headers';

/**
 * The headers Vercel's routing adds to the answer for a path, read from a Build Output
 * `routes` list the way the platform reads it: before `handle: filesystem`, every route
 * whose `src` matches adds its headers (a later one wins a name); one without
 * `continue: true` ends the routing there.
 */
export function vercelRouteHeaders(routes: readonly VercelRoute[], pathname: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const route of routes) {
    if (route.handle) break;
    if (route.src === undefined || !new RegExp(route.src).test(pathname)) continue;
    for (const [name, value] of Object.entries(route.headers ?? {})) headers[name.toLowerCase()] = value;
    if (!route.continue) break;
  }
  return headers;
}
