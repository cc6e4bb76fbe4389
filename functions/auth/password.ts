import { fromBase64url, toBase64url } from './base64url';

/**
 * Staff passwords: PBKDF2-SHA256 through Web Crypto (runs on Node, edge runtimes and
 * Deno alike), stored as a self-describing string so the scheme can change later:
 * `pbkdf2-sha256$<iterations>$<salt, base64url>$<hash, base64url>`.
 */
export const PASSWORD_ITERATIONS = 600_000;
const SCHEME = 'pbkdf2-sha256';
const KEY_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `${SCHEME}$${iterations}$${toBase64url(salt)}$${toBase64url(await derive(password, salt, iterations))}`;
}

/** Constant-time comparison, so timing says nothing about how much of a hash matched. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== SCHEME || !iterations || !salt || !hash) return false;
  const rounds = Number(iterations);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10_000_000) return false;
  try {
    return timingSafeEqual(await derive(password, fromBase64url(salt), rounds), fromBase64url(hash));
  } catch {
    return false;
  }
}

/** Does a stored hash use weaker settings than today's, so it should be re-hashed at the next login? */
export function needsRehash(stored: string): boolean {
  const [scheme, iterations] = stored.split('$');
  return scheme !== SCHEME || Number(iterations) < PASSWORD_ITERATIONS;
}

/** A one-time password a person can type: 4 groups of 5 from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
