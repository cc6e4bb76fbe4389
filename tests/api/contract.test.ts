import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, describedDeps } from '../../functions/app';
import { offerCreated } from '../../functions/contract/answers';
import { describeApi } from '../../functions/contract/describe-api';
import { operationOf } from '../../functions/contract/document';
import { lookupInput, offerInput } from '../../functions/contract/inputs';
import { answer } from '../../functions/contract/operation';
import { testApp } from '../helpers/app';
import { checkAgainstContract, operationFor } from '../helpers/contract';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

// The description is read off the routes (functions/contract/); these tests hold it to them.

/** Routes that are not part of the public contract, each with its reason. */
const undescribed: Record<string, string> = {
  'POST /api/internal/staff': 'served only on the self-hosted server’s Unix socket, for `npm run staff`; 404 on the public port',
};

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

describe('the API description', () => {
  test('describes every route the app serves, staff and cron included', () => {
    const app = createApp(describedDeps({ db, version: 'test' }));
    const endpoints = app.routes.filter((r) => r.method !== 'ALL');
    const described = new Set(endpoints.filter((r) => operationOf(r.handler)).map((r) => `${r.method} ${r.path}`));
    const missing = [...new Set(endpoints.map((r) => `${r.method} ${r.path}`))].filter(
      (key) => !described.has(key) && !(key in undescribed),
    );
    expect(missing).toEqual([]);
    expect(described.size).toBeGreaterThanOrEqual(21);
    for (const key of Object.keys(undescribed)) expect(endpoints.map((r) => `${r.method} ${r.path}`)).toContain(key);
  });

  test('is the same, byte for byte, every time it is built, and is the committed docs/openapi.json', () => {
    const first = JSON.stringify(describeApi(), null, 2);
    const second = JSON.stringify(describeApi(), null, 2);
    expect(second).toBe(first);
    expect(readFileSync('docs/openapi.json', 'utf8')).toBe(`${first}\n`);
  });

  test('is what /api/openapi.json serves', async () => {
    const res = await testApp(db).request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(describeApi())));
  });

  test('names the security of every operation, with an operationId each', () => {
    const doc = describeApi();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        expect(op.security, `${method} ${path}`).toBeDefined();
        const staffOnly = path.startsWith('/staff/') && path !== '/staff/login';
        expect(op.security, `${method} ${path}`).toEqual(staffOnly ? [{ staffSession: [] }] : path === '/cron' ? [{ cronSecret: [] }] : []);
      }
    }
  });

  test('every example is valid: requests pass the route’s own schema, answers their JSON Schema', () => {
    const doc = describeApi();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'api', components: doc.components });
    const schemaByName: Record<string, { safeParse(v: unknown): { success: boolean } }> = {
      '#/components/schemas/OfferInput': offerInput.schema,
      '#/components/schemas/LookupInput': lookupInput.schema,
    };
    let checked = 0;
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods) as Record<string, unknown>[]) {
        const body = (
          op.requestBody as
            | { content: Record<string, { schema: { $ref: string }; examples?: Record<string, { value: unknown }> }> }
            | undefined
        )?.content['application/json'];
        for (const [name, example] of Object.entries(body?.examples ?? {})) {
          const validate = ajv.getSchema(`api${body?.schema.$ref}`);
          expect(validate?.(example.value), `${op.operationId} example ${name}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
          const zod = schemaByName[body?.schema.$ref ?? ''];
          if (zod) expect(zod.safeParse(example.value).success, `${op.operationId} example ${name}`).toBe(true);
          checked++;
        }
      }
    }
    const error = ajv.getSchema('api#/components/schemas/Error');
    for (const [name, example] of Object.entries(doc.components.examples)) {
      expect(error?.(example.value), `${name}: ${ajv.errorsText(error?.errors)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  test('gives refusals in every language the API answers in', () => {
    const examples = Object.keys(describeApi().components.examples);
    for (const lng of ['zh', 'en', 'es', 'ja']) expect(examples).toContain(`validation-${lng}`);
  });
});

describe('answers held to their schema by the compiler', () => {
  test('a route cannot send what its schema does not say (npm run check fails on the lines below without their marks)', () => {
    const routeBody = (c: Parameters<typeof answer>[0]) => [
      answer(c, offerCreated, { reference: 'TX-4K7M-Q9PD', status: 'submitted' as const }),
      // @ts-expect-error: the status of a new offer is only ever `submitted`
      answer(c, offerCreated, { reference: 'TX-4K7M-Q9PD', status: 'received' as const }),
      // @ts-expect-error: the schema requires `status`
      answer(c, offerCreated, { reference: 'TX-4K7M-Q9PD' }),
    ];
    expect(routeBody).toBeTypeOf('function');
  });
});

describe('the contract check the API tests run', () => {
  const url = new URL('http://localhost/api/offers');
  const json = (body: unknown, status: number) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  test('finds the operation a request reached, and nothing for a path it does not describe', () => {
    expect(operationFor('POST', '/api/staff/offers/TX-4K7M-Q9PD/transitions')?.operation.operationId).toBe('moveOffer');
    expect(operationFor('GET', '/api/nothing-here')).toBeUndefined();
  });

  test('accepts an answer as described', async () => {
    await expect(checkAgainstContract('POST', url, json({ reference: 'TX-4K7M-Q9PD', status: 'submitted' }, 201))).resolves.toBeUndefined();
  });

  test('refuses a status the operation does not list', async () => {
    await expect(checkAgainstContract('POST', url, json({}, 418))).rejects.toThrow(/submitOffer answered 418/);
  });

  test('refuses a body that does not match its schema', async () => {
    await expect(checkAgainstContract('POST', url, json({ reference: 'nope', status: 'submitted' }, 201))).rejects.toThrow(/OfferCreated/);
    await expect(
      checkAgainstContract('POST', url, json({ reference: 'TX-4K7M-Q9PD', status: 'submitted', extra: 1 }, 201)),
    ).rejects.toThrow(/additional/);
    await expect(checkAgainstContract('POST', url, json({ error: { code: 'validation' } }, 422))).rejects.toThrow(/Error/);
  });

  test('refuses a body where none is described', async () => {
    const res = new Response('{}', { status: 303, headers: { 'content-type': 'application/json', location: '/en/' } });
    await expect(checkAgainstContract('GET', new URL('http://localhost/api/locale/en'), res)).rejects.toThrow(/has a body/);
  });
});
