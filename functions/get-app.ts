import pkg from '../package.json' with { type: 'json' };
import { type App, createApp } from './app';
import { readConfig } from './config';
import { openDatabase } from './db/client';
import { freshSecret, localSecret } from './local-secrets';

let starting: Promise<App> | undefined;

/**
 * The app built from the environment, once per process. A failed start is forgotten,
 * so the next request tries again instead of failing forever.
 */
export function getApp(): Promise<App> {
  starting ??= (async () => {
    const config = readConfig();
    const db = await openDatabase(config);
    const sessionSecret = config.SESSION_SECRET ?? localSecret(config.DATA_DIR, 'session-secret');
    // The embedded database admits one process: staff commands go through this one.
    const adminToken = db.kind === 'pglite' ? freshSecret(config.DATA_DIR, 'admin-token') : undefined;
    return createApp({ db, version: pkg.version, sessionSecret, adminToken });
  })().catch((err) => {
    starting = undefined;
    throw err;
  });
  return starting;
}
