// Shared by the benches (`npm run bench:api`, `bench:serve`, `bench:mixed`): one autocannon
// run summarised the same way everywhere, and a reference server started in a process of
// its own, so that it competes for the two cores exactly as the project's server does.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../../tests/helpers/self-host';

/** What a reader's browser sends: compressed answers wanted. */
export const acceptCompressed = { 'accept-encoding': 'gzip, br' };

export interface LoadSummary {
  /** Answers per second with a 2xx or 3xx status. */
  okPerSecond: number;
  /** All answers per second, whatever their status. */
  answeredPerSecond: number;
  p50: number;
  p99: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Requests sent whose answer had not come when the run ended. */
  unanswered: number;
  /** Socket errors and timeouts. */
  socketErrors: number;
}

export function summarise(result: autocannon.Result): LoadSummary {
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  const ok = Object.entries(statuses).reduce((sum, [code, n]) => (code.startsWith('2') || code.startsWith('3') ? sum + n : sum), 0);
  const seconds = result.duration || 1;
  return {
    okPerSecond: Math.round(ok / seconds),
    answeredPerSecond: Math.round(answered / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    unanswered: Math.max(0, result.requests.sent - answered),
    socketErrors: result.errors + result.timeouts,
  };
}

/** One autocannon run with the benches' settings (pipelining 1, no bail-out on errors). */
export async function load(options: autocannon.Options): Promise<LoadSummary> {
  return summarise(await autocannon(options));
}

/** Answers with a status outside 2xx/3xx, leaving out those named in `expected` (429 where a limit may answer). */
export function unexpectedStatuses(summary: LoadSummary, expected: string[] = []): number {
  return Object.entries(summary.statuses).reduce(
    (sum, [code, n]) => (code.startsWith('2') || code.startsWith('3') || expected.includes(code) ? sum : sum + n),
    0,
  );
}

export const ratio = (project: number, reference: number) => (reference > 0 ? (project / reference).toFixed(2) : '—');

export interface ReferenceServer {
  baseURL: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Runs `script` (plain JavaScript or erasable TypeScript) in a Node process of its own on a
 * free port of 127.0.0.1 (PORT, HOST), and waits until `readyPath` answers 200.
 */
export async function startReferenceServer(
  script: string,
  env: Record<string, string> = {},
  readyPath = '/health',
): Promise<ReferenceServer> {
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, [path.resolve(script)], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const exited = new Promise((r) => child.once('exit', r));
  const server: ReferenceServer = {
    baseURL: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${server.baseURL}${readyPath}`);
      await res.body?.cancel();
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  await exited;
  throw new Error(`${script} did not answer ${readyPath} in time:\n${log}`);
}
