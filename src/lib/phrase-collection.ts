import { getCollection } from 'astro:content';
import { defaultLocale, isLocale, type Locale, locales } from '../i18n/config';
import { phrasePairs } from './phrase-pairs';
import { type PhraseSet, phrasePairProblems, phraseSetProblems } from './phrase-sets';

/** Collection ids are lower-cased file names (`zh-hant`): the locale code each stands for. */
function localeOf(id: string): Locale {
  const locale = isLocale(id) ? id : locales.find((l) => l.toLowerCase() === id.toLowerCase());
  if (!locale) throw new Error(`src/data/phrases/${id}.yaml: "${id}" is not a language of the site (src/i18n/config.ts)`);
  return locale;
}

async function load(): Promise<Map<Locale, PhraseSet>> {
  const sets = new Map<Locale, PhraseSet>();
  for (const entry of await getCollection('phrases')) sets.set(localeOf(entry.id), entry.data);
  const problems = [...phraseSetProblems(sets, defaultLocale), ...phrasePairProblems(phrasePairs, locales, [...sets.keys()])];
  // The findings of `npm run i18n:check`, which also gives their lines: a set with a hole in it is not built.
  if (problems.length) {
    throw new Error(
      `Phrase sets are incomplete (npm run i18n:check gives the lines):\n${problems.map((p) => `  ${p.locale}: ${p.message}`).join('\n')}`,
    );
  }
  return sets;
}

let loaded: Promise<Map<Locale, PhraseSet>> | undefined;

/**
 * Every language's phrase set (src/data/phrases/<locale>.yaml), each parsed by the
 * collection's schema and all held against the Chinese, once per build.
 */
export function phraseSets(): Promise<Map<Locale, PhraseSet>> {
  loaded ??= load();
  return loaded;
}
