import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Nginx, startNginx } from '../helpers/nginx';
import { removeDataDir, type SelfHost, startSelfHost } from '../helpers/self-host';
import { runStaffCommand } from '../helpers/staff-cli';

// The self-hosted server as the README deploys it: behind a real nginx that appends to
// X-Forwarded-For, with TRUST_PROXY=1 (docs/decisions/050-client-address.md). Clients on
// this machine are told apart by the loopback address they connect from: Linux routes
// all of 127.0.0.0/8 to lo, so nginx sees 127.0.0.2 and 127.0.0.3 as two clients.

const LOOKUPS_PER_HOUR = 3;
let dataDir: string;
let server: SelfHost;
let proxy: Nginx;

/** An HTTP request from a given local address, without connection reuse. */
function send(
  url: string,
  { from, method = 'POST', headers = {}, body }: { from: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        localAddress: from,
        agent: false,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const lookup = (from: string, forwardedFor?: string) =>
  send(`${proxy.baseURL}/api/offers/lookup`, {
    from,
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ reference: 'TX-2222-2222', email: 'a@b.cd' }),
  });

/** A server killed with SIGKILL leaves its socket file behind; the next start must replace it. */
async function leaveStaleSocket(socketPath: string) {
  const child = spawn(process.execPath, [
    '-e',
    `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  await new Promise((r) => child.once('exit', r));
  expect(lstatSync(socketPath).isSocket()).toBe(true);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tx-proxy-'));
  await leaveStaleSocket(path.join(dataDir, 'staff.sock'));
  server = await startSelfHost({ dataDir, env: { TRUST_PROXY: '1', RATE_LIMIT_LOOKUPS_PER_HOUR: String(LOOKUPS_PER_HOUR) } });
  proxy = await startNginx(server.port);
});

afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  removeDataDir(dataDir);
});

describe('behind nginx with TRUST_PROXY=1', () => {
  test('a client that rotates a spoofed leftmost X-Forwarded-For keeps its one bucket and is limited', async () => {
    for (let i = 0; i < LOOKUPS_PER_HOUR; i++) expect((await lookup('127.0.0.2', `203.0.113.${i + 1}`)).status).toBe(404);
    const refused = await lookup('127.0.0.2', '203.0.113.99, 198.51.100.1');
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'rate_limited' } });
  });

  test('two real clients have two buckets', async () => {
    expect((await lookup('127.0.0.2')).status).toBe(429);
    expect((await lookup('127.0.0.3')).status).toBe(404);
  });

  test('the no-JavaScript status page counts against the same client as the API', async () => {
    const post = (from: string) =>
      send(`${proxy.baseURL}/en/donate/status/`, {
        from,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: proxy.baseURL },
        body: new URLSearchParams({ reference: 'TX-2222-2222', contact: 'a@b.cd' }).toString(),
      });
    expect((await post('127.0.0.2')).status).toBe(429);
    expect((await post('127.0.0.4')).status).toBe(404);
  });

  test('the staff route is the ordinary 404 through the proxy and on the public port, even from this machine', async () => {
    const command = { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: 'list' }) };
    for (const base of [proxy.baseURL, server.baseURL]) {
      const res = await send(`${base}/api/internal/staff`, { from: '127.0.0.1', ...command });
      expect(res.status, base).toBe(404);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'not_found' } });
    }
    // No token in the data folder for anyone to steal: the socket's permissions are the lock.
    expect(existsSync(path.join(dataDir, 'admin-token'))).toBe(false);
  });

  test('npm run staff reaches the server through its socket, which only the portal’s user may open', { timeout: 180_000 }, async () => {
    const socket = lstatSync(path.join(dataDir, 'staff.sock'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    const added = await runStaffCommand(dataDir, ['add', 'proxy-admin@example.org', '--role', 'admin']);
    expect(added.code, added.out).toBe(0);
    expect(added.out).toMatch(/One-time password: \S+/);
    const list = await runStaffCommand(dataDir, ['list']);
    expect(list.out).toMatch(/proxy-admin@example\.org\s+admin\s+must change password/);
  });

  test('with TLS ending at nginx, the no-JavaScript donation form posts from its https page', async () => {
    const secure = await startNginx(server.port, { tls: true });
    try {
      const body = new URLSearchParams([
        ['locale', 'es'],
        ['startedAt', String(Date.now() - 60_000)],
        ['idempotencyKey', 'tls-form-1'],
        ['organization.name', 'Asociación de Mendoza'],
        ['organization.country', 'AR'],
        ['contact.name', 'Lin Haining'],
        ['contact.email', 'lin@example.org'],
        ['goods[0].item', 'surgical_mask'],
        ['goods[0].quantity', '1000'],
        ['consent.dataProcessing', 'on'],
        ['_action', 'send'],
      ]).toString();
      const res = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
        const request = https.request(
          `${secure.baseURL}/es/donate/`,
          {
            method: 'POST',
            rejectUnauthorized: false, // the certificate was made a moment ago for this test
            agent: false,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
              origin: secure.baseURL,
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
      // Not 403: the server knows the page was https, as the browser's Origin says.
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^\/es\/donate\/thanks\/\?ref=TX-/);
    } finally {
      await secure.stop();
    }
  });

  test('stopping the server removes its socket', async () => {
    await server.stop();
    expect(existsSync(path.join(dataDir, 'staff.sock'))).toBe(false);
  });
});
