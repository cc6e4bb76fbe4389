import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import * as passwords from '../../functions/auth/password';
import { hashPassword, verifyPassword } from '../../functions/auth/password';
import { listAudit } from '../../functions/db/audit';
import { outbox } from '../../functions/db/schema';
import { SESSION_IDLE_MINUTES } from '../../functions/db/staff';
import { renderMessage } from '../../functions/mail/render-message';
import { signInThrottle } from '../../functions/routes/staff-auth';
import { runStaffCommand } from '../../functions/staff-commands';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { addStaffMember, ORIGIN } from '../helpers/staff';

let database: TestDatabase;
let clock = new Date('2026-11-29T10:00:00Z');
let app: ReturnType<typeof testApp>;
const PASSWORD = 'correct horse battery staple';
let address = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { now: () => clock.getTime() });
  await addStaffMember(database.db, 'reviewer@example.org', 'reviewer', PASSWORD);
  await addStaffMember(database.db, 'admin@example.org', 'admin', PASSWORD);
});
afterAll(() => database.destroy());
beforeEach(() => {
  // Each test comes from its own address and a fresh window, so throttles do not leak between tests.
  address++;
  clock = new Date(clock.getTime() + 60 * 60 * 1000);
});

function login(email: string, password: string, headers: Record<string, string> = {}, from = `203.0.113.${address}`) {
  return app.request(
    '/api/staff/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
      body: JSON.stringify({ email, password }),
    },
    { clientAddress: from },
  );
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] as string;

describe('staff sign-in', () => {
  test('the right password gives an 8-hour, HttpOnly, Secure, SameSite=Strict session', async () => {
    const res = await login('Reviewer@Example.org', PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: 'reviewer@example.org', role: 'reviewer' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-tx_staff=/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const me = await app.request('/api/staff/me', { headers: { cookie: cookieOf(res) } });
    expect(await me.json()).toMatchObject({ email: 'reviewer@example.org', role: 'reviewer' });
  });

  test('a wrong password and an unknown account get the same generic answer', async () => {
    const wrong = await login('reviewer@example.org', 'not the password', { 'accept-language': 'en' });
    const unknown = await login('nobody@example.org', PASSWORD, { 'accept-language': 'en' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { error: { message: string; code: string } };
    const b = (await unknown.json()) as { error: { message: string; code: string } };
    expect(a.error.message).toBe(b.error.message);
    expect(a.error.message).toBe('The email address or password is not correct.');
  });

  test('invalid input is a 422 naming each field, in the requester’s language', async () => {
    const res = await app.request('/api/staff/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'accept-language': 'ja' },
      body: JSON.stringify({ email: 'not-an-email', password: '' }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: { path: string; code: string; message: string }[] } };
    expect(body.error.code).toBe('validation');
    expect(body.error.fields.map((f) => [f.path, f.code])).toEqual([
      ['email', 'email'],
      ['password', 'required'],
    ]);
    expect(body.error.fields[0]?.message).toContain('メールアドレス');
  });

  test('malformed JSON is a localized 400', async () => {
    const res = await app.request('/api/staff/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'accept-language': 'es' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
  });

  test('after 5 failures an account is throttled, even with the right password, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await login('admin@example.org', `wrong ${i}`)).status).toBe(401);
    const res = await login('admin@example.org', PASSWORD, { 'accept-language': 'zh' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('登录尝试次数过多');
    // The window passes: the right password works again.
    clock = new Date(clock.getTime() + 16 * 60 * 1000);
    expect((await login('admin@example.org', PASSWORD)).status).toBe(200);
  });

  test('only failures count against an account: signing in often is not throttled', async () => {
    for (let i = 0; i < 8; i++) expect((await login('admin@example.org', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('admin@example.org', `wrong ${i}`)).status).toBe(401);
    expect((await login('admin@example.org', PASSWORD)).status).toBe(200);
    expect((await login('admin@example.org', 'wrong again')).status).toBe(401);
    expect((await login('admin@example.org', PASSWORD)).status).toBe(429);
  });

  test('thirty wrong passwords sent at once for one account make at most five password checks', async () => {
    const checks = vi.spyOn(passwords, 'verifyPassword');
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login('admin@example.org', `parallel guess ${i}`)));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(signInThrottle.perAccountAndAddress);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30 - signInThrottle.perAccountAndAddress);
      expect(checks.mock.calls.length).toBe(signInThrottle.perAccountAndAddress);
    } finally {
      checks.mockRestore();
    }
  });

  test('a stranger’s failures do not lock the owner out of their own address', async () => {
    for (let i = 0; i < 12; i++) await login('admin@example.org', `stranger ${i}`, {}, '198.51.100.66');
    expect((await login('admin@example.org', PASSWORD, {}, '198.51.100.66')).status).toBe(429);
    expect((await login('admin@example.org', PASSWORD, {}, '203.0.113.250')).status).toBe(200);
  });

  test('many failures for one account from many addresses tell the admins once, and do not lock the account', async () => {
    const alertsBefore = (await database.db.select().from(outbox)).filter((m) => m.kind === 'staff_alert').length;
    const addresses = Array.from({ length: 5 }, (_, i) => `192.0.2.${10 + i}`);
    for (const from of addresses) {
      for (let i = 0; i < signInThrottle.perAccountAndAddress; i++) {
        expect((await login('reviewer@example.org', `spray ${i}`, {}, from)).status).toBe(401);
      }
    }
    const alerts = (await database.db.select().from(outbox)).filter((m) => m.kind === 'staff_alert').slice(alertsBefore);
    // One message per active admin (admin@example.org), about the reviewer's account, and no second one.
    expect(alerts.map((m) => m.recipient)).toEqual(['admin@example.org']);
    expect(alerts[0]).toMatchObject({ status: 'held', bodyText: null, params: { email: 'reviewer@example.org' } });
    const alert = renderMessage('staff_alert', alerts[0]?.params);
    expect(alert.ok && alert.mail.text).toContain('reviewer@example.org');
    const audit = await listAudit(database.db, { limit: 100 });
    expect(audit.filter((e) => e.action === 'staff.login-alert')).toHaveLength(1);
    expect((await login('reviewer@example.org', PASSWORD, {}, '192.0.2.99')).status).toBe(200);
  });

  test('failed sign-ins and throttles are audited, without the address or the email typed', async () => {
    const from = '198.51.100.201';
    await login('nobody-at-all@example.org', 'guess', {}, from);
    for (let i = 0; i < 7; i++) await login('admin@example.org', `audited ${i}`, {}, from);
    const entries = (await listAudit(database.db, { limit: 50 })).reverse();
    const failed = entries.filter((e) => e.action === 'staff.login-failed').slice(-6);
    expect(failed.map((e) => e.details.reason)).toEqual(['unknown-account', 'password', 'password', 'password', 'password', 'password']);
    expect(failed[0]?.subject).toBeNull();
    const throttled = entries.filter((e) => e.action === 'staff.login-throttled' && e.details.from === failed[1]?.details.from);
    expect(throttled).toHaveLength(1);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(from);
    expect(text).not.toContain('nobody-at-all');
  });

  test('one address trying many accounts is throttled too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await login(`user${i}@example.org`, 'guess')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  test('a cross-site form post is refused', async () => {
    const res = await app.request('/api/staff/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'email=reviewer%40example.org&password=x',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden_origin' } });
  });
});

