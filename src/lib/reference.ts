/**
 * Offer references like `TX-4K7M-Q9PD`: short enough to read over the phone, with no
 * characters that look alike (0/O, 1/I/L), random rather than sequential so they reveal
 * nothing about how many offers there are, and long enough (31^8 ≈ 8.5 × 10^11) that
 * guessing one, together with its contact detail, under a rate limit, is hopeless.
 */
export const referenceAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const PATTERN = /^TX-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

export function isReference(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}

const pool = new Uint8Array(1024);
let poolUsed = pool.length;

/**
 * `bytes` filled from the platform's cryptographic generator, drawn 1 KB at a time: one
 * call for 64 references instead of one each (issue 13: a call per reference was 2 % of
 * the self-hosted server's time per offer). Each byte is handed out once.
 */
function pooledRandom(bytes: Uint8Array<ArrayBuffer>): Uint8Array {
  if (bytes.length > pool.length) return crypto.getRandomValues(bytes);
  if (poolUsed + bytes.length > pool.length) {
    crypto.getRandomValues(pool);
    poolUsed = 0;
  }
  bytes.set(pool.subarray(poolUsed, poolUsed + bytes.length));
  pool.fill(0, poolUsed, poolUsed + bytes.length);
  poolUsed += bytes.length;
  return bytes;
}

/** A new random reference from the platform's cryptographic generator. */
export function newReference(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = pooledRandom): string {
  const n = referenceAlphabet.length;
  // Reject bytes above the largest multiple of n, so every character is equally likely.
  const limit = 256 - (256 % n);
  let chars = '';
  while (chars.length < 8) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte < limit && chars.length < 8) chars += referenceAlphabet[byte % n];
    }
  }
  return `TX-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * What a person types back (`tx 4k7m q9pd`, `4K7MQ9PD`, full-width letters) as a
 * reference, or `undefined`. O is read as 0… which the alphabet does not have, so a
 * reference with O, I or L in it is simply not one of ours.
 */
export function normalizeReference(input: string): string | undefined {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
  const body = compact.length === 10 && compact.startsWith('TX') ? compact.slice(2) : compact;
  if (body.length !== 8) return undefined;
  const candidate = `TX-${body.slice(0, 4)}-${body.slice(4)}`;
  return isReference(candidate) ? candidate : undefined;
}
