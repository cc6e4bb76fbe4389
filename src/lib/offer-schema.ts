import * as z from 'zod/mini';
import { type Locale, locales } from '../i18n/config';
import { type Cash, cash } from './cash-field';
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
import {
  accepts,
  checkbox,
  choice,
  country,
  date,
  describing,
  email,
  group,
  isBlank,
  optionalText,
  phone,
  quantity,
  report,
  text,
} from './field-rules';
import type { PhoneReader } from './phone';
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

const formMeta = accepts(
  z.transform<unknown, { startedAt?: number; website?: string }>((input) => {
    if (!input || typeof input !== 'object') return {};
    const { startedAt, website } = input as { startedAt?: unknown; website?: unknown };
    const started = typeof startedAt === 'string' ? Number(startedAt) : startedAt;
    return {
      ...(typeof started === 'number' && Number.isFinite(started) ? { startedAt: started } : {}),
      ...(typeof website === 'string' ? { website } : {}),
    };
  }),
  describing && {
    type: 'object',
    description: 'What the HTML form adds against scripted submissions; other clients leave it out.',
    properties: { startedAt: { type: ['integer', 'string'] }, website: { type: 'string' } },
  },
);

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
    reference: accepts(
      z.transform<unknown, string>((input, ctx) => {
        if (isBlank(input)) {
          report(ctx, input, 'required');
          return '';
        }
        const reference = typeof input === 'string' ? normalizeReference(input) : undefined;
        if (reference) return reference;
        report(ctx, input, 'reference');
        return '';
      }),
      describing && { type: 'string', maxLength: 20, description: 'As the donor has it: `TX-4K7M-Q9PD`.', 'x-required': true },
    ),
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
