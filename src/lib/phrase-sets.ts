import { z } from 'zod';

/**
 * Phrase cards for the doctor, as data (docs/decisions/125-phrase-cards.md): one file per
 * language, `src/data/phrases/<locale>.yaml`, with the same cards and phrase ids as the
 * Chinese source, and the pairs the site shows in `src/data/phrase-pairs.json`.
 *
 * This module is the one definition of both: the site's content collection parses the
 * files with `phraseSetSchema`, and `npm run i18n:check` (tooling/i18n/phrase-check.ts)
 * runs the same schema and the same completeness checks on them. It imports nothing but
 * zod, so the checker can load it without a bundler.
 */

/** A blank the patient fills in: three or more underscores in the text, a line on the page. */
export const BLANK = /_{3,}/g;

/** The text around the blanks: `a ___ b` → `['a ', ' b']`, one more part than blanks. */
export function splitBlanks(text: string): string[] {
  return text.split(BLANK);
}

export const blankCount = (text: string) => splitBlanks(text).length - 1;

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and hyphens, like see-doctor');

const reviewEntry = z
  .object({
    /** A role, as the operator publishes it, never a person's name: "Public-health volunteer editor". */
    by: z.string().trim().min(1).max(80),
    on: z.coerce.date(),
  })
  .strict();

const source = z
  .object({
    title: z.string().trim().min(1),
    publisher: z.string().trim().min(1),
    url: z.url({ protocol: /^https?$/ }),
    accessed: z.coerce.date(),
  })
  .strict();

const card = z
  .object({
    id,
    /** The card's heading in this language. */
    title: z.string().trim().min(1).max(60),
    /** A line for the reader of this language, under the heading (facts here cite `sources`). */
    note: z.string().trim().min(1).max(300).optional(),
    /** Which of `sources` (1 = the first) the card was checked against. */
    cite: z.array(z.number().int().min(1)).optional(),
    /** Phrase id → what the patient says, in this language. */
    phrases: z.record(id, z.string().trim().min(1).max(200)).refine((p) => Object.keys(p).length > 0, 'at least one phrase'),
  })
  .strict();

export const phraseSetSchema = z
  .object({
    /**
     * Who checked this file, and when, as the guides say it: the health facts against
     * the sources, and the language by a fluent reader. Each language file has its own.
     */
    review: z.object({ facts: reviewEntry, language: reviewEntry }).strict(),
    // Like a guide's: what a phrase or a note implies must be traceable.
    sources: z.array(source).min(1),
    cards: z.array(card).min(1),
  })
  .strict()
  .superRefine((set, ctx) => {
    const cards = new Set<string>();
    const phrases = new Map<string, string>();
    set.cards.forEach((c, i) => {
      if (cards.has(c.id)) ctx.addIssue({ code: 'custom', path: ['cards', i, 'id'], message: `card "${c.id}" twice` });
      cards.add(c.id);
      for (const p of Object.keys(c.phrases)) {
        const other = phrases.get(p);
        if (other) ctx.addIssue({ code: 'custom', path: ['cards', i, 'phrases', p], message: `phrase "${p}" is also in card "${other}"` });
        phrases.set(p, c.id);
      }
      c.cite?.forEach((n, k) => {
        if (n > set.sources.length)
          ctx.addIssue({
            code: 'custom',
            path: ['cards', i, 'cite', k],
            message: `there is no source ${n} (${set.sources.length} listed)`,
          });
      });
    });
  });

export type PhraseSet = z.infer<typeof phraseSetSchema>;
export type PhraseCard = PhraseSet['cards'][number];

const code = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'a locale code of src/i18n/config.ts, like es or zh-Hant');

export const phrasePairsSchema = z
  .object({
    _comment: z.string().optional(),
    /** Two locales each: the pages /{a}/phrases/{b}/ and /{b}/phrases/{a}/. */
    pairs: z.array(z.tuple([code, code])).min(1),
  })
  .strict();

export type PhrasePair = readonly [string, string];

/** One page per direction, in the order of the pairs: readers of `reader` see `shown` large. */
export function phraseDirections(pairs: readonly PhrasePair[]): { reader: string; shown: string }[] {
  return pairs.flatMap(([a, b]) => [
    { reader: a, shown: b },
    { reader: b, shown: a },
  ]);
}

export type PhraseProblemCode = 'missing-phrase' | 'extra-phrase' | 'blank-mismatch' | 'phrase-structure' | 'invalid-phrase-pair';

export interface PhraseProblem {
  code: PhraseProblemCode;
  /** The language file the problem is in (`pairs` for the pair list). */
  locale: string;
  /** Where in that file, as a path into the parsed data (`['cards', 2, 'phrases', 'fever']`). */
  path: (string | number)[];
  message: string;
}

/** What the completeness checks read of a set: the schema's output, or anything shaped like it. */
export interface PhraseSetShape {
  sources: readonly { url: string }[];
  cards: readonly { id: string; cite?: readonly number[] | undefined; phrases: Readonly<Record<string, string>> }[];
}

