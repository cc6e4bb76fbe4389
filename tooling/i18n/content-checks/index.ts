import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Issue } from '../locale-compare.ts';
import type { LocaleFile } from '../locale-files.ts';
import { namespaceIsIn } from '../locale-project.ts';
import { PHRASES_DIR } from '../phrase-check.ts';
import { splitPluralKey } from '../plural-forms.ts';
import { type ConfigProblem, lineOf } from './config.ts';
import { GLOSSARY_FILE, type GlossaryTerm, glossaryFindings, readGlossary } from './glossary.ts';
import { japaneseScriptFindings } from './ja-script.ts';
import { LOCAL_EXAMPLES_FILE, readLocalExamples } from './local-examples.ts';
import { type FoundNumber, inSource, numbersIn, sourceReadings } from './numbers.ts';
import { markupFindings } from './raw-html.ts';
import { REGISTER_FILE, type RegisterRule, readRegister, registerFindings } from './register.ts';
import { frontMatterText, isChineseColumn, type Located, localeStrings, markdownText, phraseSetText, type TextSegment } from './text.ts';

/**
 * The content checks of `npm run i18n:check`: what a translation says, not only whether
 * its keys are there. Guides and stories (src/content/<collection>/<lng>/<slug>.md, front
 * matter and body) and interface strings (locales/<lng>/<ns>.json) are read once into
 * prose segments (text.ts), and each check looks at those:
 *
 * - number-mismatch: a figure the Chinese source does not have (numbers.ts);
 * - glossary-term: a word locales/glossary.json forbids in that language (glossary.ts);
 * - register: the informal tú in Spanish, per locales/register.json (register.ts);
 * - raw-html / unsafe-link: what the build refuses in Markdown (raw-html.ts);
 * - simplified-chinese / chinese-quotes: Chinese script in Japanese text (ja-script.ts).
 */

export const CONTENT_CODES = [
  'number-mismatch',
  'glossary-term',
  'register',
  'raw-html',
  'unsafe-link',
  'simplified-chinese',
  'chinese-quotes',
] as const satisfies readonly Issue['code'][];

interface ContentFile {
  collection: string;
  locale: string;
  slug: string;
  /** Path from the project root. */
  file: string;
  /** The path its Chinese original has (whether or not it exists). */
  original: (sourceLocale: string) => string;
  segments: TextSegment[];
  html: Located[];
  links: Located[];
}

/**
 * Every src/content/<collection>/<locale>/<slug>.md, read into prose segments, and every
 * phrase set src/data/phrases/<locale>.yaml (docs/decisions/125-phrase-cards.md): what
 * patients show a doctor is read like a guide.
 */
function readContent(root: string): ContentFile[] {
  const content = path.join(root, 'src/content');
  const dirs = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => statSync(path.join(dir, n)).isDirectory())
          .sort()
      : [];
  const files: ContentFile[] = [];
  for (const collection of dirs(content)) {
    for (const locale of dirs(path.join(content, collection))) {
      for (const name of readdirSync(path.join(content, collection, locale)).sort()) {
        if (!/\.(md|markdown)$/.test(name)) continue;
        const file = `src/content/${collection}/${locale}/${name}`;
        const source = readFileSync(path.join(root, file), 'utf8');
        const body = markdownText(source);
        const slug = name.replace(/\.[^.]+$/, '');
        files.push({
          collection,
          locale,
          slug,
          file,
          original: (zh) => `src/content/${collection}/${zh}/${slug}.md`,
          segments: [...frontMatterText(source), ...body.segments],
          html: body.html,
          links: body.links,
        });
      }
    }
  }
  const phrases = path.join(root, PHRASES_DIR);
  for (const name of existsSync(phrases) ? readdirSync(phrases).sort() : []) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = `${PHRASES_DIR}/${name}`;
    files.push({
      collection: 'phrases',
      locale: name.replace(/\.ya?ml$/, ''),
      slug: 'phrases',
      file,
      original: (zh) => `${PHRASES_DIR}/${zh}${path.extname(name)}`,
      segments: phraseSetText(readFileSync(path.join(phrases, name), 'utf8')),
      html: [],
      links: [],
    });
  }
  return files;
}

