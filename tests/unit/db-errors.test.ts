import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { guarded, isDatabaseUnavailable, StoreError, unavailableReason } from '../../functions/db/errors';
import { freePort } from '../helpers/self-host';

/** An error as the driver throws it and Drizzle wraps it: a message with the query's parameters, the cause inside. */
function wrapped(cause: unknown) {
  return Object.assign(new Error('Failed query: insert into offer_contacts … params: lin@example.org'), { cause });
}

describe('unavailableReason', () => {
  test('a refused connection is the database being away, named without the query', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'nobody', connectionTimeoutMillis: 2_000 });
    const err = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(unavailableReason(wrapped(err))).toBe('ECONNREFUSED');
  });

  test.each([
    ['57P01', 'the server shutting down'],
    ['08006', 'a connection failure'],
    ['53300', 'too many connections'],
    ['57014', 'a statement timeout'],
    ['40P01', 'a deadlock'],
  ])('SQLSTATE %s (%s) is unavailable', (code) => {
    expect(unavailableReason(wrapped(Object.assign(new Error('x'), { code })))).toBe(`SQLSTATE ${code}`);
  });

  test('a connection lost without a code, and every address refused, are unavailable', () => {
    expect(unavailableReason(wrapped(new Error('Connection terminated unexpectedly')))).toBe('connection lost');
    const all = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'connect failed');
    expect(unavailableReason(all)).toBe('ECONNREFUSED');
  });

  test('bugs and bad data stay bugs', () => {
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('x'), { code: '23505' })))).toBe(false);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('x'), { code: '42P01' })))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
  });

  test('a store failure keeps whether the database was away, and no personal data', async () => {
    const err = await guarded('submitOffer', () => Promise.reject(wrapped(Object.assign(new Error('x'), { code: '57P01' })))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).unavailable).toBe(true);
    expect((err as StoreError).message).not.toContain('lin@example.org');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});
