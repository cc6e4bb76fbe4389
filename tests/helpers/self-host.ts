import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not become healthy in time:\n${output()}`);
}

export interface SelfHost {
  baseURL: string;
  port: number;
  dataDir: string;
  /** What the server printed so far. */
  output: () => string;
  /** SIGTERM, as a service manager stops it; resolves when the process has exited. */
  stop: () => Promise<void>;
}

/**
 * Starts the self-host production build (`scripts/serve.mjs`) on a free port of
 * 127.0.0.1 with the embedded database in `dataDir` (a fresh temporary folder unless given).
 */
export async function startSelfHost({ env = {}, dataDir }: { env?: Record<string, string>; dataDir?: string } = {}): Promise<SelfHost> {
  const entry = path.resolve('dist-node/server/entry.mjs');
  if (!existsSync(entry)) throw new Error('No self-host build: run `npm run build:node` first (`npm test` does).');
  const port = await freePort();
  const folder = dataDir ?? mkdtempSync(path.join(tmpdir(), 'tx-e2e-'));
  let log = '';
  const child = spawn(process.execPath, [path.resolve('scripts/serve.mjs')], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: folder,
      DATABASE_URL: '',
      ASTRO_NODE_LOGGING: 'disabled',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const exited = new Promise((r) => child.once('exit', r));
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseURL, child, () => log);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    baseURL,
    port,
    dataDir: folder,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Removes a data folder made by startSelfHost. */
export function removeDataDir(dataDir: string) {
  rmSync(dataDir, { recursive: true, force: true });
}
