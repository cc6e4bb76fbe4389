import * as z from 'zod';
import { locales } from '../../src/i18n/config';
import { createOfferSchema, lookupSchema } from '../../src/lib/offer-schema';
import { readPhone } from '../../src/lib/phone-rules';
import { type Example, named } from './operation';

/**
 * What the public routes take: the donation form's own schema (src/lib/offer-schema.ts),
 * with the full phone rules the browser leaves to the server, and examples a partner can
 * send as they are.
 */

export const offerInput = named('OfferInput', createOfferSchema(readPhone));
export const lookupInput = named('LookupInput', lookupSchema);

export const offerExamples: Record<string, Example> = {
  goods: {
    summary: 'Goods, from an association in Argentina (Spanish)',
    value: {
      locale: 'es',
      organization: { name: 'Asociación China de Buenos Aires', country: 'AR', city: 'Buenos Aires', kind: 'association' },
      contact: { name: 'Lin Wei', email: 'lin.wei@example.org', phone: '+54 11 5555 0100' },
      goods: [{ item: 'surgical_mask', quantity: 300000 }],
      recipient: 'fujian_hospitals',
      delivery: 'donor_ships',
      consent: { dataProcessing: true, thankPublicly: true },
    },
  },
  cash: {
    summary: 'Cash in yen, from a chamber of commerce in Japan (Japanese)',
    value: {
      locale: 'ja',
      organization: { name: '東京福建商会', country: 'JP', kind: 'chamber_of_commerce' },
      contact: { name: '陳明', email: 'chen@example.jp' },
      goods: [],
      cash: { amount: '500000', currency: 'JPY' },
      recipient: 'organisers_decide',
      delivery: 'undecided',
      consent: { dataProcessing: true },
    },
  },
};

export const lookupExamples: Record<string, Example> = {
  byEmail: { summary: 'By email', value: { locale: 'zh', reference: 'TX-4K7M-Q9PD', email: 'lin.wei@example.org' } },
  byPhone: { summary: 'By phone', value: { locale: 'en', reference: 'TX-4K7M-Q9PD', phone: '+54 11 5555 0100' } },
};

export const localeQuery = z.object({
  locale: z.enum(locales).optional().meta({ description: 'The language of the names; else the cookie’s or Accept-Language’s.' }),
});

export const nextQuery = z.object({
  next: z.string().max(512).optional().meta({ description: 'The page to go on to, a path on the portal: `/es/guides/`.' }),
});
