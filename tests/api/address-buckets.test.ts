import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { postJson } from '../helpers/offers';

// Every per-address count (the offer and lookup limits, the sign-in throttle) takes
// IPv6 clients by their /64 and IPv4-mapped clients by their IPv4 address
// (functions/net/address-bucket.ts, docs/decisions/050-client-address.md).

// Every count here is a fixed window (an hour, fifteen minutes): a clock standing in the
// middle of one, so a run that crosses a window's end does not start a fresh count midway.
const clock = () => Date.UTC(2026, 0, 15, 10, 7, 30);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

const lookup = (app: ReturnType<typeof testApp>, clientAddress: string) =>
  postJson(app, '/offers/lookup', { reference: 'TX-2222-2222', email: 'a@b.cd' }, { clientAddress });

describe('the rate limit counts clients, not addresses', () => {
  test('addresses in one IPv6 /64 share one count; the next /64 has its own', async () => {
    const app = testApp(database, { limits: { lookupsPerHour: 2 }, now: clock });
    expect((await lookup(app, '2001:db8:1:2::1')).status).toBe(404);
    expect((await lookup(app, '2001:db8:1:2::2')).status).toBe(404);
    expect((await lookup(app, '2001:db8:1:2:abcd:ef01:2345:6789')).status).toBe(429);
    expect((await lookup(app, '2001:db8:1:3::1')).status).toBe(404);
  });

  test('an IPv4-mapped IPv6 address counts as its IPv4 address', async () => {
    const app = testApp(database, { limits: { lookupsPerHour: 2 }, now: clock });
    expect((await lookup(app, '::ffff:203.0.113.80')).status).toBe(404);
    expect((await lookup(app, '203.0.113.80')).status).toBe(404);
    expect((await lookup(app, '::ffff:203.0.113.80')).status).toBe(429);
    expect((await lookup(app, '203.0.113.81')).status).toBe(404);
  });
});

describe('the sign-in throttle counts clients, not addresses', () => {
  const login = (app: ReturnType<typeof testApp>, email: string, clientAddress: string) =>
    app.request(
      '/api/staff/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost' },
        body: JSON.stringify({ email, password: 'a guess' }),
      },
      { clientAddress },
    );

  test('30 attempts from addresses spread over one IPv6 /64 throttle that /64, not the next', { timeout: 120_000 }, async () => {
    const app = testApp(database, { now: clock });
    for (let i = 0; i < 30; i++)
      expect((await login(app, `user${i}@example.org`, `2001:db8:5:6::${(i + 1).toString(16)}`)).status).toBe(401);
    expect((await login(app, 'user30@example.org', '2001:db8:5:6:ffff::1')).status).toBe(429);
    expect((await login(app, 'user31@example.org', '2001:db8:5:7::1')).status).toBe(401);
  });
});
