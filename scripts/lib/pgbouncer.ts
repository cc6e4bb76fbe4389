import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Debian's PgBouncer in front of a PostgreSQL, for `npm run bench:edge`: what an edge
 * deployment puts between its connection per request and the database. Session pooling
 * (the stores use named prepared statements, which 1.18's transaction pooling would not
 * keep), any user name passed through as the server's. Undefined when it is not installed
 * (`apt-get install pgbouncer`).
 */
export interface Pgbouncer {
  /** `url` with its host and port replaced by the pooler's. */
  url: string;
  stop(): Promise<void>;
}

const BINARY = '/usr/sbin/pgbouncer';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPgbouncer(databaseUrl: string, poolSize = 10): Promise<Pgbouncer | undefined> {
  if (!existsSync(BINARY)) return undefined;
  const target = new URL(databaseUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'tx-pgbouncer-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      // `auth_type = any` logs in as the user named here, whatever the client says.
      `* = host=${target.hostname} port=${target.port || 5432} user=${decodeURIComponent(target.username) || 'postgres'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = session',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      'log_connections = 0',
      'log_disconnections = 0',
      'ignore_startup_parameters = extra_float_digits,statement_timeout,options',
      '',
    ].join('\n'),
  );
  chmodSync(ini, 0o644);
  // PgBouncer will not run as root; as root, it becomes the database's own user.
  const args = process.getuid?.() === 0 ? ['-u', 'postgres', ini] : [ini];
  const child: ChildProcess = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  let up = false;
  for (let i = 0; i < 50 && !up && !exited; i++) {
    up = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!up) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PgBouncer did not start (${BINARY} ${args.join(' ')})`);
  }
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.href,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
