import { fromBase64url, toBase64url } from './base64url';

/** Random, unguessable ids and HMAC signatures, with Web Crypto only. */

export function randomToken(bytes = 32): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64url(digest);
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** `value.signature`: the value can be read, not forged. */
export async function sign(value: string, secret: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(value));
  return `${value}.${toBase64url(signature)}`;
}

/** The value when its signature is right; undefined for anything tampered with or malformed. */
export async function unsign(signed: string | undefined, secret: string): Promise<string | undefined> {
  if (!signed || signed.length > 512) return undefined;
  const dot = signed.lastIndexOf('.');
  if (dot < 1) return undefined;
  const value = signed.slice(0, dot);
  let signature: Uint8Array;
  try {
    signature = fromBase64url(signed.slice(dot + 1));
  } catch {
    return undefined;
  }
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature as BufferSource, new TextEncoder().encode(value));
  return ok ? value : undefined;
}
