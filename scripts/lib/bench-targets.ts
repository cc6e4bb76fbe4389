// The databases a bench runs the server on: the embedded PGlite in a data folder of its
// own, or a throwaway PostgreSQL database; each counts the offers stored afterwards and
// cleans up after itself. Shared by bench:api and bench:mixed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countOfferRows } from '../../functions/db/offers';
import { openPglite } from '../../functions/db/pglite';
import { createPostgresDatabase } from '../../tests/helpers/database';
import { removeDataDir } from '../../tests/helpers/self-host';

export interface BenchTarget {
  name: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** The server's data folder: the embedded database, or only the session secret beside PostgreSQL. */
  dataDir: string;
  countOffers(): Promise<number>;
  /** A second database of the same kind, for a baseline server: its environment. */
  baselineEnv(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

const benchDataDir = () => mkdtempSync(path.join(tmpdir(), 'tx-bench-'));

export function pgliteTarget(): BenchTarget {
  const dataDir = benchDataDir();
  let baselineDir: string | undefined;
  return {
    name: 'pglite',
    env: {},
    dataDir,
    countOffers: async () => {
      // Opened once the server has stopped: the embedded database admits one process.
      const database = await openPglite(dataDir);
      try {
        return (await countOfferRows(database.db)).offers;
      } finally {
        await database.close();
      }
    },
    baselineEnv: async () => {
      baselineDir = benchDataDir();
      return { DATA_DIR: baselineDir, DATABASE_URL: '' };
    },
    cleanup: async () => {
      removeDataDir(dataDir);
      if (baselineDir) removeDataDir(baselineDir);
    },
  };
}

export async function postgresTarget(adminUrl: string, prefix: string): Promise<BenchTarget> {
  const database = await createPostgresDatabase(adminUrl, prefix);
  const dataDir = benchDataDir();
  let baseline: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  return {
    name: 'postgres',
    env: { DATABASE_URL: database.url },
    dataDir,
    countOffers: async () => (await countOfferRows(database.db)).offers,
    baselineEnv: async () => {
      baseline = await createPostgresDatabase(adminUrl, `${prefix}_bare`);
      return { DATABASE_URL: baseline.url };
    },
    cleanup: async () => {
      await database.destroy();
      await baseline?.destroy();
      removeDataDir(dataDir);
    },
  };
}
