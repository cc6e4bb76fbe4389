import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { locales } from '../../src/i18n/config';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer } from '../helpers/offers';
import { callVercelFunction } from '../helpers/vercel-function';

const output = path.resolve('.vercel/output');
const func = path.join(output, 'functions/_render.func');

/** Every file under `dir` (symbolic links as themselves, not followed), relative to it, with its size. */
function filesIn(dir: string, prefix = ''): { file: string; bytes: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const stat = lstatSync(path.join(dir, name));
    const file = `${prefix}${name}`;
    return stat.isDirectory() ? filesIn(path.join(dir, name), `${file}/`) : [{ file, bytes: stat.size }];
  });
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

  // docs/decisions/115-vercel-function-size.md
  test('keeps the function within 6 MB, with no zod locales, PGlite or dev tools', () => {
    const files = filesIn(func);
    expect(files.reduce((sum, f) => sum + f.bytes, 0)).toBeLessThanOrEqual(6_000_000);
    const devTools = [...Object.keys(pkg.devDependencies), '@electric-sql/pglite', 'esbuild', 'rollup', '@rollup', 'sharp'];
    const packages = new Set(files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.file)?.[1] ?? []));
    expect([...packages].filter((p) => devTools.some((tool) => p === tool || p.startsWith(`${tool}/`)))).toEqual([]);
    expect(files.filter((f) => /(^|\/)zod\/(v4\/)?locales\//.test(f.file))).toEqual([]);
    // zod, nodemailer and libphonenumber-js are bundled into the server chunks: left as imports,
    // the trace would copy zod's every locale and each package's CommonJS copy as well.
    const chunks = files.filter((f) => f.file.endsWith('.mjs') && !f.file.includes('node_modules/'));
    for (const { file } of chunks) {
      const code = readFileSync(path.join(func, file), 'utf8');
      expect(code, file).not.toMatch(/(?:from\s*|import\s*\(\s*)["'](?:zod|nodemailer|libphonenumber-js)(?:\/[^"']*)?["']/);
      // Only zod's English default may be bundled, not its other languages' messages.
      expect(code, file).not.toMatch(/Ungültige Eingabe|Entrée invalide|無効な入力/);
    }
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

  test('starts with mail configured: the bundled nodemailer loads', async () => {
    const res = await callVercelFunction(
      { url: 'http://localhost/api/health' },
      { DATABASE_URL: database.url ?? '', SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Tongxin <noreply@example.org>' },
    );
    expect(res.status, res.body).toBe(200);
  });

  test('stores a good offer, and refuses a bad one in the reader’s language with the portal’s own messages', async () => {
    const post = (body: unknown, lng: string) =>
      callVercelFunction(
        {
          url: 'http://localhost/api/offers',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': lng, 'x-forwarded-for': '198.51.100.7' },
          body: JSON.stringify(body),
        },
        { DATABASE_URL: database.url ?? '' },
      );
    const stored = await post(goodsOffer(), 'es');
    expect(stored.status, stored.body).toBe(201);
    expect(JSON.parse(stored.body)).toMatchObject({ status: 'submitted' });

    const { locale: _, ...offer } = { ...goodsOffer(), contact: { name: 'Lin', email: 'not-an-email' } };
    for (const lng of locales) {
      const errors = JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;
      const res = await post(offer, lng);
      expect(res.status, lng).toBe(422);
      expect(JSON.parse(res.body).error).toMatchObject({
        code: 'validation',
        message: errors['error.validation'],
        fields: [{ path: 'contact.email', code: 'email', message: errors['validation.email'] }],
      });
    }
  });
});
