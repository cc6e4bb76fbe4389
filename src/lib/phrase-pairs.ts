import pairsFile from '../data/phrase-pairs.json';
import { type Locale, locales } from '../i18n/config';
import { phraseDirections, phrasePairProblems, phrasePairsSchema } from './phrase-sets';

/**
 * Which phrase-card pages exist (docs/decisions/125-phrase-cards.md), from
 * src/data/phrase-pairs.json alone: a pair is two pages, so a new language is an entry
 * there and a file, not code. No content is loaded here: the footer of every page, the
 * on-demand 404 among them, asks `hasPhrases`.
 */

const pairs = phrasePairsSchema.parse(pairsFile).pairs;
// Bad configuration stops the build here, naming the pair (whether each language has a
// set is checked where the sets are loaded: src/lib/phrase-collection.ts).
const problems = phrasePairProblems(pairs, locales, locales);
if (problems.length) throw new Error(`src/data/phrase-pairs.json: ${problems.map((p) => p.message).join('; ')}`);

export const phrasePairs = pairs;

/** Every phrase page, `/{reader}/phrases/{shown}/`, in the pairs' order. */
export const phrasePages = phraseDirections(pairs) as { reader: Locale; shown: Locale }[];

/** The languages shown large to readers of `reader`, in the pairs' order. */
export function phrasesFor(reader: Locale): Locale[] {
  return phrasePages.filter((p) => p.reader === reader).map((p) => p.shown);
}

/** Readers who have phrase pages, and so a list of them at `/{lng}/phrases/`. */
export const phraseReaders: Locale[] = locales.filter((l) => phrasesFor(l).length > 0);

export const hasPhrases = (locale: Locale) => phraseReaders.includes(locale);
