import { callingCodes } from './countries';

/** Countries whose numbers keep their leading 0 after the country code (+39 06 …). */
const keepsLeadingZero = new Set(['IT', 'SM', 'VA']);
/** Countries whose national trunk prefix is 8 rather than 0 (8 912 … → +7 912 …). */
const trunkEight = new Set(['RU', 'KZ', 'BY']);

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Strips what people put around a phone number (spaces, dashes, dots, brackets,
 * full-width digits) and turns a `00` international prefix into `+`. Returns the
 * digits with an optional leading `+`, or `undefined` if it is not a phone number at all.
 */
export function cleanPhone(input: string): string | undefined {
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(/[\s\u00a0\u202f\-–.()/]/g, '');
  if (!/^\+?\d{4,17}$/.test(text)) return undefined;
  return text.startsWith('00') ? `+${text.slice(2)}` : text;
}

/**
 * A phone number in E.164 (`+819012345678`). Numbers already written with their
 * country code are kept; a national number (`090-1234-5678`) gets the calling code of
 * the organisation's country, so a Japanese donor need not know the international form.
 */
export function toE164(input: string, country?: string): string | undefined {
  const cleaned = cleanPhone(input);
  if (!cleaned) return undefined;
  if (cleaned.startsWith('+')) return E164.test(cleaned) ? cleaned : undefined;
  const code = country ? callingCodes.get(country) : undefined;
  if (!code || !country) return undefined;
  let national = cleaned;
  if (national.startsWith('0') && !keepsLeadingZero.has(country)) national = national.slice(1);
  else if (national.startsWith('8') && trunkEight.has(country)) national = national.slice(1);
  else if (code === '1' && national.length === 11 && national.startsWith('1')) national = national.slice(1);
  const full = `+${code}${national}`;
  return E164.test(full) ? full : undefined;
}
