import pkg from '../package.json' with { type: 'json' };
import { type App, createApp } from './app';
import { readConfig } from './config';
import { openDatabase } from './db/client';

let starting: Promise<App> | undefined;

/**
 * The app built from the environment, once per process. A failed start is forgotten,
 * so the next request tries again instead of failing forever.
 */
export function getApp(): Promise<App> {
  starting ??= (async () => {
    const config = readConfig();
    const db = await openDatabase(config);
    return createApp({ db, version: pkg.version });
  })().catch((err) => {
    starting = undefined;
    throw err;
  });
  return starting;
}
