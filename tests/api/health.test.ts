import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { expectConsoleError } from '../helpers/fail-on-console-error';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database);
});
afterAll(() => database.destroy());

describe('GET /api/health', () => {
  test('says the API and its database are up, with the version', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: pkg.version, db: { kind: database.kind, status: 'ok' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('answers 503 when the database does not', async () => {
    const broken = testApp({ ...database, ping: () => Promise.reject(new Error('connection refused')) });
    expectConsoleError();
    const res = await broken.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', db: { status: 'unavailable' } });
  });
});

describe('errors', () => {
  test('an unknown API path is a JSON 404 in the language asked for, with a request id', async () => {
    const res = await app.request('/api/no/such/thing', { headers: { 'Accept-Language': 'es-MX,es;q=0.9' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toBe('No hay nada en la dirección solicitada.');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  test('?locale= chooses the language of the message', async () => {
    const res = await app.request('/api/nope?locale=ja', { headers: { 'Accept-Language': 'en' } });
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/見つかりませんでした/);
  });

  test('a malformed Accept-Language gets the default language, not an error', async () => {
    const res = await app.request('/api/nope', { headers: { 'Accept-Language': ';;q=zz,<>' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('找不到您请求的地址。');
  });

  test('a crash becomes a 500 that leaks nothing but the request id', async () => {
    const crashing = testApp(database);
    crashing.get('/boom', () => {
      throw new Error('secret detail: password=hunter2');
    });
    expectConsoleError();
    const res = await crashing.request('/api/boom', { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).error).toMatchObject({ code: 'internal', requestId: expect.any(String) });
  });

  test('responses carry security headers', async () => {
    const res = await app.request('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test('the API sends the same Referrer-Policy and Permissions-Policy as the pages', async () => {
    for (const path of ['/api/health', '/api/no/such/thing']) {
      const res = await app.request(path);
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('permissions-policy'), path).toContain('camera=()');
      expect(res.headers.get('permissions-policy'), path).toContain('geolocation=()');
    }
  });

  test('HSTS only on a request that came over HTTPS', async () => {
    expect((await app.request('http://localhost/api/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await app.request('https://tongxin.example/api/health')).headers.get('strict-transport-security')).toMatch(
      /^max-age=\d{8,}; includeSubDomains$/,
    );
  });
});

describe('GET /api/locale/:lng', () => {
  test('remembers the choice and returns the reader to the same page in that language', async () => {
    const res = await app.request('/api/locale/ja?next=%2Fja%2Fguides%2Fmasks%2F');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ja/guides/masks/');
    expect(res.headers.get('set-cookie')).toMatch(/tx_lang=ja;.*Path=\//);
  });

  test('remembers Traditional Chinese in its exact case, which the front door then honours', async () => {
    const res = await app.request('/api/locale/zh-Hant?next=%2Fzh-Hant%2Fguides%2Fmasks%2F');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/zh-Hant/guides/masks/');
    expect(res.headers.get('set-cookie')).toMatch(/tx_lang=zh-Hant;.*Path=\//);
    expect((await app.request('/api/locale/zh-hant')).status).toBe(404);
  });

  test('never redirects off the site', async () => {
    for (const next of ['https://evil.example/', '//evil.example/ja/', '/es/guides/']) {
      const res = await app.request(`/api/locale/ja?next=${encodeURIComponent(next)}`);
      expect(res.headers.get('location')).toBe('/ja/');
    }
  });

  test('an unknown language is a JSON 404', async () => {
    const res = await app.request('/api/locale/xx');
    expect(res.status).toBe(404);
  });
});
