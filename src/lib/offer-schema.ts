import * as z from 'zod/mini';
import { type Locale, locales } from '../i18n/config';
import {
  type Delivery,
  deliveries,
  type Item,
  items,
  type OrganizationKind,
  offerLimits,
  organizationKinds,
  type Recipient,
  recipients,
  unitOf,
} from './catalog';
import { isCountryCode } from './countries';
import { currencyMinorUnits, isCurrencyCode } from './currencies';
import { MAX_EMAIL_LENGTH, readEmail } from './email';
import { normalizeAmount, toMinorUnits } from './money';
import type { PhoneReader } from './phone';
import { isPhoneText } from './phone-text';
import { cleanText } from './plain-text';
import { normalizeReference } from './reference';

/**
 * The donation offer, validated once for everyone: the form's script checks a draft
 * with it as the donor types, and the API checks every submission with the very same
 * schema before anything is stored. Problems come out as message codes
 * (`required`, `email`, `amountDecimals`…); `locales/<lng>/errors.json` words them as
 * `validation.<code>` in each language.
 *
 * It is written with `zod/mini`: the full Zod would add ~90 KB to the page's script.
 */

type Ctx = { issues: unknown[] };

function report(ctx: Ctx, input: unknown, code: string, params?: Record<string, string | number>, path?: (string | number)[]) {
  ctx.issues.push({ code: 'custom', message: code, input, ...(params ? { params } : {}), ...(path ? { path } : {}) });
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

interface TextOptions {
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
function textValue(input: unknown, ctx: Ctx, { max, required = false, multiline = false }: TextOptions): string | undefined {
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

const text = (options: TextOptions & { required: true }) =>
  z.transform<unknown, string>((input, ctx) => textValue(input, ctx, options) ?? '');
const optionalText = (options: TextOptions) => z.transform<unknown, string | undefined>((input, ctx) => textValue(input, ctx, options));

function choice<const T extends string>(values: readonly T[], options: { required?: boolean } = {}) {
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

const country = z.transform<unknown, string>((input, ctx) => {
  if (isBlank(input)) {
    report(ctx, input, 'required');
    return '';
  }
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (isCountryCode(code)) return code;
  report(ctx, input, 'country');
  return '';
});

/** An address the browser's `<input type=email>` would accept, with a dot in its domain (`email.ts`). */
const email = z.transform<unknown, string | undefined>((input, ctx) => {
  const value = textValue(input, ctx, { max: MAX_EMAIL_LENGTH });
  if (value === undefined) return undefined;
  const address = readEmail(value);
  if (address) return address;
  report(ctx, input, 'email');
  return undefined;
});

/**
 * Only checked for being written like a phone number here; whether it is a valid one
 * depends on the organisation's country, so `createOfferSchema` reads it below.
 */
const phone = z.transform<unknown, string | undefined>((input, ctx) => {
  const value = textValue(input, ctx, { max: 40 });
  if (value === undefined) return undefined;
  if (isPhoneText(value)) return value;
  report(ctx, input, 'phone');
  return undefined;
});

/** A calendar date `YYYY-MM-DD`; `notPast` refuses dates before yesterday (any time zone's today). */
function date(options: { notPast?: boolean } = {}) {
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
const quantity = z.transform<unknown, number>((input, ctx) => {
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
});

const checkbox = z.transform<unknown, boolean>(
  (input) => input === true || (typeof input === 'string' && /^(on|true|1|yes)$/i.test(input)),
);

/** A nested group; a missing one is read as empty, so each of its fields says what is missing. */
function group<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.pipe(
    z.transform((input: unknown) => (input === undefined || input === null ? {} : input)),
    z.object(shape),
  );
}

const goodsLine = group({
  item: choice(items, { required: true }),
  name: optionalText({ max: offerLimits.shortText }),
  quantity,
  standard: optionalText({ max: 100 }),
  expiresOn: date({ notPast: true }),
}).check(
  z.superRefine(
    (line, ctx) => {
      if (line?.item === 'other' && !line.name) report(ctx, line, 'otherName', undefined, ['name']);
    },
    { when: () => true },
  ),
);

const goods = z.pipe(
  z.transform<unknown, unknown[]>((input, ctx) => {
    if (input === undefined || input === null) return [];
    if (!Array.isArray(input)) {
      report(ctx, input, 'invalid');
      return [];
    }
    if (input.length > offerLimits.goodsLines)
      report(ctx, input, 'tooManyLines', { count: offerLimits.goodsLines, max: offerLimits.goodsLines });
    return input;
  }),
  z.array(goodsLine),
);

export interface Cash {
  /** Canonical decimal string, as the donor meant it: `350000.00`. */
  amount: string;
  currency: string;
  /** The same amount in the currency's minor units (fen, cents; yen have none). */
  amountMinor: number;
}

const cash = z.transform<unknown, Cash | undefined>((input, ctx) => {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'object' || Array.isArray(input)) {
    report(ctx, input, 'invalid');
    return undefined;
  }
  const { amount: rawAmount, currency: rawCurrency } = input as { amount?: unknown; currency?: unknown };
  if (isBlank(rawAmount) && isBlank(rawCurrency)) return undefined;
  const currency = typeof rawCurrency === 'string' ? rawCurrency.trim().toUpperCase() : '';
  if (isBlank(rawCurrency)) report(ctx, rawCurrency, 'required', undefined, ['currency']);
  else if (!isCurrencyCode(currency)) report(ctx, rawCurrency, 'currency', undefined, ['currency']);
  const amount =
    typeof rawAmount === 'number' && Number.isFinite(rawAmount)
      ? normalizeAmount(String(rawAmount))
      : typeof rawAmount === 'string'
        ? normalizeAmount(rawAmount)
        : undefined;
  if (isBlank(rawAmount)) {
    report(ctx, rawAmount, 'required', undefined, ['amount']);
    return undefined;
  }
  if (amount === undefined) {
    report(ctx, rawAmount, 'amount', undefined, ['amount']);
    return undefined;
  }
  if (!isCurrencyCode(currency)) return undefined;
  const minor = toMinorUnits(amount, currency, offerLimits.amount);
  if ('problem' in minor) {
    const code = minor.problem === 'format' ? 'amount' : minor.problem === 'range' ? 'amountRange' : undefined;
    if (code) report(ctx, rawAmount, code, code === 'amountRange' ? { max: offerLimits.amount, currency } : undefined, ['amount']);
    else {
      const allowed = currencyMinorUnits(currency);
      report(ctx, rawAmount, allowed === 0 ? 'amountNoDecimals' : 'amountDecimals', { count: allowed, currency }, ['amount']);
    }
    return undefined;
  }
  return { amount, currency, amountMinor: minor.minor };
});

const formMeta = z.transform<unknown, { startedAt?: number; website?: string }>((input) => {
  if (!input || typeof input !== 'object') return {};
  const { startedAt, website } = input as { startedAt?: unknown; website?: unknown };
  const started = typeof startedAt === 'string' ? Number(startedAt) : startedAt;
  return {
    ...(typeof started === 'number' && Number.isFinite(started) ? { startedAt: started } : {}),
    ...(typeof website === 'string' ? { website } : {}),
  };
});

const fields = z.object({
  locale: choice(locales),
  organization: group({
    name: text({ max: offerLimits.shortText, required: true }),
    country,
    city: optionalText({ max: offerLimits.shortText }),
    kind: choice(organizationKinds),
  }),
  contact: group({
    name: text({ max: offerLimits.shortText, required: true }),
    role: optionalText({ max: offerLimits.shortText }),
    email,
    phone,
    wechat: optionalText({ max: 100 }),
    whatsapp: optionalText({ max: 100 }),
    line: optionalText({ max: 100 }),
  }),
  goods,
  cash,
  recipient: choice(recipients),
  availableFrom: date(),
  location: optionalText({ max: offerLimits.mediumText }),
  delivery: choice(deliveries),
  notes: optionalText({ max: offerLimits.notes, multiline: true }),
  consent: group({ dataProcessing: checkbox, thankPublicly: checkbox }),
  form: formMeta,
});

type Fields = z.output<typeof fields>;

/** A valid offer, as the store keeps it. */
export interface Offer {
  locale?: Locale;
  organization: { name: string; country: string; city?: string; kind?: OrganizationKind };
  contact: { name: string; role?: string; email?: string; phone?: string; wechat?: string; whatsapp?: string; line?: string };
  goods: { item: Item; name?: string; quantity: number; unit: string; standard?: string; expiresOn?: string }[];
  cash?: Cash;
  recipient: Recipient;
  availableFrom?: string;
  location?: string;
  delivery: Delivery;
  notes?: string;
  consent: { dataProcessing: true; thankPublicly: boolean };
  /** What the HTML form adds against bots; never stored. */
  form: { startedAt?: number; website?: string };
}

/**
 * The offer schema, reading phone numbers with `readPhone`: the API hands in the full
 * rules (`phone-rules.ts`). Without a reader (the page's script before it has loaded
 * the rules), a phone number is only checked for looking like one and kept as typed.
 */
export function createOfferSchema(readPhone?: PhoneReader) {
  return z.pipe(
    fields.check(
      z.superRefine(
        (offer: Fields, ctx) => {
          if (!offer || typeof offer !== 'object') return;
          const problems = ctx.issues as { path?: PropertyKey[] }[];
          const has = (prefix: string) => problems.some((p) => (p.path ?? []).join('.').startsWith(prefix));
          const { contact, organization, goods: lines, cash: money, consent } = offer;
          if (contact && !contact.email && !contact.phone && !has('contact.email') && !has('contact.phone')) {
            report(ctx, contact, 'contactMethod', undefined, ['contact', 'email']);
          }
          if (readPhone && contact?.phone) {
            // A national number needs the country; without one, the country is the problem to show.
            const country = isCountryCode(organization?.country) ? organization.country : undefined;
            const international = /^(\+|00)/.test(contact.phone.normalize('NFKC'));
            if ((country || international) && !readPhone(contact.phone, country)) {
              report(ctx, contact.phone, 'phone', undefined, ['contact', 'phone']);
            }
          }
          if (Array.isArray(lines) && lines.length === 0 && !money && !has('goods') && !has('cash')) {
            report(ctx, offer, 'goodsOrCash', undefined, ['goods']);
          }
          if (consent && consent.dataProcessing !== true) report(ctx, consent, 'consent', undefined, ['consent', 'dataProcessing']);
        },
        { when: () => true },
      ),
    ),
    z.transform((offer: Fields): Offer => {
      const { contact, organization } = offer;
      return {
        ...offer,
        organization: {
          name: organization.name,
          country: organization.country,
          ...(organization.city ? { city: organization.city } : {}),
          ...(organization.kind ? { kind: organization.kind } : {}),
        },
        contact: { ...contact, ...(contact.phone && readPhone ? { phone: readPhone(contact.phone, organization.country) } : {}) },
        goods: offer.goods.map((line) => {
          const item = line.item as Item;
          return {
            item,
            quantity: line.quantity,
            unit: unitOf(item),
            ...(line.name ? { name: line.name } : {}),
            ...(line.standard ? { standard: line.standard } : {}),
            ...(line.expiresOn ? { expiresOn: line.expiresOn } : {}),
          };
        }),
        recipient: offer.recipient ?? 'organisers_decide',
        delivery: offer.delivery ?? 'undecided',
        consent: { dataProcessing: true, thankPublicly: offer.consent.thankPublicly },
      };
    }),
  );
}

export type OfferSchema = ReturnType<typeof createOfferSchema>;

/**
 * `POST /api/offers/lookup`: the reference plus the email or phone the offer gave. The
 * phone number is read with the offer's country once the offer is found, as it was
 * read when the offer was made.
 */
export const lookupSchema = z
  .object({
    locale: choice(locales),
    reference: z.transform<unknown, string>((input, ctx) => {
      if (isBlank(input)) {
        report(ctx, input, 'required');
        return '';
      }
      const reference = typeof input === 'string' ? normalizeReference(input) : undefined;
      if (reference) return reference;
      report(ctx, input, 'reference');
      return '';
    }),
    email,
    phone,
  })
  .check(
    z.superRefine(
      (lookup, ctx) => {
        const problems = ctx.issues as { path?: PropertyKey[] }[];
        if (lookup && !lookup.email && !lookup.phone && !problems.some((p) => p.path?.[0] === 'phone')) {
          report(ctx, lookup, 'contactMethod', undefined, ['email']);
        }
      },
      { when: () => true },
    ),
  );

export type Lookup = z.output<typeof lookupSchema>;

/** Every message code the schemas can produce, for tests and the form's message table. */
export const problemCodes = [
  'required',
  'invalid',
  'invalidCharacters',
  'invisibleCharacters',
  'tooLong',
  'choice',
  'country',
  'email',
  'phone',
  'date',
  'expired',
  'quantity',
  'quantityRange',
  'otherName',
  'tooManyLines',
  'amount',
  'amountRange',
  'amountDecimals',
  'amountNoDecimals',
  'currency',
  'contactMethod',
  'goodsOrCash',
  'consent',
  'reference',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

type FormValue = string | { toString(): string };

/**
 * The HTML form's fields (`organization.name`, `goods[2].quantity`, `consent.dataProcessing`)
 * as the API's JSON shape. Goods lines left entirely empty are dropped; `rows` maps each
 * remaining line to its row in the form, so a problem can be shown on the right row.
 * Amounts are read with the separators of the form's language.
 */
export function formToOfferInput(entries: Iterable<[string, FormValue]>, groupSeparator: ',' | '.' = ',') {
  const flat = new Map<string, string>();
  for (const [name, value] of entries) if (typeof value === 'string') flat.set(name, value);
  const get = (name: string) => flat.get(name) ?? '';
  const rowIndexes = new Set<number>();
  for (const name of flat.keys()) {
    const m = /^goods\[(\d{1,3})\]\./.exec(name);
    if (m) rowIndexes.add(Number(m[1]));
  }
  const rows: number[] = [];
  const goodsLines: Record<string, string>[] = [];
  for (const row of [...rowIndexes].sort((a, b) => a - b)) {
    const line = Object.fromEntries(
      ['item', 'name', 'quantity', 'standard', 'expiresOn'].map((key) => [key, get(`goods[${row}].${key}`)] as const),
    );
    if (Object.values(line).every((v) => !v.trim())) continue;
    rows.push(row);
    goodsLines.push(line);
  }
  const amount = get('cash.amount');
  const input = {
    locale: get('locale') || undefined,
    organization: {
      name: get('organization.name'),
      country: get('organization.country'),
      city: get('organization.city'),
      kind: get('organization.kind'),
    },
    contact: {
      name: get('contact.name'),
      role: get('contact.role'),
      email: get('contact.email'),
      phone: get('contact.phone'),
      wechat: get('contact.wechat'),
      whatsapp: get('contact.whatsapp'),
      line: get('contact.line'),
    },
    goods: goodsLines,
    cash: amount.trim() ? { amount: normalizeAmount(amount, groupSeparator) ?? amount, currency: get('cash.currency') } : undefined,
    recipient: get('recipient'),
    availableFrom: get('availableFrom'),
    location: get('location'),
    delivery: get('delivery'),
    notes: get('notes'),
    consent: { dataProcessing: flat.has('consent.dataProcessing'), thankPublicly: flat.has('consent.thankPublicly') },
    form: { startedAt: get('startedAt'), website: get('website') },
  };
  return { input, rows };
}
