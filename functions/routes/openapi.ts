import { Hono } from 'hono';
import { openApiAnswer } from '../contract/answers';
import { openApiDocument, type RouteEntry } from '../contract/document';
import { describe, type Operation } from '../contract/operation';
import type { AppEnv } from '../env';

const getDescription: Operation = {
  operationId: 'getOpenApiDescription',
  summary: 'This description',
  description: 'OpenAPI 3.1, generated from the routes themselves; a partner can generate a client from it.',
  tags: ['operations'],
  access: 'public',
  responses: { 200: { description: 'The description.', body: openApiAnswer } },
};

/**
 * `GET /openapi.json`: the machine-readable contract, read off every route the API has
 * (`routes()` lists them; built on the first request and kept).
 */
export function openApiRoutes(routes: () => readonly RouteEntry[]) {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return new Hono<AppEnv>().get('/', describe(getDescription), (c) => {
    document ??= openApiDocument(routes());
    c.header('Cache-Control', 'public, max-age=300, s-maxage=3600');
    return c.json(document);
  });
}
