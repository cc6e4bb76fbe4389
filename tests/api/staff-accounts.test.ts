import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../functions/db/audit';
import { findStaff } from '../../functions/db/staff';
import { runStaffCommand } from '../../functions/staff-commands';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

// The admins' accounts API (issue 15): the command line's rules (functions/staff-commands.ts)
// from the workspace, with the staff API's 401/403/404/409/422 and Origin rules.

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
const PASSWORD = 'staff password for tests';
let admin = '';
let reviewer = '';

type Account = { id: string; email: string; role: string; status: string; mustChangePassword: boolean; lastSignInAt: string | null };

function call(cookie: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return app.request(`/api/staff/accounts${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/json', ...(init.headers ?? {}) },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
}

async function ok<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; fields?: { path: string; code: string }[] } }).error;
}

async function accountOf(email: string): Promise<Account> {
  const { items } = await ok<{ items: Account[] }>(await call(admin, ''));
  const found = items.find((a) => a.email === email);
  if (!found) throw new Error(`no account ${email}`);
  return found;
}

/** Whether a session cookie still opens the workspace. */
async function live(cookie: string) {
  return (await app.request('/api/staff/me', { headers: { cookie } })).status === 200;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database);
  await addStaffMember(database.db, 'admin@example.org', 'admin', PASSWORD);
  await addStaffMember(database.db, 'reviewer@example.org', 'reviewer', PASSWORD);
  admin = await signIn(app, 'admin@example.org', PASSWORD);
  reviewer = await signIn(app, 'reviewer@example.org', PASSWORD);
});
afterAll(() => database.destroy());

describe('who may use the accounts API', () => {
  test('no session is 401, a reviewer 403, on every route', async () => {
    const some = await accountOf('reviewer@example.org');
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['POST', '', { email: 'x@example.org', role: 'reviewer' }],
      ['POST', `/${some.id}/role`, { role: 'admin' }],
      ['POST', `/${some.id}/disable`],
      ['POST', `/${some.id}/enable`],
      ['POST', `/${some.id}/password`],
      ['POST', `/${some.id}/sign-out`],
    ];
    for (const [method, path, body] of routes) {
      expect((await call('', path, { method, body })).status, `${method} ${path} without a session`).toBe(401);
      const res = await call(reviewer, path, { method, body });
      expect(res.status, `${method} ${path} as a reviewer`).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
    }
    expect((await findStaff(database.db, { id: some.id }))?.role).toBe('reviewer');
  });

  test('a write from another site’s page is refused before anything changes, with or without a body', async () => {
    const target = await accountOf('reviewer@example.org');
    const attempts = [
      call(admin, '', { method: 'POST', body: { email: 'csrf@example.org', role: 'admin' }, headers: { origin: 'https://evil.example' } }),
      call(admin, `/${target.id}/disable`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': '' } }),
      call(admin, `/${target.id}/password`, { method: 'POST', headers: { origin: 'null' } }),
      // No Origin, but the browser says the page was another site's.
      app.request(`/api/staff/accounts/${target.id}/sign-out`, {
        method: 'POST',
        headers: { cookie: admin, 'sec-fetch-site': 'cross-site' },
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden_origin');
    }
    expect(await findStaff(database.db, { email: 'csrf@example.org' })).toBeUndefined();
    expect(await findStaff(database.db, { id: target.id })).toMatchObject({ disabledAt: null, mustChangePassword: false });
    expect(await live(reviewer)).toBe(true);
  });
});

describe('adding an account', () => {
  test('gives a one-time password, shown once, that must be changed at the first sign-in', async () => {
    const added = await ok<{ account: Account; oneTimePassword: string }>(
      await call(admin, '', { method: 'POST', body: { email: '  Volunteer@Example.org ', role: 'reviewer' } }),
      201,
    );
    expect(added.account).toMatchObject({ email: 'volunteer@example.org', role: 'reviewer', status: 'active', mustChangePassword: true });
    expect(added.oneTimePassword.length).toBeGreaterThanOrEqual(12);
    const session = await signIn(app, 'volunteer@example.org', added.oneTimePassword);
    const res = await app.request('/api/staff/offers', { headers: { cookie: session } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('password_change_required');
    // Neither the list nor the audit log ever carries it.
    expect(JSON.stringify(await ok(await call(admin, '')))).not.toContain(added.oneTimePassword);
    const entry = (await listAudit(database.db, { subject: added.account.id })).find((e) => e.action === 'staff.add');
    expect(entry).toMatchObject({ action: 'staff.add', actorKind: 'staff', details: { role: 'reviewer' } });
    expect(JSON.stringify(entry)).not.toContain(added.oneTimePassword);
  });

  test('an email that has an account already is 409, in the admin’s language', async () => {
    const res = await call(admin, '?locale=zh', { method: 'POST', body: { email: 'ADMIN@example.org', role: 'reviewer' } });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'account_exists', message: '这个邮箱已经有工作人员账号了。' });
  });

  test('a bad email or role is 422 naming each field; nothing is stored', async () => {
    const res = await call(admin, '?locale=en', { method: 'POST', body: { email: 'not an email', role: 'owner' } });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toEqual([
      expect.objectContaining({ path: 'email', code: 'email' }),
      expect.objectContaining({ path: 'role', code: 'choice' }),
    ]);
    const missing = await call(admin, '', { method: 'POST', body: {} });
    expect((await errorOf(missing)).fields?.map((f) => [f.path, f.code])).toEqual([
      ['email', 'required'],
      ['role', 'required'],
    ]);
    expect((await call(admin, '', { method: 'POST', body: '{"email":' })).status).toBe(400);
    expect(await findStaff(database.db, { email: 'not an email' })).toBeUndefined();
  });
});

describe('changing an account', () => {
  test('a role change holds from the account’s next request, and is audited with the admin as actor', async () => {
    await addStaffMember(database.db, 'promoted@example.org', 'reviewer', PASSWORD);
    const session = await signIn(app, 'promoted@example.org', PASSWORD);
    const { id } = await accountOf('promoted@example.org');
    expect((await app.request('/api/staff/accounts', { headers: { cookie: session } })).status).toBe(403);
    const changed = await ok<{ account: Account }>(await call(admin, `/${id}/role`, { method: 'POST', body: { role: 'admin' } }));
    expect(changed.account.role).toBe('admin');
    expect((await app.request('/api/staff/accounts', { headers: { cookie: session } })).status).toBe(200);
    const me = await accountOf('admin@example.org');
    expect((await listAudit(database.db, { subject: id }))[0]).toMatchObject({
      action: 'staff.set-role',
      actorId: me.id,
      details: { role: 'admin' },
    });
    expect((await call(admin, `/${id}/role`, { method: 'POST', body: { role: 'boss' } })).status).toBe(422);
  });

  test('disabling ends the account’s open sessions at once; enabling lets it sign in again', async () => {
    await addStaffMember(database.db, 'leaving@example.org', 'reviewer', PASSWORD);
    const session = await signIn(app, 'leaving@example.org', PASSWORD);
    const { id } = await accountOf('leaving@example.org');
    const disabled = await ok<{ account: Account }>(await call(admin, `/${id}/disable`, { method: 'POST' }));
    expect(disabled.account.status).toBe('disabled');
    expect(await live(session)).toBe(false);
    await expect(signIn(app, 'leaving@example.org', PASSWORD)).rejects.toThrow(/401/);
    // Again: nothing changes, and it is still an answer, not an error.
    expect((await ok<{ account: Account }>(await call(admin, `/${id}/disable`, { method: 'POST' }))).account.status).toBe('disabled');
    const enabled = await ok<{ account: Account }>(await call(admin, `/${id}/enable`, { method: 'POST' }));
    expect(enabled.account.status).toBe('active');
    expect(await live(session)).toBe(false);
    expect(await live(await signIn(app, 'leaving@example.org', PASSWORD))).toBe(true);
    const actions = (await listAudit(database.db, { subject: id }))
      .map((e) => e.action)
      .filter((a) => a === 'staff.enable' || a === 'staff.disable');
    expect(actions.slice(0, 3)).toEqual(['staff.enable', 'staff.disable', 'staff.disable']);
  });

  test('a password reset ends every session; the old password stops working and the new one must be changed', async () => {
    await addStaffMember(database.db, 'forgot@example.org', 'reviewer', PASSWORD);
    const session = await signIn(app, 'forgot@example.org', PASSWORD);
    const { id } = await accountOf('forgot@example.org');
    const reset = await ok<{ account: Account; oneTimePassword: string }>(await call(admin, `/${id}/password`, { method: 'POST' }));
    expect(reset.account.mustChangePassword).toBe(true);
    expect(await live(session)).toBe(false);
    await expect(signIn(app, 'forgot@example.org', PASSWORD)).rejects.toThrow(/401/);
    const fresh = await signIn(app, 'forgot@example.org', reset.oneTimePassword);
    expect((await errorOf(await app.request('/api/staff/offers', { headers: { cookie: fresh } }))).code).toBe('password_change_required');
  });

  test('ending an account’s sessions says how many ended, and each must sign in again', async () => {
    await addStaffMember(database.db, 'phone-lost@example.org', 'reviewer', PASSWORD);
    const one = await signIn(app, 'phone-lost@example.org', PASSWORD);
    const two = await signIn(app, 'phone-lost@example.org', PASSWORD);
    const { id } = await accountOf('phone-lost@example.org');
    const ended = await ok<{ sessionsEnded: number }>(await call(admin, `/${id}/sign-out`, { method: 'POST' }));
    expect(ended.sessionsEnded).toBe(2);
    expect(await live(one)).toBe(false);
    expect(await live(two)).toBe(false);
    expect((await listAudit(database.db, { subject: id }))[0]).toMatchObject({ action: 'staff.sign-out', details: { sessions: 2 } });
  });

  test('an unknown or malformed id is 404, in the admin’s language', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', '%27%20or%201%3D1']) {
      const res = await call(admin, `/${id}/disable?locale=en`, { method: 'POST' });
      expect(res.status, id).toBe(404);
      expect(await errorOf(res)).toMatchObject({ code: 'account_not_found', message: 'There is no such staff account.' });
    }
  });
});

describe('the last active admin', () => {
  test('cannot be disabled or made a reviewer, from the workspace or the command line', async () => {
    const db = await createTestDatabase();
    try {
      const local = testApp(db);
      await addStaffMember(db.db, 'only-admin@example.org', 'admin', PASSWORD);
      await addStaffMember(db.db, 'old-admin@example.org', 'admin', PASSWORD);
      await runStaffCommand(db.db, { command: 'disable', email: 'old-admin@example.org' });
      const cookie = await signIn(local, 'only-admin@example.org', PASSWORD);
      const { items } = (await (await local.request('/api/staff/accounts', { headers: { cookie } })).json()) as { items: Account[] };
      const me = items.find((a) => a.email === 'only-admin@example.org') as Account;
      const post = (path: string, body?: unknown) =>
        local.request(`/api/staff/accounts/${me.id}${path}?locale=en`, {
          method: 'POST',
          headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      for (const res of [await post('/disable'), await post('/role', { role: 'reviewer' })]) {
        expect(res.status).toBe(409);
        expect(await errorOf(res)).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/last active admin/) });
      }
      expect(await runStaffCommand(db.db, { command: 'disable', email: 'only-admin@example.org' }).catch((e: Error) => e.message)).toMatch(
        /last active admin/,
      );
      expect(await findStaff(db.db, { id: me.id })).toMatchObject({ role: 'admin', disabledAt: null });
      // With a second active admin, either may step down.
      await runStaffCommand(db.db, { command: 'enable', email: 'old-admin@example.org' });
      expect((await post('/role', { role: 'reviewer' })).status).toBe(200);
    } finally {
      await db.destroy();
    }
  });

  test('two admins disabling each other at the same moment: one succeeds, one is refused', async () => {
    const db = await createTestDatabase();
    try {
      await addStaffMember(db.db, 'a@example.org', 'admin', PASSWORD);
      await addStaffMember(db.db, 'b@example.org', 'admin', PASSWORD);
      const results = await Promise.allSettled([
        runStaffCommand(db.db, { command: 'disable', email: 'a@example.org' }),
        runStaffCommand(db.db, { command: 'disable', email: 'b@example.org' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const active = await Promise.all(['a@example.org', 'b@example.org'].map((email) => findStaff(db.db, { email })));
      expect(active.filter((s) => s?.disabledAt === null)).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });
});
