import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Document, isNode, parseDocument } from 'yaml';
import {
  type PhraseProblem,
  type PhraseSetShape,
  phrasePairProblems,
  phrasePairsSchema,
  phraseSetProblems,
  phraseSetSchema,
} from '../../src/lib/phrase-sets.ts';
import type { Issue, IssueCode } from './locale-compare.ts';
import { type Position, positionsOf } from './locale-files.ts';

/**
 * The phrase cards in `npm run i18n:check` (docs/decisions/125-phrase-cards.md): every
 * src/data/phrases/<locale>.yaml read with the schema the site builds with, then held
 * against the Chinese with the same functions (src/lib/phrase-sets.ts): a phrase missing
 * or extra, blanks that differ, sources or citations changed, a pair naming a language
 * without a set. Each finding with its line, which the build's error cannot give.
 */

export const PHRASES_DIR = 'src/data/phrases';
export const PHRASE_PAIRS_FILE = 'src/data/phrase-pairs.json';

export interface PhraseFile {
  /** The locale its name says (`es` for es.yaml). */
  locale: string;
  /** Path from the project root. */
  file: string;
  text: string;
  doc: Document;
  /** The parsed set, when it matches the schema. */
  data?: PhraseSetShape;
}

/** Every src/data/phrases/<locale>.yaml under `root`, sorted; none when the folder is absent. */
export function readPhraseFiles(root: string): PhraseFile[] {
  const dir = path.join(root, PHRASES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((name) => {
      const file = `${PHRASES_DIR}/${name}`;
      const text = readFileSync(path.join(dir, name), 'utf8').replace(/^\uFEFF/, '');
      return { locale: name.replace(/\.ya?ml$/, ''), file, text, doc: parseDocument(text, { uniqueKeys: true }) };
    });
}

/** Where a data path is in a YAML file: the node itself, or the nearest one above it that exists. */
function locate(file: PhraseFile, at: (string | number)[]): Position {
  const position = positionsOf(file.text);
  for (let n = at.length; n >= 0; n--) {
    const node = file.doc.getIn(at.slice(0, n), true);
    if (isNode(node) && node.range) return position(node.range[0]);
  }
  return { line: 1, column: 1 };
}

const codeOf = (p: PhraseProblem): IssueCode => p.code;

export interface PhraseCheckOptions {
  root: string;
  sourceLocale: string;
  /** Locales of src/i18n/config.ts; undefined for a fixture without one (then every file's locale counts). */
  configured?: readonly string[];
}

export function checkPhrases({ root, sourceLocale, configured }: PhraseCheckOptions): Issue[] {
  const files = readPhraseFiles(root);
  const pairsPath = path.join(root, PHRASE_PAIRS_FILE);
  if (!files.length && !existsSync(pairsPath)) return [];
  const issues: Issue[] = [];
  const locales = configured ?? files.map((f) => f.locale);

  for (const file of files) {
    const base = { file: file.file, locale: file.locale };
    if (file.doc.errors.length) {
      for (const e of file.doc.errors) {
        const [line, column] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
        issues.push({
          ...base,
          line,
          column,
          severity: 'error',
          code: 'invalid-phrases',
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    if (!locales.includes(file.locale)) {
      issues.push({
        ...base,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'invalid-phrases',
        message: `"${file.locale}" is not a language of the site (src/i18n/config.ts: ${locales.join(', ')}): the file name must be a locale code`,
      });
      continue;
    }
    const parsed = phraseSetSchema.safeParse(file.doc.toJS());
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        issues.push({
          ...base,
          ...locate(file, at),
          severity: 'error',
          code: 'invalid-phrases',
          message: `${at.length ? `${at.join('.')}: ` : ''}${issue.message}`,
        });
      }
      continue;
    }
    file.data = parsed.data;
  }

  const sets = new Map(files.filter((f) => f.data).map((f) => [f.locale, f.data as PhraseSetShape]));
  const broken = files.some((f) => !f.data);
  // A set that does not parse has been reported; comparing it too would only repeat that.
  if (sets.size && (sets.has(sourceLocale) || !broken)) {
    for (const problem of phraseSetProblems(sets, sourceLocale)) {
      const file = files.find((f) => f.locale === problem.locale);
      issues.push({
        file: file?.file ?? `${PHRASES_DIR}/${problem.locale}.yaml`,
        locale: problem.locale,
        ...(file ? locate(file, problem.path) : {}),
        severity: 'error',
        code: codeOf(problem),
        message: problem.message,
      });
    }
  }

  if (existsSync(pairsPath)) {
    const text = readFileSync(pairsPath, 'utf8');
    /** A problem with the pair list as a whole, reported at its first line. */
    const listIssue = (message: string): Issue => ({
      file: PHRASE_PAIRS_FILE,
      line: 1,
      column: 1,
      severity: 'error',
      code: 'invalid-phrase-pair',
      message,
    });
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      issues.push(listIssue(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`));
      return issues;
    }
    const parsed = phrasePairsSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(listIssue(`${issue.path.map(String).join('.')}: ${issue.message}`));
      return issues;
    }
    // Each pair's line: the n-th ["a", "b"] in the file.
    const position = positionsOf(text);
    const pairAt = [...text.matchAll(/\[\s*"[^"]*"\s*,\s*"[^"]*"\s*\]/g)].map((m) => position(m.index));
    // A file that is there but broken has been reported above: here it counts as there.
    for (const problem of phrasePairProblems(
      parsed.data.pairs,
      locales,
      files.map((f) => f.locale),
    )) {
      issues.push({
        file: PHRASE_PAIRS_FILE,
        ...(pairAt[problem.path[1] as number] ?? { line: 1, column: 1 }),
        severity: 'error',
        code: codeOf(problem),
        message: problem.message,
      });
    }
  }
  return issues;
}
