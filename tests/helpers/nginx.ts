import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './self-host';

export const NGINX = '/usr/sbin/nginx';

export interface Nginx {
  baseURL: string;
  stop: () => Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Debian's nginx in the foreground on a free port of 127.0.0.1, proxying everything to
 * `upstreamPort` with the headers the README asks for. Its configuration, pid file, logs
 * and temporary files live in a folder of its own, so it runs as root or not, beside
 * any nginx the machine already has.
 */
export async function startNginx(upstreamPort: number, options: { tls?: boolean } = {}): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install -y nginx (.ci/run does).`);
  const dir = mkdtempSync(path.join(tmpdir(), 'tx-nginx-'));
  const port = await freePort();
  let listen = `listen 127.0.0.1:${port};`;
  if (options.tls) {
    // A certificate of its own for 127.0.0.1, made here: TLS ends at nginx, as in the README.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    listen = `listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${dir}/cert.pem;\n    ssl_certificate_key ${dir}/key.pem;`;
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${dir}/${name};`).join('\n');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
events { worker_connections 64; }
http {
  access_log off;
${temp}
  server {
    ${listen}
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      # As in the README, except $http_host: the test's origin carries a port.
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
  );
  const errorLog = path.join(dir, 'error.log');
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', errorLog, '-g', `daemon off; pid ${dir}/nginx.pid;`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
      throw new Error(`nginx did not start:\n${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseURL: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
