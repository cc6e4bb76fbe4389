import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countOfferRows } from '../../functions/db/offers';
import { bodyLimits } from '../../src/lib/body-limits';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { mixedOffer } from '../helpers/offers';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 0, lookupsPerHour: 0 } });
});
afterAll(() => database.destroy());

const errorsIn = (lng: string) => JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;

/** A body that must never be read: it fails the test the moment anything pulls from it. */
function unreadableBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull() {
      throw new Error('the body was read');
    },
  });
}

/** A body of `total` bytes sent in 16 KiB chunks without a Content-Length; counts what was pulled. */
function chunkedBody(total: number) {
  const state = { pulled: 0 };
  const chunk = new Uint8Array(16 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

function post(pathname: string, init: { body: BodyInit; headers?: Record<string, string> }) {
  return app.request(pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost', ...init.headers },
    body: init.body,
    // @ts-expect-error: undici needs this for a streamed body
    duplex: 'half',
  });
}

describe('request body limits', () => {
  const families: [string, number][] = [
    ['/api/staff/login', bodyLimits.signIn],
    ['/api/staff/password', bodyLimits.json],
    ['/api/staff/offers/TX-AAAA-AAAA/transitions', bodyLimits.json],
    ['/api/offers/lookup', bodyLimits.lookup],
    ['/api/offers', bodyLimits.offers],
  ];

  test.each(families)('%s refuses a declared 300 MB body with a localized 413 before reading it', async (pathname, limit) => {
    const res = await post(pathname, {
      body: unreadableBody(),
      headers: { 'content-length': String(300 * 1024 * 1024), 'accept-language': 'ja' },
    });
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as { error: { code: string; message: string; limit: number } };
    expect(error.code).toBe('payload_too_large');
    expect(error.limit).toBe(limit);
    expect(error.message).toBe(errorsIn('ja')['error.payloadTooLarge']?.replace('{{kib}}', String(limit / 1024)));
  });

  test('a body sent without a length stops being read just past the limit', async () => {
    const { stream, state } = chunkedBody(300 * 1024 * 1024);
    const res = await post('/api/staff/login', { body: stream, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('4 KB');
    // What was pulled before the refusal: the limit and the chunks in flight, never the whole body.
    expect(state.pulled).toBeLessThan(bodyLimits.signIn + 64 * 1024);
  });

  test('an offer just under its limit is accepted, one just over is refused and nothing is stored', async () => {
    const notes = (n: number) => ({ ...mixedOffer(), notes: 'x'.repeat(n) });
    const under = JSON.stringify(notes(9_000));
    expect(under.length).toBeGreaterThan(bodyLimits.lookup);
    expect((await post('/api/offers', { body: under })).status).toBe(201);
    const before = await countOfferRows(database.db);
    const over = JSON.stringify({ ...notes(9_000), padding: ' '.repeat(bodyLimits.offers) });
    expect((await post('/api/offers', { body: over })).status).toBe(413);
    expect(await countOfferRows(database.db)).toEqual(before);
  });

  test('a declared length within the limit is let through on its headers, without asking the request for its body', async () => {
    // On the self-hosted server a request builds a web stream around the socket only when
    // its `body` is asked for (@hono/node-server); the route then reads the body from Node itself.
    const body = JSON.stringify(mixedOffer());
    const request = new Request('http://localhost/api/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    Object.defineProperty(request, 'body', {
      get() {
        throw new Error('the body stream was asked for');
      },
    });
    expect((await app.request(request)).status).toBe(201);
  });

  test('the default limit covers JSON routes that name none', async () => {
    const body = JSON.stringify({ currentPassword: 'x', newPassword: 'y'.repeat(bodyLimits.json) });
    expect((await post('/api/staff/password', { body })).status).toBe(413);
  });
});
