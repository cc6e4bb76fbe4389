import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConvertedFrom } from '../../src/i18n/config.ts';
import type { ConvertedLocale } from './converted-locale.ts';
import { type LocaleFile, localeFolders, namespacesOf, parseLocaleJson, readLocaleFile } from './locale-files.ts';

/**
 * The translation files of a project (the real one, or a test fixture): which locales
 * it is configured for, which namespaces the source language has, and every file
 * parsed. Nothing here names a language or a namespace; they are discovered.
 */

export interface LocaleSetup {
  /** The source language: zh in this project. */
  sourceLocale: string;
  /** Locales in `src/i18n/config.ts`, in its order; undefined when the root has no config (fixtures). */
  configured?: string[];
  /** Locales made from another by OpenCC (`convertedFrom` in the config): zh-Hant from zh. */
  converted?: ConvertedLocale[];
}

/** Reads `src/i18n/config.ts` under `root` (a data-only module) when there is one. */
export async function loadLocaleSetup(root: string): Promise<LocaleSetup> {
  const file = path.join(root, 'src/i18n/config.ts');
  if (!existsSync(file)) return { sourceLocale: 'zh' };
  const config = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    localeConfig: Record<string, { convertedFrom?: ConvertedFrom }>;
    defaultLocale: string;
  };
  const converted = Object.entries(config.localeConfig).flatMap(([locale, c]) =>
    c.convertedFrom ? [{ locale, from: c.convertedFrom.locale, opencc: c.convertedFrom.opencc }] : [],
  );
  return { sourceLocale: config.defaultLocale, configured: Object.keys(config.localeConfig), converted };
}

export interface LocaleProject {
  root: string;
  sourceLocale: string;
  configured?: string[];
  /** Every locale to look at: configured ones first, then folders not (yet) configured. */
  locales: string[];
  /** Namespaces of the source language. */
  namespaces: string[];
  /** `<locale>/<namespace>` → the parsed file, for files that exist. */
  files: Map<string, LocaleFile>;
  /** Namespaces each locale has a file for, including ones the source does not have. */
  namespacesByLocale: Map<string, string[]>;
}

export function readLocaleProject(root: string, setup: LocaleSetup): LocaleProject {
  const folders = localeFolders(root);
  const locales = [...new Set([...(setup.configured ?? [setup.sourceLocale]), ...folders])];
  const files = new Map<string, LocaleFile>();
  const namespacesByLocale = new Map<string, string[]>();
  for (const locale of locales) {
    const names = namespacesOf(root, locale);
    namespacesByLocale.set(locale, names);
    for (const ns of names) files.set(`${locale}/${ns}`, readLocaleFile(root, locale, ns));
  }
  return {
    root,
    sourceLocale: setup.sourceLocale,
    configured: setup.configured,
    locales,
    namespaces: namespacesByLocale.get(setup.sourceLocale) ?? [],
    files,
    namespacesByLocale,
  };
}

export const SAME_AS_SOURCE_FILE = 'locales/same-as-source.json';

/**
 * `locales/same-as-source.json`: per locale, the `namespace:key`s whose text is rightly
 * the same as the Chinese (`"ja": ["home:figures.cashUnit"]` — 元 is the word in both).
 * `"*"` applies to every locale; keys starting with `_` are comments.
 */
export function readSameAsSource(root: string): { allowed: Map<string, Set<string>>; file?: LocaleFile } {
  const full = path.join(root, SAME_AS_SOURCE_FILE);
  const allowed = new Map<string, Set<string>>();
  if (!existsSync(full)) return { allowed };
  const parsed = parseLocaleJson(readFileSync(full, 'utf8'));
  const file: LocaleFile = { ...parsed, locale: '', namespace: '', file: SAME_AS_SOURCE_FILE };
  for (const entry of parsed.entries) {
    if (entry.key.startsWith('_') || !Array.isArray(entry.value)) continue;
    allowed.set(entry.key, new Set(entry.value.filter((v): v is string => typeof v === 'string')));
  }
  return { allowed, file };
}

export function sameAsSourceFor(allowed: Map<string, Set<string>>, locale: string): Set<string> {
  return new Set([...(allowed.get('*') ?? []), ...(allowed.get(locale) ?? [])]);
}

export const NAMESPACE_LOCALES_FILE = 'locales/namespace-locales.json';

/**
 * `locales/namespace-locales.json`: namespaces translated into some locales only, each
 * with the list of those locales, the source among them (`"staff": ["zh", "en"]`: the
 * staff workspace speaks the staff's languages). A namespace not named here is in every
 * locale. Keys starting with `_` are comments; `{}` limits nothing. Only lists of
 * strings are read here: `npm run i18n:check` reports anything else in the file.
 */
export function readNamespaceLocales(root: string): { limited: Map<string, string[]>; file?: LocaleFile } {
  const full = path.join(root, NAMESPACE_LOCALES_FILE);
  const limited = new Map<string, string[]>();
  if (!existsSync(full)) return { limited };
  const parsed = parseLocaleJson(readFileSync(full, 'utf8'));
  const file: LocaleFile = { ...parsed, locale: '', namespace: '', file: NAMESPACE_LOCALES_FILE };
  for (const entry of parsed.entries) {
    if (entry.key.startsWith('_') || !Array.isArray(entry.value)) continue;
    limited.set(
      entry.key,
      entry.value.filter((v): v is string => typeof v === 'string'),
    );
  }
  return { limited, file };
}

/** Whether `locale` should have `namespace`: yes, unless the namespace is limited to other locales. */
export function namespaceIsIn(limited: ReadonlyMap<string, readonly string[]>, namespace: string, locale: string): boolean {
  return limited.get(namespace)?.includes(locale) ?? true;
}
