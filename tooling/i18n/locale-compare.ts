import { GENERATED_KEY } from '../../src/i18n/generated-key.ts';
import type { LocaleFile } from './locale-files.ts';
import { stringsOf } from './locale-files.ts';
import { type PluralCategory, pluralCategories, pluralKey, splitPluralKey } from './plural-forms.ts';

/**
 * Holding one translation file against its Chinese source. Shared by `npm run
 * i18n:check` (which reports every finding) and the status page (which counts them).
 */

export type Severity = 'error' | 'warning';

export type IssueCode =
  | 'invalid-json'
  | 'not-an-object'
  | 'not-a-string'
  | 'duplicate-key'
  | 'missing-file'
  | 'extra-file'
  | 'out-of-scope-file'
  | 'invalid-namespace-locales'
  | 'missing-locale-folder'
  | 'unconfigured-locale'
  | 'missing-key'
  | 'extra-key'
  | 'empty-value'
  | 'placeholder-mismatch'
  | 'missing-plural-form'
  | 'extra-plural-form'
  | 'undefined-key'
  | 'unused-key'
  | 'same-as-source'
  | 'stale-allowance'
  | 'orphan-translation'
  // What a translation says (tooling/i18n/content-checks/): guides, stories and strings.
  | 'number-mismatch'
  | 'glossary-term'
  | 'register'
  | 'raw-html'
  | 'unsafe-link'
  | 'simplified-chinese'
  | 'chinese-quotes'
  | 'invalid-glossary'
  | 'invalid-register'
  | 'invalid-local-examples'
  // Phrase cards (tooling/i18n/phrase-check.ts): src/data/phrases/<lng>.yaml and the pair list.
  | 'invalid-phrases'
  | 'missing-phrase'
  | 'extra-phrase'
  | 'blank-mismatch'
  | 'phrase-structure'
  | 'invalid-phrase-pair'
  // A locale made by a converter (tooling/i18n/converted-locale.ts): zh-Hant from zh.
  | 'converted-missing'
  | 'converted-stale'
  | 'converted-edited'
  | 'converted-orphan'
  | 'invalid-generated'
  | 'invalid-overrides'
  | 'unused-override';

export interface Issue {
  severity: Severity;
  code: IssueCode;
  /** Path from the project root: a locale file, or the source file that uses a key. */
  file: string;
  line?: number;
  column?: number;
  locale?: string;
  namespace?: string;
  key?: string;
  message: string;
  /** Lines of the file around the problem, for a person to see it. */
  snippet?: string[];
}

const PLACEHOLDER = /\{\{\s*-?\s*([^{}\s,]+)\s*(?:,[^{}]*)?\}\}/g;

/** `{{name}}`, `{{- html}}` and `{{value, number}}` all name one value: `name`, `html`, `value`. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();
}

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);
const quote = (names: string[]) => (names.length ? names.map((n) => `{{${n}}}`).join(' ') : 'none');
const languageName = (locale: string) => {
  try {
    return new Intl.DisplayNames('en', { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
};

/** Text with letters in it: "{{value}} 元" and "404" may rightly be the same in every language. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text.replace(PLACEHOLDER, ''));

export interface ExpectedKey {
  key: string;
  /** The source key it answers to: `items_other` for Spanish `items_many`. */
  sourceKey: string;
  plural?: { base: string; category: PluralCategory; ordinal: boolean };
}

/**
 * The keys a locale must have for one namespace: every plain source key, and for each
 * plural key in the source (`items_other`) the forms this language needs.
 */
export function expectedKeys(source: Map<string, string>, locale: string): ExpectedKey[] {
  const expected: ExpectedKey[] = [];
  const pluralBases = new Map<string, { ordinal: boolean; sourceKey: string }>();
  for (const key of source.keys()) {
    const plural = splitPluralKey(key);
    if (!plural) {
      expected.push({ key, sourceKey: key });
      continue;
    }
    const id = `${plural.ordinal ? 'o' : 'c'}:${plural.base}`;
    const known = pluralBases.get(id);
    // The source's `other` form is the one to compare against; any form will do otherwise.
    if (!known || plural.category === 'other') pluralBases.set(id, { ordinal: plural.ordinal, sourceKey: key });
  }
  for (const [id, { ordinal, sourceKey }] of pluralBases) {
    const base = id.slice(2);
    for (const category of pluralCategories(locale, ordinal)) {
      expected.push({ key: pluralKey(base, category, ordinal), sourceKey, plural: { base, category, ordinal } });
    }
  }
  return expected;
}

export interface CompareOptions {
  source: LocaleFile;
  target: LocaleFile;
  /** Keys (`namespace:key`) whose text may rightly equal the source's in this locale. */
  sameAsSourceOk?: ReadonlySet<string>;
  /** The file is made by a converter: a text it left as it was needed no change, so it is no warning. */
  converted?: boolean;
}

