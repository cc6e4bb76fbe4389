import * as z from 'zod/mini';
import { offerLimits } from './catalog';
import { isCountryCode } from './countries';
import { MAX_EMAIL_LENGTH, readEmail } from './email';
import { isPhoneText } from './phone-text';
import { cleanText } from './plain-text';

/**
 * The rules single fields of the donation form follow, written with `zod/mini` so the
 * form's script stays small: text by the portal's one text rule, a choice from a list,
 * a country, an email, a phone written like one, a date, a quantity, a checkbox, a
 * nested group. Each refusal is a custom issue whose message is its code
 * (field-problem.ts); `offer-schema.ts` puts them together.
 */

export type Ctx = { issues: unknown[] };

export function report(ctx: Ctx, input: unknown, code: string, params?: Record<string, string | number>, path?: (string | number)[]) {
  ctx.issues.push({ code: 'custom', message: code, input, ...(params ? { params } : {}), ...(path ? { path } : {}) });
}

/**
 * What a rule accepts, in JSON Schema words, for the API's description (these rules read
 * any input, so zod cannot tell by itself). `x-required` marks a field its object
 * requires; the description moves it to the object's `required`.
 */
export function accepts<T extends z.core.$ZodType>(schema: T, json: Record<string, unknown> | false): T {
  if (json) z.globalRegistry.add(schema, json);
  return schema;
}

/**
 * Whether this code runs where the API is described (the server, tests, `npm run openapi`).
 * In a page's script Vite makes it `false`, so `describing && {…}` leaves the words out of
 * the donors' download: write each hint that way.
 */
export const describing = import.meta.env?.SSR !== false;

const stringOf = (max: number, required = false) =>
  describing && { type: 'string', maxLength: max, ...(required ? { 'x-required': true } : {}) };

export const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export interface TextOptions {
  max: number;
  required?: boolean;
  multiline?: boolean;
}

/**
 * A piece of text as typed, checked by the one text rule (`plain-text.ts`): trimmed and
 * NFC, otherwise kept exactly (HTML, SQL, emoji, CJK and right-to-left text are data,
 * never code). Refused: control, bidi and invisible characters, and more characters
 * than `max` (counted as the reader counts them, so an emoji is one).
 */
export function textValue(input: unknown, ctx: Ctx, { max, required = false, multiline = false }: TextOptions): string | undefined {
  if (isBlank(input)) {
    if (required) report(ctx, input, 'required');
    return undefined;
  }
  if (typeof input !== 'string') {
    report(ctx, input, 'invalid');
    return undefined;
  }
  const { value, problem } = cleanText(input, { multiline });
  if (problem) {
    report(ctx, input, problem);
    return undefined;
  }
  let length = 0;
  for (const _ of value) length++;
  if (length > max) {
    report(ctx, input, 'tooLong', { count: max, max });
    return undefined;
  }
  return value;
}

export const text = (options: TextOptions & { required: true }) =>
  accepts(
    z.transform<unknown, string>((input, ctx) => textValue(input, ctx, options) ?? ''),
    stringOf(options.max, true),
  );
export const optionalText = (options: TextOptions) =>
  accepts(
    z.transform<unknown, string | undefined>((input, ctx) => textValue(input, ctx, options)),
    stringOf(options.max),
  );

export function choice<const T extends string>(values: readonly T[], options: { required?: boolean } = {}) {
  const json = describing && { type: 'string', enum: [...values], ...(options.required ? { 'x-required': true } : {}) };
  return accepts(choiceRule(values, options), json);
}

function choiceRule<const T extends string>(values: readonly T[], options: { required?: boolean }) {
  return z.transform<unknown, T | undefined>((input, ctx) => {
    if (isBlank(input)) {
      if (options.required) report(ctx, input, 'required');
      return undefined;
    }
    if (typeof input === 'string' && (values as readonly string[]).includes(input.trim())) return input.trim() as T;
    report(ctx, input, 'choice');
    return undefined;
  });
}

