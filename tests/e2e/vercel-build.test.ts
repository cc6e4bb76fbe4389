import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { locales } from '../../src/i18n/config';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { callVercelFunction } from '../helpers/vercel-function';

const output = path.resolve('.vercel/output');
const func = path.join(output, 'functions/_render.func');
describe('the Vercel build', () => {
  test('declares the Node 24 runtime', () => {
    const config = JSON.parse(readFileSync(path.join(func, '.vc-config.json'), 'utf8'));
    expect(config.runtime).toBe('nodejs24.x');
  });

  test('prerenders the home page of every locale', () => {
    for (const lng of locales) expect(existsSync(path.join(output, 'static', lng, 'index.html')), lng).toBe(true);
  });

  test('leaves the embedded database out of the function', () => {
    expect(existsSync(path.join(func, 'node_modules/@electric-sql/pglite'))).toBe(false);
  });

  test('without DATABASE_URL the function refuses to store anything and says so in JSON', async () => {
    const res = await callVercelFunction({ url: 'http://localhost/api/health', headers: { 'accept-language': 'en' } }, { VERCEL: '1' });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/unavailable/) } });
  });

  test('renders the donation form on demand, with a fresh start time for the bot check', async () => {
    const res = await callVercelFunction({ url: 'http://localhost/ja/donate/' }, { VERCEL: '1' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toMatch(/<form id="donate-form"/);
    const startedAt = Number(/name="startedAt" value="(\d+)"/.exec(res.body)?.[1]);
    expect(Date.now() - startedAt).toBeLessThan(60_000);
  });

  test('redirects / to the reader’s language', async () => {
    const res = await callVercelFunction({ url: 'http://localhost/', headers: { 'accept-language': 'es-AR' } }, {});
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/es/');
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('the built Vercel function with PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    process.env.TEST_DB = 'postgres';
    database = await createTestDatabase();
  });
  afterAll(() => database?.destroy());

  test('answers /api/health through the function', async () => {
    const res = await callVercelFunction({ url: 'http://localhost/api/health' }, { DATABASE_URL: database.url ?? '' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', db: { kind: 'postgres', status: 'ok' } });
  });
});
