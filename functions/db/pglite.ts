import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import { type Database, type Drizzle, ping } from './client';
import { prepareDataDir, restrictToOwner } from './data-dir';
import { migrationsFolder } from './migrate';
import { RemotePglite } from './pglite-remote';

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/pglite.lock` for this process. Two processes on one PGlite data
 * directory corrupt it, so a second one is refused with a message saying what to do.
 */
export function acquireLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(dir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dir} is in use by another process (pid ${holder}). ` +
            'Only one process may open it: stop that process first, or use PostgreSQL by setting DATABASE_URL.',
        );
      }
      rmSync(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new DatabaseLockedError(`Could not take the lock ${lockPath}.`);
}

/**
 * PGlite persisted under `<dataDir>/pglite`, migrated to the latest schema, running in a
 * thread of its own so that its work does not stop the server's (decision 140). Drizzle
 * talks to it through `RemotePglite`, which answers as PGlite does.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const dir = prepareDataDir(dataDir);
  const release = acquireLock(dir);
  try {
    const client = await RemotePglite.start({ dataDir: path.join(dir, 'pglite'), migrationsFolder: migrationsFolder() });
    const db = drizzleOver(client);
    // PGlite gives its files mode 0666 as it creates them: take that back now, and at close.
    restrictToOwner(dir);
    return {
      kind: 'pglite',
      db,
      ping: () => ping(db),
      close: async () => {
        await client.close();
        restrictToOwner(dir);
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: RemotePglite answers the calls Drizzle's PGlite driver makes (query, transaction)
const drizzleOver = (client: RemotePglite): Drizzle => drizzle({ client: client as any });

/** A throwaway in-memory PGlite, migrated, in a thread of its own as `openPglite` runs it: for tests of that path. */
export async function openMemoryPgliteThread(): Promise<Database> {
  const client = await RemotePglite.start({ migrationsFolder: migrationsFolder() });
  const db = drizzleOver(client);
  return { kind: 'pglite', db, ping: () => ping(db), close: () => client.close() };
}

/**
 * A throwaway in-memory PGlite, migrated, in the calling thread: for tests and one-off
 * tools, where nothing else waits on the thread and a test file opens one of its own.
 */
export async function openMemoryPglite(): Promise<Database> {
  const [{ PGlite }, { migrate }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite/migrator')]);
  const client = await PGlite.create();
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { kind: 'pglite', db, ping: () => ping(db), close: () => client.close() };
}
