import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type FileChange, fileHistory, type HistoryInfo, isBehind, stringHistory } from './file-history.ts';
import { type Coverage, expectedKeys, interfaceCoverage } from './locale-compare.ts';
import { parseLocaleJson, stringsOf } from './locale-files.ts';
import { type LocaleSetup, namespaceIsIn, readLocaleProject, readNamespaceLocales } from './locale-project.ts';

/**
 * What is left to translate, per locale: interface strings (coverage in percent, and
 * which ones changed in Chinese after they were translated) and every guide and story (complete, missing, or outdated because the Chinese changed
 * after the translation last did). One module for `npm run i18n:status` and the
 * `/{lng}/translation-status/` page, so the two never disagree.
 */

export type ContentState = 'complete' | 'outdated' | 'missing' | 'unknown';

export interface ContentFile extends FileChange {
  file: string;
}

export interface ContentItem {
  collection: string;
  slug: string;
  /** Title in the source language, from the front matter. */
  title: string;
  state: ContentState;
  source: ContentFile;
  translation?: ContentFile & { title: string };
}

export interface NamespaceCoverage extends Coverage {
  namespace: string;
  /** Keys (with plural forms) this locale still lacks. */
  missing: string[];
  /** Keys whose Chinese text changed after this locale's text last did. */
  outdated: string[];
}

export interface LocaleStatus {
  locale: string;
  /** `outdated`: strings translated, but changed in the source since. */
  interface: Coverage & { outdated: number; namespaces: NamespaceCoverage[] };
  content: Record<ContentState, number> & { total: number; items: ContentItem[] };
}

export interface TranslationStatus {
  sourceLocale: string;
  history: HistoryInfo;
  /** Collections under `src/content/` that have a source-language folder. */
  collections: { name: string; count: number }[];
  /** Namespaces translated into some locales only, with those locales: not counted for the others. */
  namespaceLocales: Record<string, string[]>;
  locales: LocaleStatus[];
}

const CONTENT_DIR = 'src/content';
const CONTENT_FILE = /\.(md|mdx|markdown)$/;

const dirs = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(path.join(dir, n)).isDirectory()) : [];

/** `slug` → file name, for one collection in one locale. */
function entries(root: string, collection: string, locale: string): Map<string, string> {
  const dir = path.join(root, CONTENT_DIR, collection, locale);
  const map = new Map<string, string>();
  if (!existsSync(dir)) return map;
  for (const name of readdirSync(dir).sort()) if (CONTENT_FILE.test(name)) map.set(name.replace(CONTENT_FILE, ''), name);
  return map;
}

/** The `title:` of a Markdown file's front matter, unquoted; the slug when there is none. */
export function frontMatterTitle(text: string, fallback: string): string {
  const front = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const raw = /^title:\s*(.+?)\s*$/m.exec(front)?.[1];
  if (!raw) return fallback;
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
}

export interface StatusOptions extends LocaleSetup {
  root: string;
}

export function translationStatus({ root, sourceLocale, configured }: StatusOptions): TranslationStatus {
  const project = readLocaleProject(root, { sourceLocale, configured });
  const { limited } = readNamespaceLocales(root);
  const targets = (configured ?? project.locales).filter((l) => l !== sourceLocale);
  const history = fileHistory(root, [CONTENT_DIR]);
  const strings = stringHistory(root, 'locales', (text) => {
    const parsed = parseLocaleJson(text);
    return parsed.syntaxError ? undefined : stringsOf(parsed);
  });
  const changesOf = (locale: string, ns: string) => strings.files.get(`locales/${locale}/${ns}.json`);
  const collections = dirs(path.join(root, CONTENT_DIR))
    .filter((c) => existsSync(path.join(root, CONTENT_DIR, c, sourceLocale)))
    .sort();
  const sources = new Map(collections.map((c) => [c, entries(root, c, sourceLocale)]));
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

  const locales = targets.map((locale): LocaleStatus => {
    const namespaces = project.namespaces.flatMap((ns): NamespaceCoverage[] => {
      const source = project.files.get(`${sourceLocale}/${ns}`);
      if (!source || !namespaceIsIn(limited, ns, locale)) return [];
      const target = project.files.get(`${locale}/${ns}`);
      const have = target ? stringsOf(target) : new Map<string, string>();
      const expected = expectedKeys(stringsOf(source), locale);
      const missing = expected.map((e) => e.key).filter((k) => !have.get(k)?.trim());
      const sourceChanges = changesOf(sourceLocale, ns);
      const targetChanges = changesOf(locale, ns);
      const outdated = expected
        .filter((e) => have.get(e.key)?.trim() && isBehind(sourceChanges?.get(e.sourceKey), targetChanges?.get(e.key)) === true)
        .map((e) => e.key);
      return [{ namespace: ns, missing, outdated, ...interfaceCoverage(locale, [{ source, target }]) }];
    });
    const total = namespaces.reduce((n, c) => n + c.total, 0);
    const translated = namespaces.reduce((n, c) => n + c.translated, 0);

    const items: ContentItem[] = [];
    for (const collection of collections) {
      const translations = entries(root, collection, locale);
      for (const [slug, name] of sources.get(collection) ?? []) {
        const sourceFile = `${CONTENT_DIR}/${collection}/${sourceLocale}/${name}`;
        const source = { file: sourceFile, ...history.files.get(sourceFile) };
        const title = frontMatterTitle(read(sourceFile), slug);
        const translatedName = translations.get(slug);
        if (!translatedName) {
          items.push({ collection, slug, title, state: 'missing', source });
          continue;
        }
        const file = `${CONTENT_DIR}/${collection}/${locale}/${translatedName}`;
        const translation = { file, title: frontMatterTitle(read(file), slug), ...history.files.get(file) };
        const behind = isBehind(source, translation);
        items.push({
          collection,
          slug,
          title,
          state: behind === undefined ? 'unknown' : behind ? 'outdated' : 'complete',
          source,
          translation,
        });
      }
    }
    const count = (state: ContentState) => items.filter((i) => i.state === state).length;
    return {
      locale,
      interface: {
        total,
        translated,
        percent: total === 0 ? 100 : Math.floor((translated * 100) / total),
        outdated: namespaces.reduce((n, c) => n + c.outdated.length, 0),
        namespaces,
      },
      content: {
        total: items.length,
        complete: count('complete'),
        outdated: count('outdated'),
        missing: count('missing'),
        unknown: count('unknown'),
        items,
      },
    };
  });

  return {
    sourceLocale,
    history: history.info,
    collections: collections.map((name) => ({ name, count: sources.get(name)?.size ?? 0 })),
    namespaceLocales: Object.fromEntries(limited),
    locales,
  };
}

/** What history cannot tell, in words for a person (English; the page has its own translations). */
export function historyNote(info: HistoryInfo): string | undefined {
  if (!info.available)
    return 'No git history here (not a git checkout, or git is not installed): a translation that exists is shown as "unknown", since nothing tells whether zh changed after it.';
  if (info.shallow)
    return `Shallow clone: history starts at ${info.since?.slice(0, 10) ?? 'an unknown date'}. A file that has not changed since then shows that date as "no later than"; when both the zh file and its translation are that old, whether the translation is outdated is unknown. Run \`git fetch --unshallow\` for the full answer.`;
  return undefined;
}
