import * as z from 'zod';
import type * as core from 'zod/v4/core';
import pkg from '../../package.json' with { type: 'json' };
import { type Access, type Described, type Named, OPERATION, type Operation, type Reply } from './operation';
import { refusalExamples, refusalsOf } from './refusals';

/**
 * The API's OpenAPI 3.1 description, read off the app's own routes: every route that
 * went through `describe()` is an operation, at the path Hono serves it on. Schemas come
 * from the zod schemas the routes validate with (zod's own JSON Schema output), so there
 * is no second copy to keep in step. Served at `/api/openapi.json`; docs/api.md explains
 * the rules behind it in prose.
 */

/** What Hono lists of an app's routes (`app.routes`). */
export interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

type JsonSchema = Record<string, unknown>;

const security: Record<Access, Record<string, string[]>[]> = {
  public: [],
  staff: [{ staffSession: [] }],
  admin: [{ staffSession: [] }],
  cron: [{ cronSecret: [] }],
};

const tags = [
  { name: 'offers', description: 'Donors: offer goods or cash, and follow the offer.' },
  { name: 'public', description: 'What the public pages read: the catalog, totals, health, the language switch.' },
  { name: 'staff', description: 'The staff workspace: sessions, the offers list and exports, the mail outbox.' },
  { name: 'staff-offers', description: 'The staff workspace: one offer, its workflow steps, notes and erasure.' },
  { name: 'staff-accounts', description: 'Admins: staff accounts, their roles, passwords and sessions.' },
  { name: 'operations', description: 'For the scheduler and for partners: background work and this description.' },
];

export function operationOf(handler: unknown): Operation | undefined {
  return (handler as Partial<Described> | null)?.[OPERATION];
}

/** `/api/staff/offers/:reference` → `/staff/offers/{reference}` (the server URL is `/api`). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/^\/api(?=\/|$)/, '').replace(/:(\w+)/g, '{$1}') || '/';
}

/**
 * Field rules that read any input (`z.transform`) say what they accept with JSON Schema
 * keywords in zod's registry (src/lib/field-rules.ts); `x-required` there marks a field its
 * object requires, which JSON Schema says on the object.
 */
function liftRequired(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) liftRequired(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      if (property['x-required'] === true) required.add(name);
      delete property['x-required'];
    }
    if (required.size) schema.required = [...required];
  }
  for (const value of Object.values(schema)) liftRequired(value);
}

function jsonSchemaOf(schema: core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...out } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  liftRequired(out);
  return out;
}

class Components {
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly seen = new Map<string, { schema: core.$ZodType; io: 'input' | 'output' }>();

  ref(named: Named, io: 'input' | 'output'): JsonSchema {
    const before = this.seen.get(named.name);
    if (before && (before.schema !== named.schema || before.io !== io)) {
      throw new Error(`Two different schemas are both named ${named.name} in the API description`);
    }
    if (!before) {
      this.seen.set(named.name, { schema: named.schema, io });
      this.schemas[named.name] = jsonSchemaOf(named.schema, io);
    }
    return { $ref: `#/components/schemas/${named.name}` };
  }
}

function parametersOf(operation: Operation): JsonSchema[] {
  const request = operation.request ?? {};
  const out: JsonSchema[] = [];
  for (const [name, p] of Object.entries(request.path ?? {})) {
    out.push({ name, in: 'path', required: true, description: p.description, schema: p.schema });
  }
  if (request.query) {
    const query = jsonSchemaOf(request.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  for (const [name, h] of Object.entries(request.headers ?? {})) {
    out.push({ name, in: 'header', required: h.required ?? false, description: h.description, schema: h.schema });
  }
  return out;
}

function responseOf(reply: Reply, components: Components): JsonSchema {
  const out: JsonSchema = { description: reply.description };
  if (reply.headers) {
    out.headers = Object.fromEntries(
      Object.entries(reply.headers).map(([name, h]) => [name, { description: h.description, schema: h.schema }]),
    );
  }
  if (reply.body) {
    const type = reply.contentType ?? 'application/json';
    out.content = {
      [type]: { schema: components.ref(reply.body, 'output'), ...(reply.examples ? { examples: reply.examples } : {}) },
    };
  }
  return out;
}

function operationObject(operation: Operation, components: Components): JsonSchema {
  const out: JsonSchema = {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: operation.tags,
    security: security[operation.access],
  };
  const parameters = parametersOf(operation);
  if (parameters.length) out.parameters = parameters;
  const body = operation.request?.body;
  if (body) {
    const schema = components.ref(body, 'input');
    const examples = body.examples ? { examples: body.examples } : {};
    out.requestBody = {
      required: true,
      content: {
        'application/json': { schema, ...examples },
        ...(body.form
          ? {
              'application/x-www-form-urlencoded': { schema: { type: 'object', description: 'The same fields as the HTML form.' } },
              'multipart/form-data': { schema: { type: 'object', description: 'The same fields as the HTML form.' } },
            }
          : {}),
      },
    };
  }
  // Any operation can meet a fault of the server's own; it is answered in the same shape.
  const responses = { ...refusalsOf('internal'), ...operation.responses };
  out.responses = Object.fromEntries(
    Object.entries(responses)
      .filter((entry): entry is [string, Reply] => entry[1] !== undefined)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, reply]) => [status, responseOf(reply, components)]),
  );
  return out;
}

/** The description of every described route among `routes`, in a stable order. */
export function openApiDocument(routes: readonly RouteEntry[]) {
  const components = new Components();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const described = routes
    .map((route) => ({ route, operation: operationOf(route.handler) }))
    .filter((entry): entry is { route: RouteEntry; operation: Operation } => entry.operation !== undefined)
    .sort((a, b) => openApiPath(a.route.path).localeCompare(openApiPath(b.route.path)) || a.route.method.localeCompare(b.route.method));
  const ids = new Set<string>();
  for (const { route, operation } of described) {
    if (ids.has(operation.operationId)) throw new Error(`operationId ${operation.operationId} is used twice`);
    ids.add(operation.operationId);
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationObject(operation, components);
  }
  const used = new Set([...JSON.stringify(paths).matchAll(/#\/components\/examples\/([\w-]+)/g)].map((m) => m[1] ?? ''));
  const examples = Object.fromEntries([...refusalExamples].filter(([name]) => used.has(name)).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tongxin API',
      version: pkg.version,
      description:
        'Donation offers, the public totals and the staff workspace of the Tongxin portal. The rules behind each answer ' +
        '(workflow, mail, limits) are in docs/api.md in the repository. Every refusal has the `Error` shape, with its ' +
        'message in the requester’s language.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/api', description: 'The portal’s own origin.' }],
    tags,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      examples,
      securitySchemes: {
        staffSession: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-tx_staff',
          description: 'The staff session, set by `POST /staff/login`. Writes must also come with the portal’s own `Origin`.',
        },
        cronSecret: { type: 'http', scheme: 'bearer', description: '`Authorization: Bearer $CRON_SECRET`.' },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
