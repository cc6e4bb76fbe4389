import type { Drizzle } from './db/client';
import { type SweepResult, sweepExpired } from './db/housekeeping';
import type { Deliverer, DeliveryReport } from './mail/deliverer';

/** Sweeping expired rows is cheap but pointless every minute. */
export const SWEEP_EVERY_MS = 60 * 60_000;
/** A new message waits this long, so that a burst of offers is delivered in one run. */
const KICK_DELAY_MS = 100;

export interface BackgroundReport extends DeliveryReport {
  /** Present when this run swept. */
  swept?: SweepResult;
}

export interface BackgroundOptions {
  db: Drizzle;
  /** Without one (no SMTP server), only the sweep runs. */
  deliverer?: Deliverer | undefined;
  now?: () => number;
  /** On Vercel, `waitUntil` from `@vercel/functions`: keeps the function alive for work a request started. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** `RETENTION_DAYS`, for the sweep; 0 or unset: no offer's personal data is erased for age. */
  retentionDays?: number | undefined;
  /** Told when a sweep erased offers: the totals this process keeps look again (functions/totals-cache.ts). */
  onTotalsChanged?: (() => void) | undefined;
}

export interface Background {
  /** Delivers due mail, and sweeps when a sweep is due (or `sweep: true`). Runs that overlap in one process are merged. */
  run(options?: { sweep?: boolean }): Promise<BackgroundReport>;
  /** Asks for a run soon, off the request path: returns at once. */
  kick(): void;
  /** Runs now and then every `intervalMs` (the self-hosted server). Returns a stop function. */
  start(intervalMs: number): () => void;
}

/**
 * The work no request waits for: delivering the outbox, sweeping expired rows and
 * erasing personal data whose retention period is over. The self-hosted server runs it
 * on a timer and after each new message; on Vercel a new message starts a run kept
 * alive by `waitUntil`, and a cron request to `/api/cron` does the rest.
 */
export function createBackground({
  db,
  deliverer,
  now = Date.now,
  waitUntil,
  retentionDays,
  onTotalsChanged,
}: BackgroundOptions): Background {
  let running: Promise<BackgroundReport> | undefined;
  let again = false;
  let sweepRequested = false;
  let lastSweep = Number.NEGATIVE_INFINITY;

  async function pass(report: BackgroundReport) {
    if (deliverer) {
      const delivered = await deliverer.drain();
      report.sent += delivered.sent;
      report.retrying += delivered.retrying;
      report.failed += delivered.failed;
    }
    if (sweepRequested || now() - lastSweep >= SWEEP_EVERY_MS) {
      sweepRequested = false;
      lastSweep = now();
      report.swept = await sweepExpired(db, new Date(lastSweep), { retentionDays });
      if (report.swept.erased > 0) onTotalsChanged?.();
    }
  }

  function run(options: { sweep?: boolean } = {}): Promise<BackgroundReport> {
    if (options.sweep) sweepRequested = true;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const report: BackgroundReport = { sent: 0, retrying: 0, failed: 0 };
      try {
        do {
          again = false;
          await pass(report);
        } while (again);
      } finally {
        running = undefined;
      }
      return report;
    })();
    return running;
  }

  /** A run nobody awaits: its failure is logged (store errors carry no personal data), not thrown. */
  function runLogged(): Promise<void> {
    return run().then(
      () => undefined,
      (err) => console.error('[background] run failed:', err instanceof Error ? err.message : err),
    );
  }

  return {
    run,
    kick() {
      const later = new Promise((resolve) => setTimeout(resolve, KICK_DELAY_MS)).then(runLogged);
      waitUntil?.(later);
    },
    start(intervalMs) {
      void runLogged();
      const timer = setInterval(() => void runLogged(), intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
