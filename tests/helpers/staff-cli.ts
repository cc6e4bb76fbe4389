import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run staff -- <args>` as an operator types it on the machine that runs the portal:
 * with the embedded database in `dataDir`, so the command goes through the running server.
 */
export async function runStaffCommand(dataDir: string, args: string[], input?: string): Promise<{ code: number; out: string }> {
  const child = execFile(path.resolve('node_modules/.bin/tsx'), ['scripts/staff.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  child.stdin?.end(input);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, out };
}
