import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openPglite } from '../../functions/db/pglite';

// The embedded database's files hold donors' names, emails and phone numbers (the
// write-ahead log too): nobody but the server's own user may read them.

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tx-data-'));
  made.push(dir);
  return dir;
}

/** Every entry under `dir` whose permissions let another user in, with its mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (entry: string) => {
    const stat = statSync(entry);
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) found.push(`${path.relative(dir, entry) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
  return found;
}

describe.skipIf(process.env.TEST_DB === 'postgres')('the embedded database’s data folder', () => {
  // Each opens a new embedded database on disk and migrates it: slow on a busy machine.
  test('is the server user’s alone: folder 0700, files 0600, while open and after a write and close', { timeout: 120_000 }, async () => {
    const dataDir = path.join(tempDir(), 'data');
    const db = await openPglite(dataDir);
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dataDir)).toEqual([]);
      await db.db.execute('create table donors (email text)' as never);
      await db.db.execute("insert into donors values ('lin@example.org')" as never);
    } finally {
      await db.close();
    }
    expect(openToOthers(dataDir)).toEqual([]);
  });

  test('what an older version left readable is corrected at start, and said so once', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'old'));
    writeFileSync(path.join(dataDir, 'old', 'wal'), 'lin@example.org');
    writeFileSync(path.join(dataDir, 'session-secret'), 'x'.repeat(40));
    // Set outright: the umask would take the group and other bits off at creation.
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, 'old'), 0o755);
    chmodSync(path.join(dataDir, 'old', 'wal'), 0o666);
    chmodSync(path.join(dataDir, 'session-secret'), 0o644);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const db = await openPglite(dataDir);
      await db.close();
      const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('[data]'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/files and folders were open to other users/);
    } finally {
      log.mockRestore();
    }
    expect(openToOthers(dataDir)).toEqual([]);
  });
});
