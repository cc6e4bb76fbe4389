import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { locales } from '../../src/i18n/config';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const output = path.resolve('.vercel/output');
const func = path.join(output, 'functions/_render.func');
const entry = pathToFileURL(path.join(func, '.vercel/output/server/entry.mjs')).href;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Calls the built function the way Vercel does (its default export's `fetch`), in a
 * fresh Node process so each call starts cold with the environment it is given.
 */
async function callFunction(request: { url: string; headers?: Record<string, string> }, env: Record<string, string>): Promise<Answer> {
  const script = `
    const { default: handler } = await import(${JSON.stringify(entry)});
    const res = await handler.fetch(new Request(${JSON.stringify(request.url)}, { headers: ${JSON.stringify(request.headers ?? {})} }));
    process.stdout.write(JSON.stringify({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: path.resolve('.'),
  });
  return JSON.parse(stdout) as Answer;
}

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
    const res = await callFunction({ url: 'http://localhost/api/health', headers: { 'accept-language': 'en' } }, { VERCEL: '1' });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/unavailable/) } });
  });

  test('renders the donation form on demand, with a fresh start time for the bot check', async () => {
    const res = await callFunction({ url: 'http://localhost/ja/donate/' }, { VERCEL: '1' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toMatch(/<form id="donate-form"/);
    const startedAt = Number(/name="startedAt" value="(\d+)"/.exec(res.body)?.[1]);
    expect(Date.now() - startedAt).toBeLessThan(60_000);
  });

  test('redirects / to the reader’s language', async () => {
    const res = await callFunction({ url: 'http://localhost/', headers: { 'accept-language': 'es-AR' } }, {});
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
    const res = await callFunction({ url: 'http://localhost/api/health' }, { DATABASE_URL: database.url ?? '' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', db: { kind: 'postgres', status: 'ok' } });
  });
});
