import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditActions, auditDetailKeys, shownDetails } from '../../functions/audit-details';
import { listAudit } from '../../functions/db/audit';
import { findStaffByEmail } from '../../functions/db/staff';
import { auditLog } from '../../functions/db/staff-schema';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { postJson } from '../helpers/offers';
import { findInDatabase } from '../helpers/personal-data';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

// The audit log as admins read it: GET /api/staff/audit and /audit.csv. The log outlives
// every erasure, so what it shows is held to a closed list of details
// (functions/audit-details.ts), whatever an entry holds.

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
const cookies = { admin: '', reviewer: '' };
const PASSWORD = 'staff password for audit log tests';
const ADMIN = 'log-admin@tongxin.example';

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, mail: { sending: false } });
  for (const role of ['admin', 'reviewer'] as const) {
    await addStaffMember(database.db, role === 'admin' ? ADMIN : `log-${role}@tongxin.example`, role, PASSWORD);
    cookies[role] = await signIn(app, role === 'admin' ? ADMIN : `log-${role}@tongxin.example`, PASSWORD);
  }
});
afterAll(() => database.destroy());

function as(role: keyof typeof cookies | 'nobody', path: string, body?: object) {
  return app.request(`/api/staff${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(role === 'nobody' ? {} : { cookie: cookies[role] }), origin: ORIGIN, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

async function ok(res: Response | Promise<Response>, status = 200) {
  const answer = await res;
  expect(answer.status, await answer.clone().text()).toBe(status);
  return answer;
}

interface Entry {
  id: number;
  at: string;
  actorKind: string;
  actorEmail: string | null;
  action: string;
  reference: string | null;
  accountEmail: string | null;
  details: Record<string, unknown>;
}
interface AuditPage {
  items: Entry[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  choices: { actions: string[]; actors: { id: string; email: string }[] };
}

async function read(query: string): Promise<AuditPage> {
  return (await (await ok(as('admin', `/audit${query}`))).json()) as AuditPage;
}

async function csvOf(query: string): Promise<string[][]> {
  const text = await (await ok(as('admin', `/audit.csv${query}`))).text();
  return parse(text, { bom: true }) as string[][];
}

/** A donor whose every word is easy to find again. */
const donor = {
  locale: 'en',
  organization: { name: 'Nkemelu-Saarinen Trust', country: 'FI', city: 'Rovaniemi', kind: 'individual' },
  contact: {
    name: 'Chidinma Nkemelu-Saarinen',
    email: 'chidinma.nkemelusaarinen@mail.example',
    phone: '+358 40 7654321',
    wechat: 'chidinma_wx_77',
  },
  goods: [{ item: 'other', name: 'Chidinma’s knitted masks', quantity: 80 }],
  location: '3 Lapinkatu, Rovaniemi',
  notes: 'Call Chidinma after six.',
  consent: { dataProcessing: true, thankPublicly: true },
};
const DONOR_WORDS = ['Chidinma', 'Nkemelu', 'nkemelusaarinen', 'Saarinen', 'Rovaniemi', 'Lapinkatu', '7654321', 'knitted'];

async function submit(body: object = donor): Promise<string> {
  const res = await ok(postJson(app, '/offers', body, { headers: { 'Idempotency-Key': crypto.randomUUID() } }), 201);
  return ((await res.json()) as { reference: string }).reference;
}

describe('who may read the log', () => {
  test('no session is a 401; a reviewer is refused with a 403, for the list and the CSV', async () => {
    for (const path of ['/audit', '/audit.csv']) {
      expect((await as('nobody', path)).status).toBe(401);
      const refused = await as('reviewer', `${path}?locale=en`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  test('bad filters are a 422 naming each field, in the language asked for', async () => {
    const res = await as('admin', '/audit?actor=someone&action=DROP%20TABLE&reference=TX-0000-0000&from=yesterday&page=0&locale=en');
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; fields: { path: string; message: string }[] } };
    expect(error.fields.map((f) => f.path).sort()).toEqual(['action', 'actor', 'from', 'page', 'reference']);
    expect(error.fields[0]?.message).toBe('We cannot read this answer.');
    const zh = await as('admin', '/audit.csv?from=2026-03-02&to=2026-03-01&locale=zh');
    expect(zh.status).toBe(422);
    const body = (await zh.json()) as { error: { fields: { path: string; message: string }[] } };
    expect(body.error.fields).toEqual([{ path: 'to', code: 'invalid', message: '无法识别这项内容。' }]);
  });
});

describe('searching the log', () => {
  test('newest first, with who acted (their email), the action and the offer it was about', async () => {
    const reference = await submit();
    await ok(as('admin', `/offers/${reference}`));
    await ok(as('admin', `/offers/${reference}/transitions`, { to: 'under_review', visibleToDonor: true, reason: 'Chidinma called.' }));
    const { items, choices } = await read(`?reference=${reference}`);
    expect(items.map((e) => e.action)).toEqual(['offer.transition', 'offer.read']);
    expect(items[0]).toMatchObject({
      actorKind: 'staff',
      actorEmail: ADMIN,
      reference,
      accountEmail: null,
      details: { from: 'submitted', to: 'under_review', visibleToDonor: true },
    });
    expect(Date.parse(items[0]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(items[1]?.at ?? ''));
    expect(choices.actions).toEqual(expect.arrayContaining(['offer.read', 'offer.transition', 'staff.login']));
    expect(choices.actors.map((a) => a.email)).toEqual([ADMIN, 'log-reviewer@tongxin.example']);
  });

  test('a reference is found however staff type it; one no entry has finds nothing', async () => {
    const reference = await submit();
    await ok(as('admin', `/offers/${reference}`));
    const typed = reference.toLowerCase().replace(/-/g, ' ');
    expect((await read(`?reference=${encodeURIComponent(typed)}`)).items.map((e) => e.reference)).toEqual([reference]);
    expect((await read('?reference=TX-2222-2222')).total).toBe(0);
  });

  test('by actor: a staff account, the command line, the system', async () => {
    const reviewer = await findStaffByEmail(database.db, 'log-reviewer@tongxin.example');
    const byReviewer = await read(`?actor=${reviewer?.id}`);
    expect(byReviewer.total).toBeGreaterThan(0);
    expect(new Set(byReviewer.items.map((e) => e.actorEmail))).toEqual(new Set(['log-reviewer@tongxin.example']));
    await database.db.insert(auditLog).values([
      { actorKind: 'cli', action: 'staff.add', subject: reviewer?.id, details: { role: 'reviewer' } },
      { actorKind: 'system', action: 'staff.login-alert', subject: reviewer?.id, details: { failures: 20, minutes: 60 } },
    ]);
    const cli = await read('?actor=cli');
    expect(cli.items).toEqual([
      expect.objectContaining({
        actorKind: 'cli',
        actorEmail: null,
        action: 'staff.add',
        accountEmail: 'log-reviewer@tongxin.example',
        details: { role: 'reviewer' },
      }),
    ]);
    const system = await read('?actor=system&action=staff.login-alert');
    expect(system.items.map((e) => e.details)).toEqual([{ failures: 20, minutes: 60 }]);
  });

  test('by whole days in UTC, both ends included', async () => {
    const at = (iso: string) => ({ at: new Date(iso), actorKind: 'system', action: 'test.days', details: { when: iso } });
    await database.db
      .insert(auditLog)
      .values([
        at('2020-01-01T23:59:59.999Z'),
        at('2020-01-02T00:00:00.000Z'),
        at('2020-01-03T23:59:59.999Z'),
        at('2020-01-04T00:00:00.000Z'),
      ]);
    const days = await read('?action=test.days&from=2020-01-02&to=2020-01-03');
    expect(days.items.map((e) => e.at)).toEqual(['2020-01-03T23:59:59.999Z', '2020-01-02T00:00:00.000Z']);
    expect((await read('?action=test.days&from=2020-01-04')).total).toBe(1);
    expect((await read('?action=test.days&to=2020-01-01')).total).toBe(1);
    expect((await read('?action=test.days&from=2020-01-02&to=2020-01-02')).total).toBe(1);
  });

  test('50 entries per page, with the total and the number of pages', async () => {
    await database.db
      .insert(auditLog)
      .values(
        Array.from({ length: 120 }, (_, i) => ({ at: new Date(Date.UTC(2021, 0, 1, 0, i)), actorKind: 'system', action: 'test.paging' })),
      );
    const first = await read('?action=test.paging');
    expect(first).toMatchObject({ total: 120, page: 1, pageSize: 50, pages: 3 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0]?.at).toBe('2021-01-01T01:59:00.000Z');
    const last = await read('?action=test.paging&page=3');
    expect(last.items).toHaveLength(20);
    expect(last.items.at(-1)?.at).toBe('2021-01-01T00:00:00.000Z');
    expect((await read('?action=test.paging&page=4')).items).toEqual([]);
  });
});

describe('reading and exporting the log are audited', () => {
  test('a read records the filters (a reference normalized, never as typed) and the page', async () => {
    await read('?action=offer.read&reference=tx%202222%202222&from=2020-01-01&page=2');
    const [entry] = (await listAudit(database.db)).filter((a) => a.action === 'audit.read');
    expect(entry).toMatchObject({
      actorKind: 'staff',
      subject: null,
      details: { filters: { action: 'offer.read', reference: 'TX-2222-2222', from: '2020-01-01' }, page: 2 },
    });
    // …and the next read shows it, with those details.
    const { items } = await read('?action=audit.read');
    expect(items[0]?.details).toEqual({
      page: 2,
      'filters.action': 'offer.read',
      'filters.reference': 'TX-2222-2222',
      'filters.from': '2020-01-01',
    });
  });

  test('an export records its filters and how many rows it gave', async () => {
    const rows = await csvOf('?action=test.days');
    const [entry] = (await listAudit(database.db)).filter((a) => a.action === 'audit.export');
    expect(entry?.details).toEqual({ format: 'csv', filters: { action: 'test.days' }, rows: rows.length - 1 });
  });

  test('a refused read records nothing', async () => {
    const before = (await listAudit(database.db, { limit: 1000 })).length;
    expect((await as('reviewer', '/audit')).status).toBe(403);
    expect((await as('admin', '/audit?page=0')).status).toBe(422);
    expect((await listAudit(database.db, { limit: 1000 })).length).toBe(before);
  });
});

describe('the CSV', () => {
  test('BOM, CRLF, headings in the language asked for, a dated file name, not cached', async () => {
    const res = await ok(as('admin', '/audit.csv?lang=zh&action=test.days'));
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="tongxin-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.split('\r\n')).toHaveLength(6);
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['时间（UTC）', '操作人', '操作代码', '操作', '捐赠意向编号', '相关账号', '详情']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      '2020-01-04T00:00:00.000Z',
      '2020-01-03T23:59:59.999Z',
      '2020-01-02T00:00:00.000Z',
      '2020-01-01T23:59:59.999Z',
    ]);
    // An action without a rule shows none of its details, and its code stands for its label.
    expect(rows[1]?.slice(1)).toEqual(['系统', 'test.days', 'test.days', '', '', '']);
    const en = await csvOf('?lang=en&action=offer.transition');
    expect(en[0]).toEqual(['When (UTC)', 'Who', 'Action code', 'Action', 'Offer reference', 'Account', 'Details']);
    expect(en[1]?.slice(1, 4)).toEqual([ADMIN, 'offer.transition', 'Status changed']);
    expect(en[1]?.[6]).toBe('from=submitted; to=under_review; visibleToDonor=true');
  });

  test('a cell a spreadsheet would run as a formula is defused', async () => {
    await addStaffMember(database.db, '=hyperlink@tongxin.example', 'reviewer', PASSWORD);
    const member = await findStaffByEmail(database.db, '=hyperlink@tongxin.example');
    await database.db.insert(auditLog).values({ actorId: member?.id, actorKind: 'staff', action: 'test.formula' });
    const rows = await csvOf('?action=test.formula');
    expect(rows[1]?.[1]).toBe("'=hyperlink@tongxin.example");
  });
});

describe('no donor’s personal data, whatever an entry holds', () => {
  test('a whole workflow on an offer, and entries written carelessly, show none of the donor’s words', async () => {
    const reference = await submit();
    await ok(as('reviewer', `/offers?q=${encodeURIComponent(donor.contact.email)}`));
    await ok(as('admin', `/export.csv?q=${encodeURIComponent(donor.contact.email)}`));
    await ok(as('admin', `/offers/${reference}`));
    await ok(as('admin', `/offers/${reference}/transitions`, { to: 'under_review', reason: 'Chidinma asked us to wait.' }));
    await ok(as('admin', `/offers/${reference}/notes`, { body: 'Chidinma prefers WeChat.' }), 201);
    await ok(as('admin', '/outbox'));
    await ok(as('admin', `/audit?reference=${reference}`));
    // Entries that broke the rule: donor words under known keys with the wrong shape, under
    // unknown keys, nested deeper, in the subject, and under an action with no rule.
    const words = { email: donor.contact.email, name: donor.contact.name, phone: donor.contact.phone };
    await database.db.insert(auditLog).values([
      {
        actorKind: 'system',
        action: 'offer.transition',
        subject: reference,
        details: { from: words.name, to: ['under_review', words.email], visibleToDonor: words.phone, contact: words },
      },
      {
        actorKind: 'system',
        action: 'offers.export',
        details: {
          format: 'csv',
          rows: '7654321',
          filters: { q: words.email, status: [words.name], country: 'Rovaniemi', from: '2020-01-01', deeper: { q: words.email } },
        },
      },
      { actorKind: 'system', action: 'offer.erase', subject: `${words.name} <${words.email}>`, details: { reason: words.name } },
      { actorKind: 'system', action: 'offer.mystery', subject: reference, details: { donor: words.name, ...words } },
      { actorKind: 'system', action: 'audit.read', details: { filters: { reference: words.phone, actor: words.email }, page: 1 } },
    ]);
    // The words really are in the log (that is what the rule above is for)…
    expect((await findInDatabase(database.db, DONOR_WORDS, ['audit_log'])).length).toBeGreaterThan(0);

    // …and none reaches a reader: the list, the CSV in both languages.
    const json = JSON.stringify(await read(''));
    const csv = [await (await ok(as('admin', '/audit.csv?lang=zh'))).text(), await (await ok(as('admin', '/audit.csv?lang=en'))).text()];
    for (const word of DONOR_WORDS) {
      for (const text of [json, ...csv]) expect(text.toLowerCase()).not.toContain(word.toLowerCase());
    }
    // What passed the checks still shows.
    const careless = (await read('?action=offers.export&actor=system')).items[0];
    expect(careless?.details).toEqual({ format: 'csv', 'filters.from': '2020-01-01' });
    const erase = (await read('?action=offer.erase&actor=system')).items[0];
    expect(erase).toMatchObject({ reference: null, accountEmail: null, details: {} });
  });
});

describe('what of the details is shown', () => {
  test('only listed keys with values that pass their check; one level of nesting', () => {
    expect(shownDetails('offer.transition', { from: 'submitted', to: 'accepted', visibleToDonor: false, reason: 'x' })).toEqual({
      from: 'submitted',
      to: 'accepted',
      visibleToDonor: false,
    });
    expect(shownDetails('staff.login-failed', { reason: 'password', from: '0123456789' })).toEqual({
      reason: 'password',
      address: '0123456789',
    });
    expect(shownDetails('staff.login-failed', { from: '192.0.2.1' })).toEqual({});
    expect(shownDetails('offers.export', { filters: { status: ['submitted', 'declined'], item: 'surgical_mask', q: true } })).toEqual({
      'filters.status': ['submitted', 'declined'],
      'filters.item': 'surgical_mask',
      'filters.q': true,
    });
    expect(shownDetails('offers.export', { 'filters.q': 'a@b.example', filters: 'x' })).toEqual({});
    expect(shownDetails('offer.note', { noteId: -1 })).toEqual({});
    expect(shownDetails('toString', { a: 1 })).toEqual({});
    expect(shownDetails('offer.note', null)).toEqual({});
  });

  test('every action the code writes has a rule, and a label in zh and en; every shown key has a label', () => {
    const written = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (full.endsWith('.ts')) {
          for (const m of readFileSync(full, 'utf8').matchAll(/\baction: '([a-z]+(?:\.[a-z-]+)+)'/g)) written.add(m[1] as string);
        }
      }
    };
    walk(path.resolve('functions'));
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((action) => !(auditActions as string[]).includes(action))).toEqual([]);
    for (const lng of ['zh', 'en']) {
      const strings = JSON.parse(readFileSync(path.resolve(`locales/${lng}/staff.json`), 'utf8')) as Record<string, string>;
      expect(auditActions.filter((action) => !strings[`audit.action.${action}`])).toEqual([]);
      expect(auditDetailKeys.filter((key) => !strings[`audit.detail.${key}`])).toEqual([]);
    }
  });
});
