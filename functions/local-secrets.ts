import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomToken } from './auth/tokens';

/**
 * A secret kept in the data folder, created on first use, readable by its owner only.
 * For self-hosting without configuration; on Vercel SESSION_SECRET comes from the settings.
 */
export function localSecret(dataDir: string, name: string): string {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, name);
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 32) return value;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = randomToken(32);
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}
