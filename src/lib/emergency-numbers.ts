import { z } from 'zod';
import file from '../data/emergency-numbers.json';
import { isCountryCode } from './countries';

/**
 * Emergency numbers by country, as data: `src/data/emergency-numbers.json`, checked here
 * when the site is built (a bad entry stops the build) and by tests/unit/emergency-numbers.test.ts.
 * Labels are in `locales/<lng>/emergency.json`; country names come from Intl.DisplayNames.
 */

/** Where a number works only in part: labels are `where.<id>` in the `emergency` namespace. */
export const numberScopes = ['mobile', 'someAreas', 'buenosAiresArea', 'touristPolice'] as const;
/** Country-wide remarks: labels are `note.<id>`. They carry no digits, so no translation can get one wrong. */
export const noteIds = ['variesByRegion', 'askForService', 'redirectsToGeneral'] as const;
/** The services a country entry can list, in the order a page shows them. */
export const services = ['general', 'ambulance', 'police', 'fire'] as const;

export type NumberScope = (typeof numberScopes)[number];
export type NoteId = (typeof noteIds)[number];
export type Service = (typeof services)[number];

/** As dialled inside the country: digits and spaces (and + or - where a source writes them). */
export const DIALLED = /^[0-9 +-]+$/;

const dialled = z.string().trim().min(2).max(20).regex(DIALLED, 'digits and spaces only, as dialled locally');

const phoneNumber = z.union([dialled, z.object({ number: dialled, where: z.enum(numberScopes) }).strict()]);

const numberList = z.array(phoneNumber).min(1);

const isoDate = z.iso.date();

const lang = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]+)?$/, 'a BCP 47 language tag, like es or zh-Hans');

const source = z
  .object({
    title: z.string().min(1),
    /** The language of the title: a Japanese title on the Chinese page still gets Japanese glyphs. */
    lang,
    publisher: z.string().min(1),
    url: z.url({ protocol: /^https?$/ }),
    accessed: isoDate,
  })
  .strict();

const crisisLine = z
  .object({
    /** The line's own name, in its own language: readers search for it by that name. */
    name: z.string().min(1).max(100),
    lang,
    numbers: numberList,
  })
  .strict();

export const countryEntrySchema = z
  .object({
    country: z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 code, like AR'),
    general: numberList.optional(),
    ambulance: numberList.optional(),
    police: numberList.optional(),
    fire: numberList.optional(),
    crisis: z.array(crisisLine).min(1).optional(),
    notes: z.array(z.enum(noteIds)).optional(),
    sources: z.array(source).min(1),
  })
  .strict()
  // Leaving a field out is how we say "not confirmed"; an entry with nothing at all is a mistake.
  .refine((c) => services.some((s) => c[s]) || c.crisis, { message: 'at least one number' })
  // Readers on a hostile network need at least one source they can open safely.
  .refine((c) => c.sources.some((s) => s.url.startsWith('https://')), { message: 'at least one source with an https address' });

export const emergencyNumbersSchema = z
  .object({
    /** The day every number was last checked against its sources. */
    checked: isoDate,
    countries: z.array(countryEntrySchema).min(1),
  })
  .strict()
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    data.countries.forEach((c, i) => {
      if (seen.has(c.country)) ctx.addIssue({ code: 'custom', path: ['countries', i, 'country'], message: `${c.country} twice` });
      seen.add(c.country);
    });
  });

export type EmergencyNumbers = z.infer<typeof emergencyNumbersSchema>;
export type CountryEntry = z.infer<typeof countryEntrySchema>;
export type PhoneNumber = z.infer<typeof phoneNumber>;

/** Parsed once, at import: the build fails here, naming the entry, if the file is wrong. */
export const emergencyNumbers: EmergencyNumbers = emergencyNumbersSchema.parse(file);

/** A number and where it works, whichever way the file wrote it. */
export function readNumber(entry: PhoneNumber): { number: string; where?: NumberScope } {
  return typeof entry === 'string' ? { number: entry } : entry;
}

/** `tel:` address for a number as written locally: `0800 111 0 111` → `tel:08001110111`. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^0-9+]/g, '')}`;
}

/**
 * A country's services grouped by the numbers they share, in page order: Japan's
 * ambulance and fire service are one row (119), the police another (110). A group that
 * includes the general number is labelled as that alone: "911", not "911 for everything,
 * the ambulance, the police and fire".
 */
export function groupServices(entry: CountryEntry): { services: Service[]; numbers: PhoneNumber[] }[] {
  const groups = new Map<string, { services: Service[]; numbers: PhoneNumber[] }>();
  for (const service of services) {
    const numbers = entry[service];
    if (!numbers) continue;
    const key = JSON.stringify(numbers);
    const group = groups.get(key);
    if (group) group.services.push(service);
    else groups.set(key, { services: [service], numbers });
  }
  return [...groups.values()].map((g) => (g.services.includes('general') ? { ...g, services: ['general'] } : g));
}

/** The entries with their names in the reader's language, sorted as that language sorts. */
export function countriesByName(intlLocale: string, entries: readonly CountryEntry[] = emergencyNumbers.countries) {
  const names = new Intl.DisplayNames(intlLocale, { type: 'region' });
  const collator = new Intl.Collator(intlLocale);
  return entries
    .map((entry) => ({ entry, name: names.of(entry.country) ?? entry.country }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
