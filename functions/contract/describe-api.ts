import pkg from '../../package.json' with { type: 'json' };
import { createApp, describedDeps } from '../app';
import type { Database, Drizzle } from '../db/client';
import { openApiDocument } from './document';

/** A database the described app holds but never opens: building routes does not touch it. */
const unopened: Database = {
  kind: 'postgres',
  db: {} as Drizzle,
  ping: () => Promise.reject(new Error('the described app has no database')),
  close: () => Promise.resolve(),
};

/** The API's description, without a server or a database: for the build's checks, the client types and tests. */
export function describeApi() {
  return openApiDocument(createApp(describedDeps({ db: unopened, version: pkg.version })).routes);
}
