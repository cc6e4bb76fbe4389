import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The embedded database in a thread of its own (decision 140), seen from the server's
 * thread. `functions/db/pglite-worker.mjs` holds PGlite; this gives Drizzle's PGlite
 * driver the two things it calls, `query` and `transaction`, by messages to it. PGlite's
 * own locking still orders everything (a statement waits while a transaction is open),
 * because every statement runs on the one PGlite in that thread.
 */

/** The part of PGlite's interface Drizzle uses, for one statement. */
export interface RemoteQueryOptions {
  rowMode?: 'array' | 'object';
  /** Types to return as PostgreSQL sent them; only which OIDs matter, not the functions (all are the identity in Drizzle). */
  parsers?: Record<number, unknown>;
}

interface Results {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export interface RemoteTransaction {
  query(text: string, params?: unknown[], options?: RemoteQueryOptions): Promise<Results>;
  exec(text: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/** An error from the database thread, with the fields a PostgreSQL error carries (code, constraint…) back on it. */
function revive(plain: Record<string, unknown>): Error {
  const { name, message, cause, ...fields } = plain;
  const err = new Error(String(message), cause ? { cause: revive(cause as Record<string, unknown>) } : undefined);
  err.name = String(name ?? 'Error');
  return Object.assign(err, fields);
}

/**
 * The worker's file, found from the project folder as the migrations are (migrate.ts):
 * after `astro build` this module sits in a bundled chunk elsewhere, and the worker is
 * started as a file of its own.
 */
export function workerFile(root = process.env.PROJECT_ROOT ?? process.cwd()): string {
  return path.resolve(root, 'functions/db/pglite-worker.mjs');
}

export class RemotePglite {
  #worker: Worker;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref(); // held only while a statement is on its way (see #call)
    worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: Record<string, unknown> }) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (message.ok) pending.resolve(message.value);
      else pending.reject(revive(message.error ?? { message: 'unknown failure' }));
    });
    const stop = (reason: string) => {
      // The wording errors.ts reads as "the database is away": a 503, not a 500.
      this.#stopped ??= new Error(`PGlite is closed: ${reason}`);
      for (const pending of this.#pending.values()) pending.reject(this.#stopped);
      this.#pending.clear();
    };
    worker.on('error', (err) => {
      console.error('[db] the embedded database thread failed:', err.message);
      stop('the database thread failed');
    });
    worker.on('exit', (code) => stop(`the database thread ended (exit code ${code})`));
  }

  /**
   * Starts the thread, opens PGlite on `dataDir` (in memory without one) and migrates it
   * when `migrationsFolder` is given; resolves once it is ready, or rejects with its error.
   */
  static async start(options: { dataDir?: string; migrationsFolder?: string; file?: string }): Promise<RemotePglite> {
    const worker = new Worker(options.file ?? workerFile(), {
      workerData: { dataDir: options.dataDir, migrationsFolder: options.migrationsFolder },
    });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The embedded database thread ended as it started (exit code ${code}).`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: { ready?: boolean; error?: Record<string, unknown> }) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.ready) resolve();
        else reject(revive(message.error ?? { message: 'The embedded database did not start.' }));
      });
    });
    return new RemotePglite(worker);
  }

  #call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  query(text: string, params: unknown[] = [], options: RemoteQueryOptions = {}, tx?: number): Promise<Results> {
    const raw = options.parsers ? Object.keys(options.parsers).map(Number) : undefined;
    return this.#call({ op: 'query', text, params, rowMode: options.rowMode, raw, tx });
  }

  exec(text: string, tx?: number): Promise<Results[]> {
    return this.#call({ op: 'exec', text, tx });
  }

  /** PGlite's `transaction`: BEGIN, the callback's statements on its handle, then COMMIT, or ROLLBACK when it throws. */
  async transaction<T>(callback: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    const { tx } = await this.#call<{ tx: number }>({ op: 'begin' });
    let closed = false;
    const check = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const handle: RemoteTransaction = {
      query: async (text, params, options) => {
        check();
        return this.query(text, params, options, tx);
      },
      exec: async (text) => {
        check();
        return this.exec(text, tx);
      },
      rollback: async () => {
        check();
        closed = true;
        await this.#call({ op: 'end', tx, commit: false });
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(handle);
    } catch (err) {
      if (!closed) {
        closed = true;
        await this.#call({ op: 'end', tx, commit: false }).catch(() => {});
      }
      throw err;
    }
    if (!closed) {
      closed = true;
      await this.#call({ op: 'end', tx, commit: true });
    }
    return result;
  }

  /** Closes PGlite (it writes what it holds to disk) and ends the thread. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#call({ op: 'close' });
    } finally {
      this.#stopped ??= new Error('PGlite is closed');
      await this.#worker.terminate();
    }
  }
}
