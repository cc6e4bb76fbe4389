import { describe, expect, inject, test } from 'vitest';
import { runStaffCommand } from '../helpers/staff-cli';

const baseURL = inject('baseURL');
const dataDir = inject('dataDir');

const staff = (args: string[], input?: string) => runStaffCommand(dataDir, args, input);

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
