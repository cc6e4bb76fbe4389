import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A TCP port nobody listens on right now. */
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

export interface SelfHost {
  baseURL: string;
  port: number;
  dataDir: string;
  /** The server process, for its pid and whether it is still running. */
  child: ChildProcess;
  /** What the server printed so far. */
  output: () => string;
  /** SIGTERM, as a service manager stops it; resolves when the process has exited. */
  stop: () => Promise<void>;
}

/** Waits until `GET /api/health` answers `status` (200 by default), or fails with what the server printed. */
export async function waitForHealth(server: Pick<SelfHost, 'baseURL' | 'child' | 'output'>, status = 200, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`The server exited (${server.child.exitCode}):\n${server.output()}`);
    try {
      const res = await fetch(`${server.baseURL}/api/health`);
      await res.body?.cancel();
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not answer health ${status} in time:\n${server.output()}`);
}

export interface SelfHostOptions {
  /** Added to the server's environment (DATABASE_URL, TRUST_PROXY…). */
  env?: Record<string, string>;
  /** Where the embedded database lives: a fresh temporary folder unless given. */
  dataDir?: string;
  /**
   * What to run: the self-hosted server, `scripts/serve.mjs` (the default), or the
   * adapter's own server, `dist-node/server/entry.mjs`, without its compression and
   * connection handling (what `npm run bench:api` has always measured).
   */
  script?: string;
  /** The port to listen on (a free one unless given): a second server on the same origin. */
  port?: number;
}

/**
 * Starts the self-host production build on a free port of 127.0.0.1 with the embedded
 * database in `dataDir` and the environment given, once it is healthy. The benches use
 * it too; `npm run bench:pages` runs this file on Node's type stripping (erasable syntax only).
 */
export async function startSelfHost(options: SelfHostOptions = {}): Promise<SelfHost> {
  const { env = {}, dataDir, script = 'scripts/serve.mjs' } = options;
  const entry = path.resolve('dist-node/server/entry.mjs');
  if (!existsSync(entry)) throw new Error('No self-host build: run `npm run build:node` first (`npm test` does).');
  const port = options.port ?? (await freePort());
  const folder = dataDir ?? mkdtempSync(path.join(tmpdir(), 'tx-e2e-'));
  let log = '';
  const child = spawn(process.execPath, [path.resolve(script)], {
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
  const server: SelfHost = {
    baseURL: `http://127.0.0.1:${port}`,
    port,
    dataDir: folder,
    child,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    await waitForHealth(server);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return server;
}

/** Removes a data folder made by startSelfHost. */
export function removeDataDir(dataDir: string) {
  rmSync(dataDir, { recursive: true, force: true });
}
