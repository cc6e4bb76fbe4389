import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const OWNER_ONLY_DIR = 0o700;
const OWNER_ONLY_FILE = 0o600;

/**
 * Makes `dir` and everything under it readable and writable by this user only
 * (folders 0700, files 0600). Returns how many entries it had to change. Symbolic
 * links are left alone: chmod would follow them out of the folder.
 */
export function restrictToOwner(dir: string): number {
  let changed = 0;
  const visit = (entry: string) => {
    const stat = lstatSync(entry, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? OWNER_ONLY_DIR : OWNER_ONLY_FILE;
    if ((stat.mode & 0o777) !== wanted) {
      chmodSync(entry, wanted);
      changed++;
    }
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
  return changed;
}

/**
 * The data folder, made private before anything is written to it: it holds donors'
 * names, emails and phone numbers (in the embedded database and its write-ahead log)
 * and the session secret. The process's umask becomes 077, so what it creates from now
 * on is private too; what an older version left readable is corrected, and said so.
 *
 * PGlite sets its own files to 0666 whatever the umask: the folder's 0700 is what keeps
 * those from other users between two corrections (at open and at close).
 */
export function prepareDataDir(dataDir: string): string {
  process.umask(0o077);
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  const changed = restrictToOwner(dir);
  if (changed > 0) console.log(`[data] ${dir}: ${changed} files and folders were open to other users; now this user only (0700/0600).`);
  return dir;
}
