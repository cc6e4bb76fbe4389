import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readConfig } from '../../functions/config';
import { apiRuntimeOf, bundleEdge, NotPortableError } from '../../src/integrations/edge-function';

// docs/decisions/150-the-public-api-at-the-edge.md

describe('the public API’s portability check (npm run lint:edge)', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tx-edge-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('the public request path bundles for a Web runtime, with none of the Node-only modules', async () => {
    const bundle = await bundleEdge({ format: 'esm' });
    expect(bundle.modules).toContain('functions/public-app.ts');
    expect(bundle.modules).toContain('functions/routes/offers.ts');
    expect(bundle.modules).toContain('functions/db/neon.ts');
    // Staff, cron, mail delivery, the other drivers: Node only, and not in the bundle.
    for (const nodeOnly of [
      'functions/app.ts',
      'functions/db/client.ts',
      'functions/db/postgres.ts',
      'functions/db/pglite.ts',
      'functions/mail/transport.ts',
      'functions/routes/staff-auth.ts',
    ]) {
      expect(bundle.modules).not.toContain(nodeOnly);
    }
    expect(bundle.code).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(bundle.code).not.toMatch(/\brequire\(["'](?:fs|net|tls|crypto|path|stream|worker_threads)["']\)/);
  });

  test('fails, naming the module, when a module on the path imports a Node built-in', async () => {
    writeFileSync(
      path.join(scratch, 'entry.ts'),
      "import { hashOf } from './helper';\nexport default (r: Request) => new Response(hashOf(r.url));\n",
    );
    writeFileSync(
      path.join(scratch, 'helper.ts'),
      "import { createHash } from 'node:crypto';\nimport os from 'os';\nexport const hashOf = (s: string) => createHash('sha256').update(s + os.hostname()).digest('hex');\n",
    );
    const failure = await bundleEdge({ format: 'esm', root: scratch, entry: 'entry.ts' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(NotPortableError);
    expect((failure as Error).message).toMatch(/node:crypto, imported by helper\.ts/);
    expect((failure as Error).message).toMatch(/\bos, imported by helper\.ts/);
  });
});

describe('API_RUNTIME', () => {
  test('is node unless edge is asked for, and anything else stops the build', () => {
    expect(apiRuntimeOf({})).toBe('node');
    expect(apiRuntimeOf({ API_RUNTIME: 'edge' })).toBe('edge');
    expect(() => apiRuntimeOf({ API_RUNTIME: 'Edge ' })).toThrow(/node or edge/);
    expect(() => apiRuntimeOf({ API_RUNTIME: 'edge', ASTRO_ADAPTER: 'node' })).toThrow(/Vercel build/);
  });
});

describe('DATABASE_DRIVER and DATABASE_WS_PROXY', () => {
  const url = 'postgres://tongxin@db.example.org/tongxin';
  test('pg by default; neon needs a database URL', () => {
    expect(readConfig({ DATABASE_URL: url }).DATABASE_DRIVER).toBe('pg');
    expect(readConfig({ DATABASE_URL: url, DATABASE_DRIVER: 'neon' }).DATABASE_DRIVER).toBe('neon');
    expect(() => readConfig({ DATABASE_DRIVER: 'neon' })).toThrow(/needs DATABASE_URL/);
    expect(() => readConfig({ DATABASE_URL: url, DATABASE_DRIVER: 'mysql' })).toThrow(/DATABASE_DRIVER must be pg or neon/);
  });

  test('a proxy is wss://, or ws:// to this machine only', () => {
    const neon = { DATABASE_URL: url, DATABASE_DRIVER: 'neon' };
    expect(readConfig({ ...neon, DATABASE_WS_PROXY: 'wss://wsproxy.example.org/v1' }).DATABASE_WS_PROXY).toBe(
      'wss://wsproxy.example.org/v1',
    );
    expect(readConfig({ ...neon, DATABASE_WS_PROXY: 'ws://127.0.0.1:8081/v1' }).DATABASE_WS_PROXY).toBe('ws://127.0.0.1:8081/v1');
    // The database's password would cross the network in clear.
    expect(() => readConfig({ ...neon, DATABASE_WS_PROXY: 'ws://wsproxy.example.org/v1' })).toThrow(/DATABASE_WS_PROXY must be/);
    for (const bad of [
      'https://wsproxy.example.org',
      'wss://u:p@wsproxy.example.org',
      'wss://wsproxy.example.org/v1?address=x',
      'not a url',
    ]) {
      expect(() => readConfig({ ...neon, DATABASE_WS_PROXY: bad }), bad).toThrow(/DATABASE_WS_PROXY must be/);
    }
    // The edge function reads it whatever the Node function's driver: both share one set of settings on Vercel.
    expect(readConfig({ DATABASE_URL: url, DATABASE_WS_PROXY: 'wss://wsproxy.example.org/v1' }).DATABASE_DRIVER).toBe('pg');
  });
});
