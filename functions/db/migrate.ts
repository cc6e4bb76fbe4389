import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The committed SQL migrations. Resolved from the project root, not from this
 * module's URL: after `astro build` this code sits in a bundled chunk elsewhere.
 */
export function migrationsFolder(root = process.env.PROJECT_ROOT ?? process.cwd()): string {
  const folder = path.resolve(root, 'functions/db/migrations');
  if (!existsSync(path.join(folder, 'meta/_journal.json'))) {
    throw new Error(`No migrations found at ${folder}. Run the portal from the project folder, or set PROJECT_ROOT.`);
  }
  return folder;
}