/**
 * Every language against the source: the same cards, the same phrase ids in each card,
 * as many blanks in each phrase, the same sources in the same order and the same
 * citations (so `[2]` is one source in every language). A set lacking a phrase would
 * show a card with a hole in it to a doctor; an extra one would be shown in one
 * language only.
 */
export function phraseSetProblems(sets: ReadonlyMap<string, PhraseSetShape>, sourceLocale: string): PhraseProblem[] {
  const source = sets.get(sourceLocale);
  if (!source) {
    return [
      {
        code: 'phrase-structure',
        locale: sourceLocale,
        path: [],
        message: `there is no ${sourceLocale} phrase set: every other language is checked against it`,
      },
    ];
  }
  const problems: PhraseProblem[] = [];
  for (const [locale, set] of sets) {
    if (locale === sourceLocale) continue;
    const problem = (code: PhraseProblemCode, path: (string | number)[], message: string) => problems.push({ code, locale, path, message });
    const cards = new Map(set.cards.map((c, i) => [c.id, { card: c, index: i }]));
    for (const want of source.cards) {
      const have = cards.get(want.id);
      for (const [phrase, text] of Object.entries(want.phrases)) {
        const found = have?.card.phrases[phrase];
        if (found === undefined) {
          problem(
            'missing-phrase',
            have ? ['cards', have.index, 'phrases'] : ['cards'],
            `missing phrase "${phrase}" in card "${want.id}" (${sourceLocale}: "${text}")${have ? '' : `: there is no card "${want.id}"`}`,
          );
        } else if (blankCount(found) !== blankCount(text)) {
          problem(
            'blank-mismatch',
            ['cards', have?.index ?? 0, 'phrases', phrase],
            `"${phrase}" has ${blankCount(found)} blank(s) ___ and ${sourceLocale} has ${blankCount(text)} ("${text}"): the patient fills in the same things in every language`,
          );
        }
      }
      if (have && JSON.stringify(have.card.cite ?? []) !== JSON.stringify(want.cite ?? [])) {
        problem(
          'phrase-structure',
          ['cards', have.index, 'cite'],
          `card "${want.id}" cites [${(have.card.cite ?? []).join(', ')}], ${sourceLocale} cites [${(want.cite ?? []).join(', ')}]: keep the citations as they are`,
        );
      }
    }
    const sourceCards = new Map(source.cards.map((c) => [c.id, c]));
    set.cards.forEach((card, i) => {
      const want = sourceCards.get(card.id);
      for (const phrase of Object.keys(card.phrases)) {
        if (want && phrase in want.phrases) continue;
        problem(
          'extra-phrase',
          ['cards', i, 'phrases', phrase],
          want
            ? `phrase "${phrase}" is not in card "${card.id}" in ${sourceLocale}: a typo in the id, or a phrase ${sourceLocale} has in another card or has removed`
            : `card "${card.id}" is not in ${sourceLocale}, so neither is its phrase "${phrase}": a typo in the card's id, or a card ${sourceLocale} has removed`,
        );
      }
    });
    const urls = source.sources.map((s) => s.url);
    if (set.sources.length !== urls.length) {
      problem(
        'phrase-structure',
        ['sources'],
        `${set.sources.length} sources, ${sourceLocale} has ${urls.length}: keep the same sources in the same order`,
      );
    } else {
      set.sources.forEach((s, i) => {
        if (s.url !== urls[i])
          problem(
            'phrase-structure',
            ['sources', i, 'url'],
            `source ${i + 1} is ${s.url}, ${sourceLocale} has ${urls[i]}: keep the same sources in the same order`,
          );
      });
    }
  }
  return problems;
}

/**
 * The pair list against the languages: each pair two different configured locales, each
 * with a phrase set, and no pair twice (in either order).
 */
export function phrasePairProblems(
  pairs: readonly PhrasePair[],
  configured: readonly string[],
  withSets: readonly string[],
): PhraseProblem[] {
  const problems: PhraseProblem[] = [];
  const seen = new Set<string>();
  pairs.forEach((pair, i) => {
    const problem = (message: string) => problems.push({ code: 'invalid-phrase-pair', locale: 'pairs', path: ['pairs', i], message });
    const [a, b] = pair;
    if (a === b) problem(`[${a}, ${b}]: a pair needs two different languages`);
    for (const l of pair) {
      if (!configured.includes(l)) problem(`"${l}" is not a language of the site (src/i18n/config.ts: ${configured.join(', ')})`);
      else if (!withSets.includes(l)) problem(`"${l}" has no phrase set: add src/data/phrases/${l}.yaml first`);
    }
    const key = [a, b].sort().join('|');
    if (seen.has(key)) problem(`[${a}, ${b}] is listed twice`);
    seen.add(key);
  });
  return problems;
}
