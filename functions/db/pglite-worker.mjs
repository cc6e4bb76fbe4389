// The embedded database's own thread (decision 140). PGlite is PostgreSQL compiled to
// WebAssembly: every statement runs on the thread that calls it, so in the server's
// thread it stopped pages, totals and everything else while it worked (issue 13: 55 %
// of the server's CPU under offers was PGlite). Here it has a thread of its own and the
// server talks to it by messages: functions/db/pglite-remote.ts is the other end, and
// gives Drizzle the same `query` and `transaction` PGlite does.
//
// Plain JavaScript on purpose: it is started as a file (`new Worker(path)`), from the
// source tree in development and tests and from the project folder beside a build, with
// no bundler or TypeScript loader in between. It imports packages only.
//
// Messages in:  { id, op: 'query', text, params, rowMode, raw, tx? }
//               { id, op: 'exec', text, tx? }
//               { id, op: 'begin' }             answered { tx } once the transaction holds the lock
//               { id, op: 'end', tx, commit }   answered when COMMIT or ROLLBACK has run
//               { id, op: 'close' }           answered once PGlite has closed; then the server ends the thread
// Messages out: { id, ok: true, value } or { id, ok: false, error }, and at start
//               { ready: true } or { ready: false, error }.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

if (!parentPort) throw new Error('pglite-worker.mjs runs as a worker thread (functions/db/pglite-remote.ts starts it).');
const port = parentPort;

/**
 * An error as plain data: its name, message and the fields a PostgreSQL error carries
 * (code, constraint, detail…), which functions/db/errors.ts reads. Structured cloning
 * would keep only the message. Nothing here is logged: `detail` can name a donor's value.
 */
function plainError(err) {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const out = { name: err.name, message: err.message };
  for (const [key, value] of Object.entries(err)) {
    if (value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  if (err.cause !== undefined) out.cause = plainError(err.cause);
  return out;
}

const reply = (id, promise) =>
  promise.then(
    (value) => port.postMessage({ id, ok: true, value }),
    (err) => port.postMessage({ id, ok: false, error: plainError(err) }),
  );

/** Drizzle asks for some types as the text PostgreSQL sent (timestamps, dates, intervals): the same, rebuilt from their OIDs. */
const asSent = (value) => value;
const parsersFor = (raw) => (raw?.length ? Object.fromEntries(raw.map((oid) => [oid, asSent])) : undefined);

/** Results as plain data: `rows`, `fields` and `affectedRows` (no Blob). */
const plainResults = ({ rows, fields, affectedRows }) => ({ rows, fields, affectedRows });

let db;
try {
  db = await PGlite.create(workerData.dataDir);
  if (workerData.migrationsFolder) await migrate(drizzle(db), { migrationsFolder: workerData.migrationsFolder });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: plainError(err) });
  await db?.close().catch(() => {});
  process.exit(1);
}

/** Open transactions by number: PGlite's handle once BEGIN has run, how to end it, and its outcome. */
const transactions = new Map();
let nextTx = 1;

/**
 * Starts a transaction and answers `{ tx }` once PGlite holds it (other statements wait
 * behind it, as they would in the server's thread). It stays open until an `end`
 * message: commit returns from PGlite's callback (PGlite runs COMMIT), rollback runs
 * ROLLBACK first. Its outcome, including a failed COMMIT, answers the `end`.
 */
function begin(id) {
  const tx = nextTx++;
  const entry = {};
  const ended = new Promise((resolve) => {
    entry.end = resolve;
  });
  entry.done = db.transaction(async (handle) => {
    entry.handle = handle;
    port.postMessage({ id, ok: true, value: { tx } });
    const { commit } = await ended;
    if (!commit && !handle.closed) await handle.rollback();
  });
  transactions.set(tx, entry);
  entry.done.then(
    () => transactions.delete(tx),
    (err) => {
      transactions.delete(tx);
      // BEGIN itself failed: the caller holds no transaction number yet.
      if (!entry.handle) port.postMessage({ id, ok: false, error: plainError(err) });
    },
  );
}

function target(tx) {
  if (tx === undefined) return db;
  const handle = transactions.get(tx)?.handle;
  if (!handle) throw new Error(`Transaction ${tx} is not open.`);
  return handle;
}

port.on('message', (message) => {
  const { id, op } = message;
  switch (op) {
    case 'query':
      reply(
        id,
        Promise.resolve().then(() =>
          target(message.tx)
            .query(message.text, message.params, { rowMode: message.rowMode, parsers: parsersFor(message.raw) })
            .then(plainResults),
        ),
      );
      break;
    case 'exec':
      reply(
        id,
        Promise.resolve().then(() =>
          target(message.tx)
            .exec(message.text)
            .then((results) => results.map(plainResults)),
        ),
      );
      break;
    case 'begin':
      begin(id);
      break;
    case 'end': {
      const entry = transactions.get(message.tx);
      if (!entry?.handle) {
        port.postMessage({ id, ok: false, error: { name: 'Error', message: `Transaction ${message.tx} is not open.` } });
        break;
      }
      entry.end({ commit: message.commit });
      reply(id, entry.done);
      break;
    }
    case 'close':
      // The server ends the thread once this is answered.
      reply(id, db.close());
      break;
    default:
      port.postMessage({ id, ok: false, error: { name: 'Error', message: `Unknown operation ${op}.` } });
  }
});