export const country = accepts(
  z.transform<unknown, string>((input, ctx) => {
    if (isBlank(input)) {
      report(ctx, input, 'required');
      return '';
    }
    const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
    if (isCountryCode(code)) return code;
    report(ctx, input, 'country');
    return '';
  }),
  describing && { type: 'string', pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2', 'x-required': true },
);

/** An address the browser's `<input type=email>` would accept, with a dot in its domain (`email.ts`). */
export const email = accepts(
  z.transform<unknown, string | undefined>((input, ctx) => {
    const value = textValue(input, ctx, { max: MAX_EMAIL_LENGTH });
    if (value === undefined) return undefined;
    const address = readEmail(value);
    if (address) return address;
    report(ctx, input, 'email');
    return undefined;
  }),
  describing && { type: 'string', format: 'email', maxLength: MAX_EMAIL_LENGTH },
);

/**
 * Only checked for being written like a phone number here; whether it is a valid one
 * depends on the organisation's country, so `createOfferSchema` reads it below.
 */
export const phone = accepts(
  z.transform<unknown, string | undefined>((input, ctx) => {
    const value = textValue(input, ctx, { max: 40 });
    if (value === undefined) return undefined;
    if (isPhoneText(value)) return value;
    report(ctx, input, 'phone');
    return undefined;
  }),
  describing && {
    type: 'string',
    maxLength: 40,
    description: 'As written: with or without the country code; checked for the organisation’s country.',
  },
);

/** A calendar date `YYYY-MM-DD`; `notPast` refuses dates before yesterday (any time zone's today). */
export function date(options: { notPast?: boolean } = {}) {
  return accepts(dateRule(options), describing && { type: 'string', format: 'date' });
}

function dateRule(options: { notPast?: boolean }) {
  return z.transform<unknown, string | undefined>((input, ctx) => {
    if (isBlank(input)) return undefined;
    const value = typeof input === 'string' ? input.trim() : '';
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!parsed || parsed.toISOString().slice(0, 10) !== value || parsed.getUTCFullYear() < 2000 || parsed.getUTCFullYear() > 2100) {
      report(ctx, input, 'date');
      return undefined;
    }
    if (options.notPast && parsed.getTime() < Date.now() - 2 * 86_400_000) {
      report(ctx, input, 'expired');
      return undefined;
    }
    return value;
  });
}

/** A whole number of items: `300000`, `300,000`, `300.000`, `３０００００`. */
export const quantity = accepts(
  z.transform<unknown, number>((input, ctx) => {
    if (isBlank(input)) {
      report(ctx, input, 'required');
      return 0;
    }
    let value: number | undefined;
    if (typeof input === 'number') value = input;
    else if (typeof input === 'string') {
      const compact = input.normalize('NFKC').replace(/[\s\u00a0\u202f'’_]/g, '');
      if (/^\d{1,3}([.,]\d{3})+$/.test(compact) && new Set(compact.replace(/\d/g, '')).size === 1)
        value = Number(compact.replace(/[.,]/g, ''));
      else if (/^\d+$/.test(compact)) value = Number(compact);
    }
    if (value === undefined || !Number.isSafeInteger(value) || value < 1) {
      report(ctx, input, 'quantity');
      return 0;
    }
    if (value > offerLimits.quantity) {
      report(ctx, input, 'quantityRange', { max: offerLimits.quantity });
      return 0;
    }
    return value;
  }),
  describing && {
    type: ['integer', 'string'],
    minimum: 1,
    maximum: offerLimits.quantity,
    description: 'A whole number; as text it may group thousands (`300,000`, `300.000`).',
    'x-required': true,
  },
);

export const checkbox = accepts(
  z.transform<unknown, boolean>((input) => input === true || (typeof input === 'string' && /^(on|true|1|yes)$/i.test(input))),
  describing && { type: ['boolean', 'string'], description: '`true`, or a checked box’s `on`.' },
);

/** A nested group; a missing one is read as empty, so each of its fields says what is missing. */
export function group<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.pipe(
    z.transform((input: unknown) => (input === undefined || input === null ? {} : input)),
    z.object(shape),
  );
}