export interface ContentCheckOptions {
  root: string;
  sourceLocale: string;
  locales: readonly string[];
  /** Interface files by `<locale>/<namespace>`, as read by readLocaleProject. */
  files: ReadonlyMap<string, LocaleFile>;
  /** Namespaces limited to some locales (locales/namespace-locales.json). */
  limited: ReadonlyMap<string, readonly string[]>;
}

const excerpt = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 50 ? `${t.slice(0, 49)}…` : t;
};

/** "3.746 million" (read as 3746000): the reading shown when it is not the written digits. */
function describeNumber(n: FoundNumber): string {
  const digits = n.text.replace(/[^\d]/g, '');
  const readings = n.readings.filter((r) => !r.startsWith('tel:') && r.replace(/\D/g, '') !== digits);
  return readings.length === n.readings.length && readings.length ? `${n.text} (read as ${readings.join(' or ')})` : n.text;
}

/** The words-level checks every text of a locale goes through, whatever file it is in. */
function wordIssues(
  segment: TextSegment,
  locale: string,
  terms: readonly GlossaryTerm[],
  register: RegisterRule | undefined,
  base: Omit<Issue, 'severity' | 'code' | 'message'>,
): Issue[] {
  const issues: Issue[] = [];
  // A source's title is quoted as published, in whatever language and words it has; a
  // column headed 中文 is Chinese shown as such (a phrase card for a doctor).
  if (segment.citation || isChineseColumn(segment)) return issues;
  const at = (index: number) => ({ ...base, ...segment.at(index), severity: 'error' as const });
  for (const f of glossaryFindings(segment.text, locale, terms)) {
    const approved = f.term.approved[locale];
    issues.push({
      ...at(f.index),
      code: 'glossary-term',
      message: `"${f.text}": ${approved ? `write ${approved} instead` : 'not to be used here'} (locales/glossary.json, term "${f.term.id}"${f.term.note ? `: ${f.term.note}` : ''})`,
    });
  }
  if (register) {
    for (const f of registerFindings(segment.text, register)) {
      issues.push({
        ...at(f.index),
        code: 'register',
        message: `"${f.word}" speaks to the reader as tú: this site says ${register.address} (${f.instead}) (locales/register.json)`,
      });
    }
  }
  if (locale === 'ja' || locale.startsWith('ja-')) {
    for (const f of japaneseScriptFindings(segment.text)) {
      issues.push(
        f.kind === 'simplified'
          ? {
              ...at(f.index),
              code: 'simplified-chinese',
              message: `"${f.text}" has simplified Chinese characters: write ${f.instead} in Japanese (a Chinese title quoted exactly as published goes in 《…》)`,
            }
          : {
              ...at(f.index),
              code: 'chinese-quotes',
              message: `${f.text} uses Chinese quotation marks “ ”: Japanese quotes with 「…」, and 『…』 inside a quotation`,
            },
      );
    }
  }
  return issues;
}

function configIssues(file: string, problems: readonly ConfigProblem[], code: Issue['code']): Issue[] {
  return problems.map((p) => ({ severity: 'error', code, file, line: p.line, column: p.column, message: p.message }));
}

