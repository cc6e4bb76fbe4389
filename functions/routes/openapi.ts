import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { openApiDocument } from '../openapi';

/** `GET /openapi.json`: the machine-readable contract. */
export function openApiRoutes() {
  return new Hono<AppEnv>().get('/', (c) => {
    c.header('Cache-Control', 'public, max-age=300, s-maxage=3600');
    return c.json(openApiDocument);
  });
}