/** Every finding about one translated file against its source file. */
export function compareLocaleFile({ source, target, sameAsSourceOk = new Set(), converted = false }: CompareOptions): Issue[] {
  const issues: Issue[] = [];
  const { locale, namespace, file } = target;
  const at = (key: string) => target.entries.find((e) => e.key === key);
  const sourceAt = (key: string) => source.entries.find((e) => e.key === key);
  const src = stringsOf(source);
  const tgt = stringsOf(target);
  const expected = expectedKeys(src, locale);
  const expectedSet = new Set(expected.map((e) => e.key));
  const language = languageName(locale);
  const issue = (i: Omit<Issue, 'file' | 'locale' | 'namespace'>) => issues.push({ file, locale, namespace, ...i });

  for (const exp of expected) {
    const value = tgt.get(exp.key);
    const sourceText = src.get(exp.sourceKey) ?? '';
    if (value === undefined) {
      if (target.entries.some((e) => e.key === exp.key)) continue; // not a string: reported by the parser
      const ref = sourceAt(exp.sourceKey);
      if (exp.plural) {
        const forms = pluralCategories(locale, exp.plural.ordinal);
        issue({
          severity: 'error',
          code: 'missing-plural-form',
          key: exp.key,
          message: `missing plural form "${exp.key}": ${language} needs ${forms.map((f) => `_${exp.plural?.ordinal ? 'ordinal_' : ''}${f}`).join(', ')} (zh: ${source.file}:${ref?.line ?? '?'})`,
        });
      } else {
        issue({
          severity: 'error',
          code: 'missing-key',
          key: exp.key,
          message: `missing "${exp.key}" (zh: ${source.file}:${ref?.line ?? '?'} "${excerpt(sourceText)}")`,
        });
      }
      continue;
    }
    const where = at(exp.key);
    const pos = { line: where?.line, column: where?.column, key: exp.key };
    if (!value.trim()) {
      issue({
        severity: 'error',
        code: 'empty-value',
        ...pos,
        message: `"${exp.key}" is empty: translate it, or delete the line to show the fallback`,
      });
      continue;
    }
    const want = placeholdersOf(sourceText);
    const have = placeholdersOf(value);
    // A singular form may say "one item" instead of "{{count}} items".
    const optional = exp.plural && exp.plural.category !== 'other' ? new Set(['count']) : new Set<string>();
    const missing = want.filter((p) => !have.includes(p) && !optional.has(p));
    const unknown = have.filter((p) => !want.includes(p));
    if (missing.length || unknown.length) {
      const parts = [
        missing.length ? `lacks ${quote(missing)}` : '',
        unknown.length ? `has ${quote(unknown)}, which zh does not give it` : '',
      ].filter(Boolean);
      issue({
        severity: 'error',
        code: 'placeholder-mismatch',
        ...pos,
        message: `"${exp.key}" ${parts.join(' and ')}; zh uses ${quote(want)}. Copy {{…}} exactly as in zh, untranslated`,
      });
    }
    if (value === sourceText && hasWords(value) && !converted && !sameAsSourceOk.has(`${namespace}:${exp.key}`)) {
      issue({
        severity: 'warning',
        code: 'same-as-source',
        ...pos,
        message: `"${exp.key}" is the same as zh ("${excerpt(value)}"): not translated yet? If it is right as it is, list "${namespace}:${exp.key}" under "${locale}" in locales/same-as-source.json`,
      });
    }
  }

  const sourcePluralBases = new Set([...src.keys()].map((k) => splitPluralKey(k)).map((p) => p && `${p.ordinal}:${p.base}`));
  for (const entry of target.entries) {
    if (expectedSet.has(entry.key) || entry.key === GENERATED_KEY) continue;
    const plural = splitPluralKey(entry.key);
    if (plural && sourcePluralBases.has(`${plural.ordinal}:${plural.base}`)) {
      // i18next looks up `_zero` for a count of 0 in any language: optional, never extra.
      if (plural.category === 'zero' && !plural.ordinal) continue;
      issue({
        severity: 'error',
        code: 'extra-plural-form',
        key: entry.key,
        line: entry.line,
        column: entry.column,
        message: `"${entry.key}" is a plural form ${language} does not use (it needs ${pluralCategories(locale, plural.ordinal)
          .map((c) => `_${plural.ordinal ? 'ordinal_' : ''}${c}`)
          .join(', ')}): delete it`,
      });
      continue;
    }
    issue({
      severity: 'error',
      code: 'extra-key',
      key: entry.key,
      line: entry.line,
      column: entry.column,
      message: `"${entry.key}" is not in zh (${source.file}): a typo in the key, or a key zh has since removed`,
    });
  }
  return issues;
}

/** Empty values and missing plural forms in the source itself. */
export function checkSourceFile(source: LocaleFile): Issue[] {
  const issues: Issue[] = [];
  const src = stringsOf(source);
  for (const exp of expectedKeys(src, source.locale)) {
    if (exp.plural && !src.has(exp.key)) {
      const ref = source.entries.find((e) => e.key === exp.sourceKey);
      issues.push({
        severity: 'error',
        code: 'missing-plural-form',
        file: source.file,
        locale: source.locale,
        namespace: source.namespace,
        key: exp.key,
        line: ref?.line,
        column: ref?.column,
        message: `plural key "${exp.plural.base}" needs "${exp.key}" in the source language`,
      });
    }
  }
  for (const entry of source.entries) {
    if (typeof entry.value === 'string' && !entry.value.trim()) {
      issues.push({
        severity: 'error',
        code: 'empty-value',
        file: source.file,
        locale: source.locale,
        namespace: source.namespace,
        key: entry.key,
        line: entry.line,
        column: entry.column,
        message: `"${entry.key}" is empty in the source language`,
      });
    }
  }
  return issues;
}

export interface Coverage {
  /** Strings this locale must have across all namespaces (plural forms counted one by one). */
  total: number;
  /** Of those, present and not empty. */
  translated: number;
  /** 0–100, rounded down so 99.6 % never shows as 100 %. */
  percent: number;
}

/** Interface coverage of one locale: how many of the strings it needs it has. */
export function interfaceCoverage(locale: string, pairs: { source: LocaleFile; target?: LocaleFile }[]): Coverage {
  let total = 0;
  let translated = 0;
  for (const { source, target } of pairs) {
    const tgt = target ? stringsOf(target) : new Map<string, string>();
    for (const exp of expectedKeys(stringsOf(source), locale)) {
      total++;
      if (tgt.get(exp.key)?.trim()) translated++;
    }
  }
  return { total, translated, percent: total === 0 ? 100 : Math.floor((translated * 100) / total) };
}
