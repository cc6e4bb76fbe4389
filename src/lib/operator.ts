import { z } from 'astro/zod';
import operatorFile from '../../config/operator.json';
import { defaultLocale, type Locale } from '../i18n/config';
import { readEmail } from './email';

/**
 * Who runs this deployment: one file, `config/operator.json`, translated per locale.
 * The About page, the footer, the home page and the privacy notice read it from here,
 * so another organisation runs the portal by replacing that file, not by editing pages.
 * A copy nobody has taken responsibility for says so (`demo: true`) and asks readers
 * not to send real personal data.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

const localizedSchema = z
  .object({
    name: text(120),
    description: text(1200),
    /** The jurisdiction whose data-protection law applies to donors' data: "Argentina (Ley 25.326)". */
    jurisdiction: text(300).optional(),
    /** A postal address, as it is written in this language. */
    address: text(300).optional(),
  })
  .strict();

const contactSchema = z
  .object({
    email: z
      .string()
      .transform((value, ctx) => {
        const email = readEmail(value);
        if (!email) ctx.addIssue({ code: 'custom', message: 'contact.email must be an email address, like privacy@example.org' });
        return email ?? value;
      })
      .optional(),
    url: z.url({ protocol: /^https$/, error: 'contact.url must be an https:// address' }).optional(),
  })
  .strict();

export const operatorSchema = z
  .object({
    _comment: z.string().optional(),
    demo: z.boolean().default(false),
    contact: contactSchema,
    locales: z.record(z.string(), localizedSchema),
  })
  .strict()
  .superRefine((operator, ctx) => {
    if (!operator.locales[defaultLocale]) {
      ctx.addIssue({
        code: 'custom',
        path: ['locales', defaultLocale],
        message: `the ${defaultLocale} text is required: other languages fall back to it`,
      });
    }
    if (operator.demo) return;
    // Someone the public can reach, under a law they can name: what a real operator owes its donors.
    if (!operator.contact.email)
      ctx.addIssue({ code: 'custom', path: ['contact', 'email'], message: 'an operator must give a contact email' });
    for (const [locale, localized] of Object.entries(operator.locales)) {
      if (!localized.jurisdiction) {
        ctx.addIssue({ code: 'custom', path: ['locales', locale, 'jurisdiction'], message: 'say whose data-protection law applies' });
      }
    }
  });

export type OperatorFile = z.infer<typeof operatorSchema>;

export interface Operator {
  demo: boolean;
  email: string | undefined;
  url: string | undefined;
  name: string;
  description: string;
  jurisdiction: string | undefined;
  address: string | undefined;
  /** The locale the text is in: the reader's, or the source language when not translated. */
  textLocale: Locale;
}

/** Reads and checks an operator file; a mistake names the field, for the person who edited it. */
export function parseOperator(input: unknown, file = 'config/operator.json'): OperatorFile {
  const parsed = operatorSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`${file} is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The operator as a reader of `locale` sees it. */
export function operatorIn(operator: OperatorFile, locale: Locale): Operator {
  const own = operator.locales[locale];
  const localized = own ?? (operator.locales[defaultLocale] as z.infer<typeof localizedSchema>);
  return {
    demo: operator.demo,
    email: operator.contact.email,
    url: operator.contact.url,
    ...localized,
    jurisdiction: localized.jurisdiction,
    address: localized.address,
    textLocale: own ? locale : defaultLocale,
  };
}

const configured = parseOperator(operatorFile);

/** This deployment's operator, in the reader's language. */
export function operatorFor(locale: Locale): Operator {
  return operatorIn(configured, locale);
}
