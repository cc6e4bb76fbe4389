// The staff socket: how `npm run staff` reaches the running self-hosted server when that
// server holds the embedded database (docs/decisions/050-client-address.md). A Unix
// socket in DATA_DIR, mode 0600: only the user that runs the portal can connect, and no
// request from the network, proxied or not, can arrive on it.
import { chmodSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/** The one route the staff socket serves, and the only place that route is served. */
export const STAFF_ROUTE = '/api/internal/staff';

export function staffSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'staff.sock');
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Makes `server` listen on DATA_DIR/staff.sock: a socket left by a server that did not
 * stop cleanly is replaced; one that still answers means another server runs on this
 * data folder, and the start is refused. The socket goes when the server closes or the
 * process exits.
 */
export async function listenOnStaffSocket(server: http.Server, dataDir: string): Promise<{ path: string; close: () => void }> {
  const socketPath = staffSocketPath(dataDir);
  mkdirSync(path.dirname(socketPath), { recursive: true });
  const existing = lstatSync(socketPath, { throwIfNoEntry: false });
  if (existing) {
    if (!existing.isSocket()) throw new Error(`${socketPath} exists and is not a socket: move it out of the data folder.`);
    if (await answers(socketPath)) {
      throw new Error(
        `Another server is running on ${path.dirname(socketPath)} (it answers on ${socketPath}). Two servers cannot share the embedded database: stop that one first.`,
      );
    }
    rmSync(socketPath);
  }
  // Files this folder held before the socket, when staff commands went over HTTP with a token.
  for (const old of ['admin-token', 'server.json']) rmSync(path.join(path.dirname(socketPath), old), { force: true });

  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Created 0600 from its first moment (binding happens inside listen()), not only after a chmod.
  const umask = process.umask(0o177);
  try {
    server.listen(socketPath);
  } finally {
    process.umask(umask);
  }
  try {
    await listening;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL' && Buffer.byteLength(socketPath) > 100) {
      throw new Error(`${socketPath} is too long a path for a Unix socket (about 100 bytes at most): use a shorter DATA_DIR.`);
    }
    throw err;
  }
  chmodSync(socketPath, 0o600);
  const remove = () => rmSync(socketPath, { force: true });
  process.once('exit', remove);
  return {
    path: socketPath,
    close: () => {
      server.close();
      remove();
    },
  };
}

/** Sends a command to the running server over its staff socket; rejects when nothing listens there. */
export function postToStaffSocket(dataDir: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        socketPath: staffSocketPath(dataDir),
        path: STAFF_ROUTE,
        method: 'POST',
        headers: { host: 'localhost', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error('The portal did not answer within a minute.')));
    request.on('error', reject);
    request.end(payload);
  });
}
