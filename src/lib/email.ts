/**
 * Email addresses, read the way the browser's `<input type=email>` reads them: the WHATWG
 * HTML "valid email address" (a local part of RFC 5322 `atext` and dots, `@`, then
 * domain labels of letters, digits and inner hyphens, at most 63 characters each), plus
 * one rule of ours: the domain has a dot.
 *
 * Why the dot: mail on the Internet never goes to a dotless domain (ICANN forbids mail
 * at a top-level domain, and `localhost` reaches no donor), so `lin@gmailcom` is a typo
 * to point out, not an address to store. The old rule wanted the dot too.
 *
 * Like the browser, a domain typed in another script (`lin@例え.jp`) is converted to its
 * ASCII form (`lin@xn--r8jz45g.jp`), which is also what the browser submits; a local part
 * outside ASCII is refused, as the browser refuses it. What passes is safe to put in a
 * `mailto:` link and a mail header: no `?`, no spaces, no line breaks, no `<>`, no
 * quotes, no second `@`.
 */

export const MAX_EMAIL_LENGTH = 254;

const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** What may be handed to the URL parser as an internationalised domain: letters, marks, digits, hyphens, dots. */
const UNICODE_DOMAIN = /^[\p{L}\p{M}\p{N}\-.\u3002\uff0e\uff61]+$/u;

/** The domain in ASCII, as the browser's URL parser writes it (IDNA), or undefined. */
function asciiDomain(domain: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: an ASCII test, not a control-character search
  if (/^[\x00-\x7f]*$/.test(domain)) return domain;
  if (!UNICODE_DOMAIN.test(domain)) return undefined;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The address to keep (its domain in ASCII), or undefined when it is not a valid email
 * address. Surrounding spaces are dropped, as the browser drops them.
 */
export function readEmail(input: string): string | undefined {
  const value = input.trim();
  const at = value.indexOf('@');
  if (at <= 0) return undefined;
  const local = value.slice(0, at);
  const domain = asciiDomain(value.slice(at + 1));
  if (!domain || !LOCAL_PART.test(local)) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return undefined;
  const email = `${local}@${domain}`;
  return email.length <= MAX_EMAIL_LENGTH ? email : undefined;
}

/** True for an address exactly as `readEmail` keeps it: the test before a `mailto:` link or a mail header. */
export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && readEmail(value) === value;
}
