import { z } from 'astro/zod';

/** Who a guide is written for. Labels live in `locales/<lng>/content.json` (`audience.<id>`). */
export const audiences = ['everyone', 'students_abroad', 'older_carers', 'community_groups'] as const;
/** What a guide is about. Labels: `topic.<id>`. */
export const topics = ['hygiene', 'masks', 'home', 'symptoms', 'students', 'older_people', 'mental_health', 'travel'] as const;
/** The outreach series a story belongs to. Labels: `series.<id>.name`. */
export const series = ['with-you', 'overseas-chinese', 'united', 'far-from-home', 'back-to-work'] as const;

export type Audience = (typeof audiences)[number];
export type Topic = (typeof topics)[number];
export type Series = (typeof series)[number];

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, like AR');

const pendingLocales = z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z]+)?$/)).default([]);

const source = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }).optional(),
  accessed: z.coerce.date().optional(),
});

const reviewEntry = z
  .object({
    /** A name or role, as the operator publishes it: "Public-health volunteer editor". */
    by: z.string().min(1).max(80),
    on: z.coerce.date(),
  })
  .strict();

/**
 * On a file made by a converter (`npm run i18n:hant` makes zh-Hant from zh): from which
 * locale, with which tool, hashes of the source and of the overrides it used (so
 * `npm run i18n:check` can tell a stale file), and whether a fluent reader has read it
 * since. Until then the page says the text was converted by machine.
 */
const generated = z
  .object({
    from: z.string().min(1),
    tool: z.string().min(1),
    source: z.string().regex(/^[0-9a-f]{16}$/),
    overrides: z.string().regex(/^(?:[0-9a-f]{16}|none)$/),
    reviewed: z.union([z.literal(false), reviewEntry]),
  })
  .strict();

export const guideSchema = z
  .object({
    title: z.string().min(1).max(120),
    summary: z.string().min(1).max(300),
    audience: z.array(z.enum(audiences)).min(1),
    topics: z.array(z.enum(topics)).min(1),
    /**
     * Who checked this guide, and when, in this language: the health facts against the
     * sources below, and the language by a fluent reader. Each file carries its own
     * dates, so a guide edited later shows a later review, not one date for all.
     */
    review: z
      .object({
        facts: reviewEntry,
        /** Left out of a converted file: its language review is `generated.reviewed`. */
        language: reviewEntry.optional(),
      })
      .strict(),
    generated: generated.optional(),
    /** Show the table of emergency numbers by country (src/data/emergency-numbers.json) after the text. */
    emergencyNumbers: z.boolean().default(false),
    order: z.number().int().min(0),
    // Health advice must be traceable: every guide source has an address and a date.
    sources: z.array(source.required({ url: true, accessed: true })).min(1),
    /** On the source (zh) entry: locales whose translation is knowingly not there yet. */
    pendingTranslations: pendingLocales,
  })
  .strict()
  .refine((g) => g.review.language || g.generated, {
    path: ['review', 'language'],
    message: 'who read this language, and when (a file made by a converter says so in generated.reviewed instead)',
  });

export const storySchema = z
  .object({
    title: z.string().min(1).max(120),
    summary: z.string().min(1).max(300),
    date: z.coerce.date(),
    series: z.enum(series),
    /** Where it happened: one country code (AR), or several when the source names several ([AR, JP]). */
    place: z.object({
      country: z.union([countryCode, z.array(countryCode).min(1)]).transform((c) => (Array.isArray(c) ? c : [c])),
      city: z.string().default(''),
    }),
    sources: z.array(source).min(1),
    pendingTranslations: pendingLocales,
    generated: generated.optional(),
  })
  .strict();

export type GuideData = z.infer<typeof guideSchema>;
export type StoryData = z.infer<typeof storySchema>;
