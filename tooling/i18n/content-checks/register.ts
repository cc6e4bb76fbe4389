import { type ConfigFile, type ConfigProblem, isRecord, isStringList, lineOf, phrasePattern, readConfig } from './config.ts';
import { insideAny, quotedTitles } from './text.ts';

/**
 * `locales/register.json`: how a language addresses the reader, and the forms that break
 * it. Spanish uses usted everywhere, so the informal tú (tú, te, tu, puedes, lávate…) is
 * an error. Each rule comes with the usted form, which the message suggests.
 *
 * Three kinds of rule, from surest to least sure:
 * - `forbidden`: words that are only ever informal (tienes, contigo, lávate);
 * - `patterns`: shapes of informal verbs (an imperative or infinitive with -te attached:
 *   ánclate, protegerte), with the words of `allow` that only look like one (límite,
 *   parte, inerte);
 * - `atSentenceStart`: imperatives that are also the third person ("usa" is "use!" and
 *   "he uses"), reported only where a command stands: at the start of a sentence, a list
 *   item, a heading or a table cell.
 *
 * The phrases of `allow` (`llama la atención`, `Tu Youyou`) are never reported, whatever
 * rule their words meet.
 */

export const REGISTER_FILE = 'locales/register.json';

export interface RegisterRule {
  /** `usted`: the address the language uses, for the message. */
  address: string;
  note: string;
  forbidden: Map<string, string>;
  atSentenceStart: Map<string, string>;
  patterns: { re: RegExp; hint: string }[];
  /** Words that only look like a pattern (`límite`, `parte`). */
  allowWords: Set<string>;
  /** Phrases in which a listed word is not the informal form (`llama la atención`, `Tu Youyou`). */
  allowPhrases: RegExp[];
}

export interface Register {
  file?: ConfigFile;
  rules: Map<string, RegisterRule>;
  problems: ConfigProblem[];
}

const lowerMap = (v: unknown) =>
  new Map(Object.entries(isRecord(v) ? v : {}).map(([word, instead]) => [word.toLowerCase(), String(instead)] as const));

export function readRegister(root: string, locales: readonly string[]): Register {
  const file = readConfig(root, REGISTER_FILE);
  const rules = new Map<string, RegisterRule>();
  if (!file) return { rules, problems: [] };
  const problems = [...file.problems];
  if (!isRecord(file.data)) {
    if (file.data !== undefined) problems.push({ line: 1, column: 1, message: 'the register file must be an object: { "es": { … } }' });
    return { file, rules, problems };
  }
  for (const [locale, raw] of Object.entries(file.data)) {
    if (locale.startsWith('_')) continue;
    const where = lineOf(file, `"${locale}":`);
    const problem = (message: string) => problems.push({ ...where, message: `"${locale}": ${message}` });
    if (!locales.includes(locale)) {
      problem(`not a locale here (${locales.join(', ')})`);
      continue;
    }
    if (!isRecord(raw)) {
      problem('must be an object with "address", "forbidden", "atSentenceStart", "patterns" and "allow"');
      continue;
    }
    const patterns: RegisterRule['patterns'] = [];
    for (const p of Array.isArray(raw.patterns) ? raw.patterns : []) {
      if (!isRecord(p) || typeof p.regex !== 'string') {
        problem('each of "patterns" needs a "regex" and a "hint"');
        continue;
      }
      try {
        // Whole words only: the pattern describes one word.
        patterns.push({ re: new RegExp(`^(?:${p.regex})$`, 'iu'), hint: String(p.hint ?? '') });
      } catch (err) {
        problem(`the pattern ${JSON.stringify(p.regex)} is not a valid regular expression (${err instanceof Error ? err.message : err})`);
      }
    }
    if (raw.allow !== undefined && !isStringList(raw.allow)) problem('"allow" must be a list of words and phrases');
    const allow = isStringList(raw.allow) ? raw.allow.map((a) => a.trim()) : [];
    rules.set(locale, {
      address: String(raw.address ?? ''),
      note: String(raw.note ?? ''),
      forbidden: lowerMap(raw.forbidden),
      atSentenceStart: lowerMap(raw.atSentenceStart),
      patterns,
      allowWords: new Set(allow.filter((a) => !/\s/.test(a)).map((a) => a.toLowerCase())),
      allowPhrases: allow.filter((a) => /\s/.test(a)).map((a) => phrasePattern(a)),
    });
  }
  return { file, rules, problems };
}

export interface RegisterFinding {
  index: number;
  word: string;
  /** The form to use instead, or a hint for a pattern. */
  instead: string;
}

/**
 * Where a command stands: after the end of a sentence, a colon or a semicolon, or an
 * opening ¡ « “ (. Not after ¿: "¿Busca algo?" asks with usted. At the very start of a
 * text (a list item, a heading, a table cell) only when capitalised: a list item in lower
 * case goes on from the sentence before it ("puede ser un rumor si: - usa palabras
 * alarmantes"), where the third person is as likely as a command.
 */
const AFTER_PUNCTUATION = /(?:[.!?…]["'»”’)]*|[:;])\s+$|[¡«“(]\s*$/u;
const AT_START = /(?:^|\n)\s*$/;

function standsAsCommand(text: string, index: number, word: string): boolean {
  // A lone word is a label (a table heading "Pregunta"), not a command.
  if (!text.slice(index + word.length).trim()) return false;
  const before = text.slice(0, index);
  if (AFTER_PUNCTUATION.test(before)) return true;
  return AT_START.test(before) && word[0] !== word[0]?.toLowerCase();
}

/** Informal forms in one text of a language with a register rule. */
export function registerFindings(text: string, rule: RegisterRule): RegisterFinding[] {
  const quoted = quotedTitles(text);
  const allowed: [number, number][] = [];
  for (const re of rule.allowPhrases) for (const m of text.matchAll(re)) allowed.push([m.index, m.index + m[0].length]);
  const found: RegisterFinding[] = [];
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const word = m[0];
    // TE, TI, TU in capitals are abbreviations (TI: tecnologías de la información).
    if (word.length > 1 && word === word.toUpperCase()) continue;
    if (insideAny(quoted, m.index) || insideAny(allowed, m.index)) continue;
    const lower = word.toLowerCase();
    let instead = rule.forbidden.get(lower);
    if (instead === undefined && rule.atSentenceStart.has(lower) && standsAsCommand(text, m.index, word)) {
      instead = rule.atSentenceStart.get(lower);
    }
    if (instead === undefined && !rule.allowWords.has(lower)) instead = rule.patterns.find((p) => p.re.test(word))?.hint;
    if (instead !== undefined) found.push({ index: m.index, word, instead });
  }
  return found;
}
