import { createApp } from '../../functions/app';
import type { AppDeps } from '../../functions/env';
import pkg from '../../package.json' with { type: 'json' };
import { checkedApp } from './contract';
import type { TestDatabase } from './database';

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdefghijklmnop';

/**
 * The app as the server builds it, on a test database; override what a test needs.
 * Every answer it gives is checked against the API's description (helpers/contract.ts).
 */
export function testApp(db: TestDatabase, overrides: Partial<AppDeps> = {}) {
  return checkedApp(createApp({ db, version: pkg.version, sessionSecret: TEST_SESSION_SECRET, ...overrides }));
}
