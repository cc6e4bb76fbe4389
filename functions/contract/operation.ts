import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod/v4/core';
import type { Json } from '../../src/lib/api-types';
import type { AppEnv } from '../env';

/**
 * How a route says what it takes and what it answers, once, with the zod schemas it
 * validates with. `describe(operation)` goes first in the route's handlers; the OpenAPI
 * description (`document.ts`) is read off the app's own routes, so a route that exists
 * is described where it is defined, and a description cannot name a route that does not.
 */

/** Who may call it: anyone, a signed-in staff member (any role, or admins), or the scheduler. */
export type Access = 'public' | 'staff' | 'admin' | 'cron';

export type Tag = 'offers' | 'public' | 'staff' | 'staff-offers' | 'staff-accounts' | 'operations';

/** A named schema: it becomes `#/components/schemas/<name>` and is referred to by that name. */
export interface Named<S extends z.$ZodType = z.$ZodType> {
  name: string;
  schema: S;
}

export function named<S extends z.$ZodType>(name: string, schema: S): Named<S> {
  return { name, schema };
}

export interface Example {
  summary: string;
  value: unknown;
}

/** An example kept once in `#/components/examples` and referred to from each use. */
export interface ExampleRef {
  $ref: string;
}

export interface Reply {
  description: string;
  /** The body: JSON unless `contentType` says otherwise. */
  body?: Named;
  contentType?: 'application/json' | 'text/csv';
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
  examples?: Record<string, Example | ExampleRef>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: Tag[];
  access: Access;
  request?: {
    /** JSON; `form: true` also takes the same fields as a web form (urlencoded or multipart). */
    body?: Named & { form?: boolean; examples?: Record<string, Example> };
    /** Each property is one query parameter. */
    query?: z.$ZodType;
    path?: Record<string, { description: string; schema: Record<string, unknown> }>;
    headers?: Record<string, { description: string; schema: Record<string, unknown>; required?: boolean }>;
  };
  responses: Partial<Record<number, Reply>>;
}

export const OPERATION = Symbol('operation');

export type Described = MiddlewareHandler<AppEnv> & { [OPERATION]: Operation };

/** Marks a route with what it takes and answers; on a request it only passes it on. */
export function describe(operation: Operation): Described {
  const passOn: MiddlewareHandler<AppEnv> = (_c, next) => next();
  return Object.assign(passOn, { [OPERATION]: operation });
}

/**
 * A JSON answer the compiler holds to the schema it is described with: `body`, once it
 * has gone through JSON (dates become strings), must be what the schema's output is.
 */
export function answer<S extends z.$ZodType, B>(
  c: Context<AppEnv>,
  _schema: Named<S>,
  body: B & (Json<B> extends z.output<S> ? unknown : { mismatch: z.output<S> }),
  status: ContentfulStatusCode = 200,
) {
  return c.json(body as Json<B>, status);
}