describe('staff sessions', () => {
  test('no cookie, a tampered cookie or an expired session is 401', async () => {
    expect((await app.request('/api/staff/me')).status).toBe(401);
    const cookie = cookieOf(await login('reviewer@example.org', PASSWORD));
    const [name, value] = cookie.split('=') as [string, string];
    const flipped = value[5] === 'A' ? 'B' : 'A';
    const tampered = `${name}=${value.slice(0, 5)}${flipped}${value.slice(6)}`;
    expect((await app.request('/api/staff/me', { headers: { cookie: tampered } })).status).toBe(401);
    expect((await app.request('/api/staff/me', { headers: { cookie } })).status).toBe(200);
    clock = new Date(clock.getTime() + 8 * 60 * 60 * 1000 + 1000);
    expect((await app.request('/api/staff/me', { headers: { cookie } })).status).toBe(401);
  });

  test('logging out revokes the session', async () => {
    const cookie = cookieOf(await login('reviewer@example.org', PASSWORD));
    const out = await app.request('/api/staff/logout', { method: 'POST', headers: { cookie, origin: ORIGIN } });
    expect(out.status).toBe(204);
    expect((await app.request('/api/staff/me', { headers: { cookie } })).status).toBe(401);
  });

  test('a session left alone for 30 minutes ends; one in use lasts', async () => {
    const cookie = cookieOf(await login('reviewer@example.org', PASSWORD));
    const me = () => app.request('/api/staff/me', { headers: { cookie } });
    for (let i = 0; i < 3; i++) {
      clock = new Date(clock.getTime() + (SESSION_IDLE_MINUTES - 1) * 60_000);
      expect((await me()).status).toBe(200);
    }
    clock = new Date(clock.getTime() + (SESSION_IDLE_MINUTES + 1) * 60_000);
    expect((await me()).status).toBe(401);
  });

  test('changing the password gives this browser a new session and ends every other', async () => {
    await addStaffMember(database.db, 'changer@example.org', 'reviewer', PASSWORD);
    const here = cookieOf(await login('changer@example.org', PASSWORD));
    const elsewhere = cookieOf(await login('changer@example.org', PASSWORD, {}, '192.0.2.77'));
    const res = await app.request('/api/staff/password', {
      method: 'POST',
      headers: { cookie: here, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another long password' }),
    });
    expect(res.status).toBe(204);
    const renewed = cookieOf(res);
    expect(renewed).toMatch(/^__Host-tx_staff=/);
    expect(renewed).not.toBe(here);
    expect((await app.request('/api/staff/me', { headers: { cookie: here } })).status).toBe(401);
    expect((await app.request('/api/staff/me', { headers: { cookie: elsewhere } })).status).toBe(401);
    expect((await app.request('/api/staff/me', { headers: { cookie: renewed } })).status).toBe(200);
  });

  test('signing out everywhere ends every session of the member, and only theirs', async () => {
    const first = cookieOf(await login('reviewer@example.org', PASSWORD));
    const second = cookieOf(await login('reviewer@example.org', PASSWORD, {}, '192.0.2.78'));
    const other = cookieOf(await login('admin@example.org', PASSWORD));
    const res = await app.request('/api/staff/logout-everywhere', { method: 'POST', headers: { cookie: second, origin: ORIGIN } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-tx_staff=;/);
    for (const cookie of [first, second]) expect((await app.request('/api/staff/me', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/api/staff/me', { headers: { cookie: other } })).status).toBe(200);
    const [entry] = await listAudit(database.db, { limit: 1 });
    expect(entry).toMatchObject({ action: 'staff.logout-everywhere', details: { sessions: 2 } });
  });

  test('disabling an account ends its sessions', async () => {
    await addStaffMember(database.db, 'leaving@example.org', 'reviewer', PASSWORD);
    const cookie = cookieOf(await login('leaving@example.org', PASSWORD));
    await runStaffCommand(database.db, { command: 'disable', email: 'leaving@example.org' });
    expect((await app.request('/api/staff/me', { headers: { cookie } })).status).toBe(401);
    expect((await login('leaving@example.org', PASSWORD)).status).toBe(401);
  });
});

describe('one-time passwords', () => {
  test('a password made by the command line must be replaced before anything else', async () => {
    const result = await runStaffCommand(database.db, { command: 'add', email: 'new@example.org', role: 'reviewer' });
    if (!result.ok || !result.oneTimePassword) throw new Error('no password');
    const res = await login('new@example.org', result.oneTimePassword);
    expect(await res.json()).toMatchObject({ mustChangePassword: true });
    const cookie = cookieOf(res);
    const change = (body: object) =>
      app.request('/api/staff/password', {
        method: 'POST',
        headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await change({ currentPassword: result.oneTimePassword, newPassword: 'short' })).status).toBe(422);
    expect((await change({ currentPassword: 'wrong', newPassword: 'a much longer password' })).status).toBe(422);
    const changed = await change({ currentPassword: result.oneTimePassword, newPassword: 'a much longer password' });
    expect(changed.status).toBe(204);
    // The change comes with a new session (the old one ended with the old password).
    const renewed = cookieOf(changed);
    expect(await (await app.request('/api/staff/me', { headers: { cookie: renewed } })).json()).toMatchObject({
      mustChangePassword: false,
    });
  });

  test('passwords are stored as self-describing PBKDF2-SHA256 hashes with at least 600,000 iterations', async () => {
    const hash = await hashPassword('example password');
    expect(hash).toMatch(/^pbkdf2-sha256\$(\d+)\$[\w-]+\$[\w-]+$/);
    expect(Number(hash.split('$')[1])).toBeGreaterThanOrEqual(600_000);
    expect(await verifyPassword('example password', hash)).toBe(true);
    expect(await verifyPassword('Example password', hash)).toBe(false);
    expect(await verifyPassword('example password', 'garbage$$$')).toBe(false);
  });
});

describe('the audit log', () => {
  test('records sign-ins and account changes, and cannot be altered', async () => {
    const entries = await listAudit(database.db, { limit: 1000 });
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['staff.login', 'staff.logout', 'staff.disable', 'staff.add', 'staff.password-changed'])
      expect(actions, action).toContain(action);
    await expect(database.db.execute('update audit_log set action = $1' as never)).rejects.toThrow();
    await expect(database.db.execute('delete from audit_log' as never)).rejects.toThrow();
  });
});

describe('the command line through the running server', () => {
  const command = (body: object, env: { clientAddress?: string; staffSocket?: boolean }, headers: Record<string, string> = {}) =>
    app.request(
      '/api/internal/staff',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
      env,
    );

  test('runs a command that came in on the staff socket', async () => {
    const res = await command({ command: 'list' }, { staffSocket: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { list: unknown[] }).list.length).toBeGreaterThan(1);
  });

  test('is the ordinary 404 on the public port, even from this machine and with a token', async () => {
    for (const clientAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '198.51.100.7']) {
      const res = await command({ command: 'list' }, { clientAddress }, { authorization: 'Bearer anything' });
      expect(res.status, clientAddress).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await command({ command: 'list' }, { staffSocket: false })).status).toBe(404);
    expect((await app.request('/api/internal/staff', { method: 'POST' })).status).toBe(404);
  });
});
