import { type ConfigFile, type ConfigProblem, isRecord, isStringList, readConfig } from './content-checks/config.ts';
import { positionAt } from './locale-files.ts';

/**
 * `locales/<locale>.overrides.json`: a reviewer's corrections to what OpenCC writes,
 * applied after the conversion, in the file's order. Each says what to find in the
 * converted text, what to write instead, and why; `files` limits it to some generated
 * files. An override that no longer changes anything is an error in `npm run i18n:check`,
 * so the list never holds corrections nobody can see the need for.
 *
 * ```json
 * { "find": "稽核", "replace": "審核", "why": "reviewing an offer is 審核; 稽核 is an audit" }
 * ```
 */

export const overridesFile = (locale: string) => `locales/${locale}.overrides.json`;

export interface Override {
  /** Position in the file's list, from 0: how a generated file records which ones it used. */
  index: number;
  find: string;
  replace: string;
  why: string;
  /** Generated files (paths from the root) it is limited to; undefined for every file. */
  files?: string[];
  line: number;
  column: number;
}

export interface Overrides {
  file: string;
  entries: Override[];
  config?: ConfigFile;
  problems: ConfigProblem[];
}

const FIELDS = ['find', 'replace', 'why', 'files'];

/** What is wrong with one entry, in words for the reviewer who wrote it; undefined when nothing is. */
function mistakeIn(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'each override is { "find": "…", "replace": "…", "why": "…" }';
  const { find, replace, why, files } = entry;
  const unknown = Object.keys(entry).filter((k) => !FIELDS.includes(k));
  if (unknown.length) return `unknown field ${unknown.map((k) => `"${k}"`).join(', ')}: only find, replace, why and files`;
  if (typeof find !== 'string' || !find) return '"find" must be the text to correct, as the conversion writes it';
  if (typeof replace !== 'string') return '"replace" must be the text to write instead';
  if (replace === find) return '"replace" is the same as "find": it would change nothing';
  if (typeof why !== 'string' || why.trim().length < 10) return '"why" must say in a sentence why the conversion is wrong here';
  if (files !== undefined && (!isStringList(files) || !files.length)) {
    return '"files" must be a list of generated files, like ["locales/zh-Hant/donate.json"]';
  }
  return undefined;
}

/** The overrides of one converted locale; a missing file is an empty list. */
export function readOverrides(root: string, locale: string): Overrides {
  const file = overridesFile(locale);
  const config = readConfig(root, file);
  const result: Overrides = { file, entries: [], problems: [...(config?.problems ?? [])] };
  if (!config || config.data === undefined) return result;
  result.config = config;
  const data = config.data;
  if (!isRecord(data) || !Array.isArray(data.overrides)) {
    result.problems.push({ line: 1, column: 1, message: 'expected { "overrides": [ { "find": "…", "replace": "…", "why": "…" } ] }' });
    return result;
  }
  // Entries are found in the text by their "find", in order, so repeated finds get their own lines.
  let from = 0;
  data.overrides.forEach((entry: unknown, index: number) => {
    const find = isRecord(entry) && typeof entry.find === 'string' ? entry.find : undefined;
    const needle = find === undefined ? '"find"' : `"find": ${JSON.stringify(find)}`;
    const at = config.text.indexOf(needle, from);
    if (at >= 0) from = at + needle.length;
    const where = at >= 0 ? positionAt(config.text, at) : { line: 1, column: 1 };
    const problem = mistakeIn(entry);
    if (problem) result.problems.push({ ...where, message: `override ${index + 1}: ${problem}` });
    else if (isRecord(entry)) {
      const { replace, why, files } = entry as { find: string; replace: string; why: string; files?: string[] };
      result.entries.push({ index, find: entry.find as string, replace, why, files, ...where });
    }
  });
  return result;
}
