import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Database } from '../../functions/db/client';
import { guarded, isDatabaseUnavailable, isUniqueViolation } from '../../functions/db/errors';
import { openMemoryPglite, openMemoryPgliteThread } from '../../functions/db/pglite';
import { RemotePglite } from '../../functions/db/pglite-remote';

// The server runs PGlite in a thread of its own (decision 140). Everything the stores
// rely on must come through the messages unchanged: values and their types, transactions
// and PGlite's ordering of them, errors with their SQLSTATE, and "the database is away"
// when the thread is gone. The whole API suite also runs this way with TEST_PGLITE_THREAD=1.

const scratch = mkdtempSync(path.join(tmpdir(), 'tx-pglite-thread-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(process.env.TEST_DB === 'postgres')('PGlite in its own thread', () => {
  let here: Database;
  let there: Database;
  beforeAll(async () => {
    [here, there] = await Promise.all([openMemoryPglite(), openMemoryPgliteThread()]);
    for (const d of [here, there]) await d.db.execute(sql`create table t (id int primary key, note text)`);
  });
  afterAll(async () => {
    await Promise.all([here?.close(), there?.close()]);
  });

  test('answers every type as PGlite in the calling thread does', async () => {
    const query = sql`select
      ${'2020-02-10T08:00:00Z'}::timestamptz as at, '2020-02-10'::date as day, '1 day'::interval as span,
      9007199254740993::int8 as big, 12.50::numeric as amount, '{"a":[1,"二"]}'::jsonb as doc,
      '\\x00ff'::bytea as bytes, array[1,2]::int[] as ints, array['2020-02-10'::date] as days,
      null::text as nothing, true as yes, ${'陳 美玲'}::text as name`;
    type Answer = { rows: unknown[]; fields: unknown[] };
    const [a, b] = (await Promise.all([here.db.execute(query), there.db.execute(query)])) as unknown as [Answer, Answer];
    expect(b.rows).toEqual(a.rows);
    expect(b.fields).toEqual(a.fields);
  });

  test('a transaction commits, rolls back when its callback throws, and keeps savepoints', async () => {
    await there.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (1, 'kept')`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into t values (2, 'undone by its savepoint')`);
          throw new Error('inner');
        })
        .catch(() => {});
    });
    await expect(
      there.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (3, 'rolled back')`);
        throw new Error('outer');
      }),
    ).rejects.toThrow('outer');
    await expect(
      there.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (4, 'rolled back')`);
        tx.rollback();
      }),
    ).rejects.toThrow(/rollback/i);
    const { rows } = (await there.db.execute(sql`select id from t order by id`)) as unknown as { rows: unknown[] };
    expect(rows).toEqual([{ id: 1 }]);
  });

  test('a statement outside a transaction waits for it, as in one PGlite', async () => {
    let outside: Promise<unknown> | undefined;
    await there.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (10, 'seen only once committed')`);
      outside = there.db.execute(sql`select count(*)::int as n from t where id = 10`);
      // Give the outside statement every chance to overtake: it must not.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.execute(sql`update t set note = 'committed' where id = 10`);
    });
    expect(((await outside) as { rows: unknown[] }).rows).toEqual([{ n: 1 }]);
  });

  test('errors keep their SQLSTATE and constraint, and are not "unavailable"', async () => {
    const err = await there.db.execute(sql`insert into t values (1, 'again')`).catch((e: unknown) => e);
    expect(isUniqueViolation(err, 't_pkey')).toBe(true);
    expect(isDatabaseUnavailable(err)).toBe(false);
    const wrapped = await guarded('insert', () => there.db.execute(sql`insert into t values (1, 'again')`)).catch((e: Error) => e);
    expect(wrapped).toMatchObject({ name: 'StoreError', code: '23505', constraint: 't_pkey', unavailable: false });
    expect(String(wrapped)).not.toContain('again');
  });

  test('a closed database is "unavailable" (a 503), not a bug', async () => {
    const d = await openMemoryPgliteThread();
    await d.close();
    const err = await d.db.execute(sql`select 1`).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  test('a thread that fails fails the statements waiting on it as "unavailable"', async () => {
    // A stand-in worker: ready, then it dies on the first statement.
    const file = path.join(scratch, 'dies.mjs');
    writeFileSync(
      file,
      "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ready: true });\nparentPort.on('message', () => { throw new Error('out of memory'); });\n",
    );
    const remote = await RemotePglite.start({ file });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const err = await remote.query('select 1').catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(logged).toHaveBeenCalledWith('[db] the embedded database thread failed:', 'out of memory');
    logged.mockRestore();
    expect(isDatabaseUnavailable(await remote.query('select 1').catch((e: unknown) => e))).toBe(true);
  });

  test('an idle thread does not keep the process alive', { timeout: 60_000 }, () => {
    // A tool that opens the database, asks once and forgets to close must still end.
    const script = path.join(scratch, 'forgets-to-close.mts');
    writeFileSync(
      script,
      `import { RemotePglite } from ${JSON.stringify(path.resolve('functions/db/pglite-remote.ts'))};\n` +
        "const remote = await RemotePglite.start({});\nconsole.log(JSON.stringify((await remote.query('select 41 + 1 as n')).rows));\n",
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 45_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('[{"n":42}]');
    expect(child.status).toBe(0);
  });
});
