import { z } from 'zod';
// Loaded by scripts/serve.mjs straight from source (Node strips the types): relative
// imports name their file with its extension, and what they import must do the same.
import { readEmail } from '../src/lib/email.ts';
import { cleanText } from '../src/lib/plain-text.ts';

/**
 * `noreply@example.org`, `Tongxin <noreply@example.org>` or `"Tongxin, Madrid"
 * <noreply@example.org>`: the address by the portal's one email rule, the name one line
 * of plain text (`plain-text.ts`) that cannot turn into a list or another header: no
 * `<>@",;\` unless quoted, and never `"` or `\` inside the quotes.
 */
function readMailbox(text: string): string | undefined {
  const named = /^(.*?)\s*<([^<>]*)>$/s.exec(text.trim());
  if (!named) return readEmail(text);
  const email = readEmail(named[2] ?? '');
  const name = cleanText(named[1] ?? '');
  if (!email || name.problem) return undefined;
  const quoted = /^"([^"\\]*)"$/.exec(name.value);
  if (!quoted && /[<>@",;\\]/.test(name.value)) return undefined;
  return name.value ? `${name.value} <${email}>` : email;
}

const wsProxyHelp =
  'DATABASE_WS_PROXY must be a WebSocket address, like wss://wsproxy.example.org/v1 (ws:// only to this machine: 127.0.0.1, ::1 or localhost)';

/** `wss://host[:port][/path]`, or `ws://` to a loopback host only: the database's password crosses it. */
function readWsProxy(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.search || url.hash || url.username || url.password) return undefined;
  if (url.protocol === 'wss:') return url.href;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
  return url.protocol === 'ws:' && loopback ? url.href : undefined;
}

/** A string read by `read`; anything it refuses stops the start with `message`. */
const readAs = (read: (text: string) => string | undefined, message: string) =>
  z.string().transform((text, ctx) => {
    const value = read(text);
    if (value !== undefined) return value;
    ctx.issues.push({ code: 'custom', message, input: text });
    return z.NEVER;
  });

const trustProxyHelp =
  'TRUST_PROXY must be the number of reverse proxies in front of this server: 0 when clients connect to it directly, 1 behind one nginx or Caddy';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  // How the Node server reaches DATABASE_URL: `pg` over TCP (the default), or `neon`, over a
  // WebSocket, as the edge function must (docs/decisions/150-the-public-api-at-the-edge.md).
  DATABASE_DRIVER: z.enum(['pg', 'neon'], 'DATABASE_DRIVER must be pg or neon').default('pg'),
  // For any PostgreSQL other than Neon's, the WebSocket-to-TCP proxy in front of it: read by the
  // WebSocket driver wherever it runs (the edge function always; Node with DATABASE_DRIVER=neon).
  // With API_RUNTIME=edge both functions share the settings, so it may stand beside DATABASE_DRIVER=pg.
  DATABASE_WS_PROXY: readAs(readWsProxy, wsProxyHelp).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  VERCEL: z.string().optional(),
  SITE_URL: z.url().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(5),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  // 0 turns a limit off: for benchmarks, never for a public server.
  RATE_LIMIT_OFFERS_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000_000).default(20),
  RATE_LIMIT_LOOKUPS_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000_000).default(30),
  // How many reverse proxies stand in front of the self-hosted server; it reads the
  // client's address from X-Forwarded-For accordingly (docs/decisions/050-client-address.md).
  TRUST_PROXY: z.coerce.number(trustProxyHelp).int(trustProxyHelp).min(0, trustProxyHelp).max(10, trustProxyHelp).default(0),
  // Mail. Without SMTP_URL nothing is sent: messages are held in the outbox for staff to read.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, 'SMTP_URL must be an smtp:// or smtps:// URL, like smtp://user:password@mail.example.org:587')
    .optional(),
  MAIL_FROM: readAs(readMailbox, 'MAIL_FROM must be an address, like Tongxin <noreply@example.org>').optional(),
  STAFF_NOTIFY_EMAILS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(readAs(readEmail, 'STAFF_NOTIFY_EMAILS must be email addresses separated by commas')).max(50))
    .optional(),
  CRON_SECRET: z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
  // Days after an offer's final status (closed, declined, withdrawn, duplicate) when the
  // sweep erases its donor's personal data. 0 keeps it until an admin erases it.
  RETENTION_DAYS: z.coerce
    .number('RETENTION_DAYS must be a whole number of days')
    .int('RETENTION_DAYS must be a whole number of days')
    .min(0, 'RETENTION_DAYS must be 0 (never) or a number of days')
    .max(36_500)
    .default(730),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once at start-up; bad configuration stops the start, loudly. */
export function readConfig(env: Record<string, string | undefined> = globalThis.process?.env ?? {}): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.VERCEL && !config.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL is not set. On Vercel the embedded database cannot be used: a function’s files are thrown away, and data written there would be lost. Add a Postgres database and set DATABASE_URL in the project settings.',
    );
  }
  if (config.DATABASE_DRIVER === 'neon' && !config.DATABASE_URL) {
    throw new ConfigError('DATABASE_DRIVER=neon needs DATABASE_URL: the embedded database is reached only in this process.');
  }
  if (config.SMTP_URL && !config.MAIL_FROM) {
    throw new ConfigError(
      'MAIL_FROM is not set. With SMTP_URL, mail needs a sender your SMTP server accepts, like MAIL_FROM="Tongxin <noreply@example.org>".',
    );
  }
  if (config.VERCEL && !config.SESSION_SECRET) {
    throw new ConfigError(
      'SESSION_SECRET is not set. On Vercel it signs staff sessions and must be the same in every instance: set a random value of at least 32 characters.',
    );
  }
  return config;
}
