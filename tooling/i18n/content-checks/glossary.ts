import { type ConfigFile, type ConfigProblem, isRecord, isStringList, lineOf, phrasePattern, readConfig } from './config.ts';
import { insideAny, quotedTitles } from './text.ts';

/**
 * `locales/glossary.json`: one approved word per idea and language, and the variants
 * that must not be used for it ("celular", not "móvil"; ホンメン, not こうもん). Every
 * guide, story and interface string of a language is checked against its forbidden
 * variants. Terms are for the translations: a variant may be forbidden in en, es and ja
 * and fine in zh (the source) by simply not listing zh under `forbidden`.
 */

export const GLOSSARY_FILE = 'locales/glossary.json';

export interface GlossaryTerm {
  id: string;
  note: string;
  /** The form to use, per locale (for the message: "write … instead"). */
  approved: Record<string, string>;
  /** Forms not to use, per locale. */
  forbidden: Record<string, RegExp[]>;
  /** The variants as written, parallel to `forbidden`. */
  variants: Record<string, string[]>;
}

export interface Glossary {
  file?: ConfigFile;
  terms: GlossaryTerm[];
  problems: ConfigProblem[];
}

/** Reads and validates the glossary; every mistake in it is a problem with its line. */
export function readGlossary(root: string, locales: readonly string[]): Glossary {
  const file = readConfig(root, GLOSSARY_FILE);
  if (!file) return { terms: [], problems: [] };
  const problems = [...file.problems];
  const terms: GlossaryTerm[] = [];
  if (file.data === undefined) return { file, terms, problems };
  const list = isRecord(file.data) ? file.data.terms : undefined;
  if (!Array.isArray(list)) {
    problems.push({
      line: 1,
      column: 1,
      message: 'the glossary must be an object with a "terms" list: { "_comment": "…", "terms": [ … ] }',
    });
    return { file, terms, problems };
  }
  list.forEach((raw: unknown, i) => {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : '';
    const where = lineOf(file, id ? `"id": "${id}"` : '"terms"');
    const problem = (message: string) => problems.push({ ...where, message: `term ${id ? `"${id}"` : `#${i + 1}`}: ${message}` });
    if (!isRecord(raw) || !id) {
      problem('every term needs an "id" (a short name, like "mobile-phone")');
      return;
    }
    const approved = isRecord(raw.approved) ? raw.approved : {};
    const forbidden = isRecord(raw.forbidden) ? raw.forbidden : undefined;
    if (!forbidden) {
      problem('"forbidden" must map locales to lists of words, like { "es": ["móvil"] }');
      return;
    }
    const term: GlossaryTerm = { id, note: typeof raw.note === 'string' ? raw.note : '', approved: {}, forbidden: {}, variants: {} };
    const wholeWord = raw.wholeWord !== false;
    for (const [locale, form] of Object.entries(approved)) {
      if (!locales.includes(locale)) problem(`"approved" names "${locale}", which is not a locale here (${locales.join(', ')})`);
      else if (typeof form !== 'string') problem(`"approved"."${locale}" must be text`);
      else term.approved[locale] = form;
    }
    for (const [locale, words] of Object.entries(forbidden)) {
      if (!locales.includes(locale)) problem(`"forbidden" names "${locale}", which is not a locale here (${locales.join(', ')})`);
      else if (!isStringList(words) || words.some((w) => !w.trim()))
        problem(`"forbidden"."${locale}" must be a list of words, like ["móvil"]`);
      else {
        term.forbidden[locale] = words.map((w) => phrasePattern(w, wholeWord));
        term.variants[locale] = words;
      }
    }
    terms.push(term);
  });
  return { file, terms, problems };
}

export interface GlossaryFinding {
  index: number;
  text: string;
  term: GlossaryTerm;
}

/** Forbidden variants in one text of one locale, outside titles quoted in 《…》. */
export function glossaryFindings(text: string, locale: string, terms: readonly GlossaryTerm[]): GlossaryFinding[] {
  const quoted = quotedTitles(text);
  const found: GlossaryFinding[] = [];
  for (const term of terms) {
    for (const re of term.forbidden[locale] ?? []) {
      for (const m of text.matchAll(re)) {
        if (!insideAny(quoted, m.index)) found.push({ index: m.index, text: m[0], term });
      }
    }
  }
  // "teléfono móvil" and "móvil" may both be listed: one finding for one place.
  let end = -1;
  return found
    .sort((a, b) => a.index - b.index || b.text.length - a.text.length)
    .filter((f) => {
      if (f.index < end) return false;
      end = f.index + f.text.length;
      return true;
    });
}
