import { type CountryCode, isSupportedCountry, type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { isPhoneText } from './phone-text';

/**
 * Phone numbers, read with libphonenumber-js (Google's libphonenumber rules): a national
 * number is read with the organisation's country, so `090-1234-5678` in Japan is
 * `+819012345678` and `011 15-2345-6789` in Argentina is the mobile `+5491123456789`;
 * `+…` and `00…` are international whatever the country. Only numbers the rules call
 * valid (a real number range, not only a plausible length) are kept, in E.164.
 *
 * The rules come with the metadata handed in: the API reads with the full set
 * (`phone-rules.ts`), the donation page's script loads the smaller one when the phone
 * field is used (`phone-rules-lite.ts`); see docs/decisions/070-input-hygiene.md.
 */

/** A phone number as typed, read in `country` when it is national: its E.164 form, or undefined. */
export type PhoneReader = (typed: string, country?: string) => string | undefined;

export function createPhoneReader(metadata: MetadataJson): PhoneReader {
  // The offer schema reads the same number twice, to check it and then to keep it: the
  // last reading is kept, so the second costs nothing (issue 13: each reading was about
  // 3 % of the self-hosted server's time per offer).
  let last: { typed: string; country: string | undefined; read: string | undefined } | undefined;
  return (typed, country) => {
    if (last && last.typed === typed && last.country === country) return last.read;
    const read = readWith(metadata, typed, country);
    last = { typed, country, read };
    return read;
  };
}

function readWith(metadata: MetadataJson, typed: string, country: string | undefined): string | undefined {
  const text = typed.normalize('NFKC').trim();
  if (!isPhoneText(text)) return undefined;
  // `00` is the international prefix in most of the world; read it as `+` even where the country's own is different.
  const written = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const defaultCountry = country && isSupportedCountry(country as CountryCode, metadata) ? (country as CountryCode) : undefined;
  const number = parsePhoneNumberFromString(written, defaultCountry ? { defaultCountry } : {}, metadata);
  return number?.isValid() && !number.ext ? number.number : undefined;
}
