import { connect, type Socket } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A WebSocket-to-TCP bridge for tests, like Neon's `wsproxy`: the `neon` driver opens
 * `ws://127.0.0.1:<port>/v1?address=host:port` and speaks PostgreSQL's protocol in binary
 * messages; the bridge carries them to and from a TCP connection to that address. Only
 * the one database address it was started for may be asked for.
 *
 * `pause()` refuses new connections and cuts the open ones (the database "goes away"
 * for the edge function); `resume()` lets them through again.
 */
export interface WsBridge {
  /** For DATABASE_WS_PROXY: `ws://127.0.0.1:<port>/v1`. */
  url: string;
  /** Connections opened through the bridge so far. */
  opened(): number;
  /** Connections open now. */
  open(): number;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startWsBridge(databaseUrl: string): Promise<WsBridge> {
  const target = new URL(databaseUrl);
  const allowed = `${target.hostname}:${target.port || '5432'}`;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const sockets = new Set<Socket>();
  let paused = false;
  let opened = 0;

  server.on('connection', (ws, request) => {
    const address = new URL(request.url ?? '/', 'ws://bridge').searchParams.get('address');
    if (paused || address !== allowed) {
      ws.close(1008, paused ? 'paused' : 'address not allowed');
      return;
    }
    opened++;
    const tcp = connect({ host: target.hostname, port: Number(target.port || 5432), noDelay: true });
    sockets.add(tcp);
    const queued: Buffer[] = [];
    tcp.on('connect', () => {
      for (const chunk of queued.splice(0)) tcp.write(chunk);
    });
    ws.on('message', (data: Buffer) => {
      if (tcp.connecting) queued.push(data);
      else tcp.write(data);
    });
    tcp.on('data', (chunk) => ws.send(chunk));
    // The database closed the connection (after the client's Terminate): close the
    // WebSocket properly, as a proxy does. An error on either side cuts both at once.
    const closed = () => {
      sockets.delete(tcp);
      if (ws.readyState === ws.OPEN) ws.close(1000);
    };
    const cut = () => {
      sockets.delete(tcp);
      tcp.destroy();
      ws.terminate();
    };
    tcp.on('close', closed);
    tcp.on('error', cut);
    ws.on('close', () => tcp.end());
    ws.on('error', cut);
  });

  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/v1`,
    opened: () => opened,
    open: () => sockets.size,
    pause() {
      paused = true;
      for (const socket of sockets) socket.destroy();
      for (const client of server.clients) client.terminate();
    },
    resume() {
      paused = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
