import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';

const baseURL = inject('baseURL');
const dataDir = inject('dataDir');

async function staff(args: string[], input?: string): Promise<{ code: number; out: string }> {
  const child = execFile(path.resolve('node_modules/.bin/tsx'), ['scripts/staff.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, out };
}

describe('npm run staff while the portal holds the embedded database', () => {
  test('goes through the running server instead of opening the database a second time', async () => {
    // The server opens the database on its first API request.
    expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
    const added = await staff(['add', 'cli-admin@example.org', '--role', 'admin']);
    expect(added.code, added.out).toBe(0);
    const password = /One-time password: (\S+)/.exec(added.out)?.[1];
    expect(password).toBeTruthy();

    const res = await fetch(`${baseURL}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseURL },
      body: JSON.stringify({ email: 'cli-admin@example.org', password }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'admin', mustChangePassword: true });

    const reset = await staff(['reset-password', 'cli-admin@example.org', '--password-stdin'], 'a password from a script\n');
    expect(reset.code, reset.out).toBe(0);
    expect(reset.out).not.toContain('One-time password');

    const list = await staff(['list']);
    expect(list.out).toMatch(/cli-admin@example\.org\s+admin\s+active/);
  });

  test('explains a bad command instead of guessing', async () => {
    const res = await staff(['add', 'not-an-email', '--role', 'owner']);
    expect(res.code).toBe(2);
    expect(res.out).toContain('Usage: npm run staff');
  });
});
