import { type CollectionEntry, getCollection } from 'astro:content';
import { defaultLocale, isLocale, type Locale, localeConfig, locales } from '../i18n/config';

export type CollectionName = 'guides' | 'stories';

/**
 * `en/masks` → `{ locale: 'en', slug: 'masks' }`. Astro's glob loader lower-cases ids,
 * so the folder `zh-Hant/` arrives as `zh-hant/`: match locale codes case-insensitively.
 */
export function splitEntryId(id: string): { locale: Locale; slug: string } {
  const [first = '', ...rest] = id.split('/');
  const locale = isLocale(first) ? first : locales.find((l) => l.toLowerCase() === first.toLowerCase());
  if (!locale || rest.length !== 1) throw new Error(`Content entry "${id}" is not <locale>/<slug>`);
  return { locale, slug: rest[0] as string };
}

/**
 * One page of a collection as a reader of `locale` sees it: the translation when it
 * exists, otherwise the Chinese source with `translated: false` so the page can say so.
 */
export interface LocalizedEntry<C extends CollectionName> {
  slug: string;
  locale: Locale;
  entry: CollectionEntry<C>;
  /** Is `entry` in the reader's language? */
  translated: boolean;
  /** Every locale this entry really exists in. */
  translations: Locale[];
}

const cache = new Map<string, Promise<LocalizedEntry<CollectionName>[]>>();

async function load<C extends CollectionName>(collection: C, locale: Locale): Promise<LocalizedEntry<C>[]> {
  const all = (await getCollection(collection)) as CollectionEntry<C>[];
  const bySlug = new Map<string, Map<Locale, CollectionEntry<C>>>();
  for (const entry of all) {
    const { locale: l, slug } = splitEntryId(entry.id);
    if (!bySlug.has(slug)) bySlug.set(slug, new Map());
    bySlug.get(slug)?.set(l, entry);
  }
  const result: LocalizedEntry<C>[] = [];
  for (const [slug, variants] of bySlug) {
    const source = variants.get(defaultLocale);
    if (!source) throw new Error(`${collection}/${slug}: there is no ${defaultLocale} source for this entry`);
    const own = variants.get(locale);
    result.push({
      slug,
      locale,
      entry: own ?? source,
      translated: Boolean(own),
      translations: locales.filter((l) => variants.has(l)),
    });
  }
  return result;
}

/** Every entry of a collection for one locale, translated or falling back to Chinese. */
export function localizedEntries<C extends CollectionName>(collection: C, locale: Locale): Promise<LocalizedEntry<C>[]> {
  const key = `${collection}:${locale}`;
  if (!cache.has(key)) cache.set(key, load(collection, locale) as Promise<LocalizedEntry<CollectionName>[]>);
  return cache.get(key) as Promise<LocalizedEntry<C>[]>;
}

export async function sortedGuides(locale: Locale) {
  return (await localizedEntries('guides', locale)).sort((a, b) => a.entry.data.order - b.entry.data.order);
}

export async function sortedStories(locale: Locale) {
  return (await localizedEntries('stories', locale)).sort(
    (a, b) => b.entry.data.date.getTime() - a.entry.data.date.getTime() || a.slug.localeCompare(b.slug),
  );
}

/**
 * The `getStaticPaths` of a collection's entry pages: every entry in every locale, with
 * the whole collection in that locale, from which the page picks related entries.
 */
export async function entryPaths<C extends CollectionName>(sorted: (locale: Locale) => Promise<LocalizedEntry<C>[]>) {
  const paths = [];
  for (const lang of locales) {
    const all = await sorted(lang);
    for (const item of all) paths.push({ params: { lang, slug: item.slug }, props: { item, all } });
  }
  return paths;
}

/** The language of an entry's text when it is the Chinese source shown in place of a translation. */
export function fallbackLang(item: LocalizedEntry<CollectionName>): string | undefined {
  return item.translated ? undefined : localeConfig[defaultLocale].htmlLang;
}

/** A guide's or story's converter mark (`generated` in the front matter), if it was made by one. */
type Generated = NonNullable<CollectionEntry<CollectionName>['data']['generated']>;

/**
 * The page shows text a converter made and nobody has read since (`generated.reviewed:
 * false`): it says so, and links the original. Undefined for a translation people wrote,
 * a reviewed conversion, or the Chinese original shown as a fallback (which has its own notice).
 */
export function unreviewedConversion(item: LocalizedEntry<CollectionName>): Generated | undefined {
  const generated = item.translated ? item.entry.data.generated : undefined;
  return generated && generated.reviewed === false ? generated : undefined;
}

/** Who read a guide's language and when: its translator's reviewer, or the reviewer of its conversion. */
export function languageReview(data: CollectionEntry<'guides'>['data']): { by: string; on: Date } | undefined {
  return data.review.language ?? (data.generated?.reviewed || undefined);
}
