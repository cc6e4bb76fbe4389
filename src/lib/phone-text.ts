/**
 * The check a phone number gets before any phone rules are loaded. It lives apart from
 * `phone.ts` so that the donation page's script can use it without bundling
 * libphonenumber-js, which that script loads only when the phone field is used.
 */

/** What people write phone numbers with: digits of any script, spaces, dashes, dots, brackets, a slash, a leading `+`. */
const PHONE_TEXT = /^\+?[\p{Nd}\s()\-–./]+$/u;

/** True when the text could be a phone number at all. */
export function isPhoneText(typed: string): boolean {
  const text = typed.normalize('NFKC').trim();
  return PHONE_TEXT.test(text) && /\p{Nd}/u.test(text);
}
