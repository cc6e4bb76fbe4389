import { type Locale, locales } from './config';
import { GENERATED_KEY } from './generated-key';

/** Every `locales/<lng>/<namespace>.json`, bundled at build time. */
const files = import.meta.glob<Record<string, string>>('../../locales/*/*.json', { eager: true, import: 'default' });

export type Namespace =
  | 'common'
  | 'about'
  | 'home'
  | 'errors'
  | 'content'
  | 'donate'
  | 'transparency'
  | 'translation-status'
  | 'staff'
  | 'mail'
  | 'emergency'
  | 'phrases';

export type Resources = Record<string, Record<string, Record<string, string>>>;

/** Locale → namespace → flat key → string, read from the files above. */
export const resources: Resources = {};
for (const [path, strings] of Object.entries(files)) {
  const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!match?.[1] || !match[2]) continue;
  resources[match[1]] ??= {};
  const { [GENERATED_KEY]: _origin, ...texts } = strings;
  (resources[match[1]] as Record<string, Record<string, string>>)[match[2]] = texts;
}

export const namespaces = Object.keys(resources.zh ?? {}) as Namespace[];

export function missingLocaleFolders(): Locale[] {
  return locales.filter((locale) => !resources[locale]);
}