export function checkContent(options: ContentCheckOptions): Issue[] {
  const { root, sourceLocale, files, limited } = options;
  const content = readContent(root);
  // Locales with interface files or with articles: a glossary may speak of either.
  const locales = [...new Set([...options.locales, ...content.map((f) => f.locale)])];
  const glossary = readGlossary(root, locales);
  const register = readRegister(root, locales);
  const localExamples = readLocalExamples(root);
  const issues: Issue[] = [
    ...configIssues(GLOSSARY_FILE, glossary.problems, 'invalid-glossary'),
    ...configIssues(REGISTER_FILE, register.problems, 'invalid-register'),
    ...configIssues(LOCAL_EXAMPLES_FILE, localExamples.problems, 'invalid-local-examples'),
  ];

  /* Guides and stories. */
  const sources = new Map<string, Set<string>>();
  for (const f of content) {
    if (f.locale !== sourceLocale) continue;
    const readings = new Set<string>();
    for (const s of f.segments) sourceReadings(s.text, readings);
    sources.set(`${f.collection}/${f.slug}`, readings);
  }
  for (const f of content) {
    const base = { file: f.file, locale: f.locale };
    for (const m of markupFindings(f.html, f.links)) {
      issues.push(
        m.kind === 'html'
          ? {
              ...base,
              line: m.line,
              column: m.column,
              severity: 'error',
              code: 'raw-html',
              message: `raw HTML ${m.value}: guides and stories are Markdown only, and the build refuses tags and comments. Write it in Markdown (**bold**, [link](https://…), lists, tables), or delete it`,
            }
          : {
              ...base,
              line: m.line,
              column: m.column,
              severity: 'error',
              code: 'unsafe-link',
              message: `a link to "${m.scheme}:" (${m.value}): links may only go to https://, mailto: and tel: addresses or to pages of the site; the build refuses others`,
            },
      );
    }
    for (const s of f.segments) issues.push(...wordIssues(s, f.locale, glossary.terms, register.rules.get(f.locale), base));
    if (f.locale === sourceLocale) continue;
    const source = sources.get(`${f.collection}/${f.slug}`);
    if (!source) continue; // no original: orphan-translation says so
    const zhFile = f.original(sourceLocale);
    for (const s of f.segments) {
      for (const n of numbersIn(s.text)) {
        if (inSource(n, source)) continue;
        issues.push({
          ...base,
          ...s.at(n.index),
          severity: 'error',
          code: 'number-mismatch',
          message: `the number ${describeNumber(n)} is not in the Chinese original ${zhFile}: write the figure the Chinese has (in your language's style), or have it added to the Chinese first if it is a new fact`,
        });
      }
    }
  }

  /* Interface strings. */
  for (const file of files.values()) {
    const { locale, namespace } = file;
    if (file.syntaxError || !namespaceIsIn(limited, namespace, locale)) continue;
    const zh = locale === sourceLocale ? undefined : files.get(`${sourceLocale}/${namespace}`);
    const zhStrings = new Map<string, string>();
    for (const e of zh?.entries ?? []) if (typeof e.value === 'string') zhStrings.set(e.key, e.value);
    for (const { key, segment } of localeStrings(root, file)) {
      const base = { file: file.file, locale, namespace, key };
      issues.push(...wordIssues(segment, locale, glossary.terms, register.rules.get(locale), base));
      if (!zh) continue;
      // A plural form answers to every form of its key in Chinese (items_many to items_other).
      const plural = splitPluralKey(key);
      const zhTexts = plural
        ? [...zhStrings].filter(([k]) => {
            const p = splitPluralKey(k);
            return p && p.base === plural.base && p.ordinal === plural.ordinal;
          })
        : zhStrings.has(key)
          ? [[key, zhStrings.get(key) as string]]
          : [];
      if (!zhTexts.length) continue; // not in zh: extra-key says so
      // A phone example in the reader's own format (locales/local-examples.json).
      if (localExamples.keys.has(`${namespace}:${plural ? plural.base : key}`)) continue;
      const readings = new Set<string>();
      for (const [, text] of zhTexts) sourceReadings(text as string, readings);
      for (const n of numbersIn(segment.text)) {
        if (inSource(n, readings)) continue;
        const zhText = (zhTexts[0] as [string, string])[1];
        issues.push({
          ...base,
          ...segment.at(n.index),
          severity: 'error',
          code: 'number-mismatch',
          message: `the number ${describeNumber(n)} in "${key}" is not in its Chinese text ("${excerpt(zhText)}"): write the figure the Chinese has, or have it added to the Chinese first`,
        });
      }
    }
  }
  // An allowance for a key that is gone would silently cover the next string given its name.
  const zhKeys = new Set<string>();
  for (const file of files.values()) {
    if (file.locale !== sourceLocale) continue;
    for (const e of file.entries ?? []) zhKeys.add(`${file.namespace}:${splitPluralKey(e.key)?.base ?? e.key}`);
  }
  for (const key of localExamples.keys.keys()) {
    if (zhKeys.has(key) || !localExamples.config) continue;
    issues.push({
      severity: 'error',
      code: 'stale-allowance',
      file: LOCAL_EXAMPLES_FILE,
      ...lineOf(localExamples.config, `"${key}"`),
      message: `"${key}" is not a key of the Chinese strings any more: remove it from ${LOCAL_EXAMPLES_FILE}`,
    });
  }
  return issues;
}
