import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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

export interface RunningServer {
  baseURL: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Waits until `GET /api/health` answers `status` (200 by default), or fails with the server's output. */
export async function waitForHealth(server: Pick<RunningServer, 'baseURL' | 'child' | 'output'>, status = 200, timeoutMs = 60_000) {
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

/**
 * The self-host production build (`scripts/serve.mjs` on dist-node/) on a free port of
 * 127.0.0.1, with the environment given (DATA_DIR, DATABASE_URL…), once it is healthy.
 */
export async function startServer(env: Record<string, string>, options: { healthStatus?: number } = {}): Promise<RunningServer> {
  const entry = path.resolve('dist-node/server/entry.mjs');
  if (!existsSync(entry)) throw new Error('No self-host build: run `npm run build:node` first (`npm test` does).');
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, [path.resolve('scripts/serve.mjs')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: '', ASTRO_NODE_LOGGING: 'disabled', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const server: RunningServer = {
    baseURL: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
  try {
    await waitForHealth(server, options.healthStatus ?? 200);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
