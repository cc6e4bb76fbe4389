/**
 * Plural keys as i18next 27 names them: `items_one`, `items_other`, and for ordinals
 * `place_ordinal_two`. Which forms a language needs comes from the same
 * `Intl.PluralRules` data i18next uses at run time, so the check and the site agree.
 */

const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof CATEGORIES)[number];

const SUFFIX = new RegExp(`^(.+?)_(ordinal_)?(${CATEGORIES.join('|')})$`);

export interface PluralKey {
  /** The key the code passes to `t()`: `items` for `items_one`. */
  base: string;
  category: PluralCategory;
  ordinal: boolean;
}

/** `items_many` → { base: 'items', category: 'many' }; a key without a plural suffix → undefined. */
export function splitPluralKey(key: string): PluralKey | undefined {
  const m = SUFFIX.exec(key);
  if (!m?.[1] || !m[3]) return undefined;
  return { base: m[1], category: m[3] as PluralCategory, ordinal: Boolean(m[2]) };
}

export function pluralKey(base: string, category: PluralCategory, ordinal = false): string {
  return `${base}_${ordinal ? 'ordinal_' : ''}${category}`;
}

/**
 * The plural forms a language needs: Spanish `one, many, other`, English `one, other`,
 * Chinese and Japanese `other`. The locale code is what i18next passes to Intl too.
 */
export function pluralCategories(locale: string, ordinal = false): PluralCategory[] {
  const categories = new Intl.PluralRules(locale, { type: ordinal ? 'ordinal' : 'cardinal' }).resolvedOptions().pluralCategories;
  return CATEGORIES.filter((c) => (categories as readonly string[]).includes(c));
}
