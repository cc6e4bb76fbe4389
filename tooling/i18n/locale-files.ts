import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Reading `locales/<lng>/<namespace>.json` the way a translator needs it read: every
 * key with the line it is on, and a broken file reported with its line and column
 * instead of a stack trace. Namespaces and locales are whatever folders and files exist.
 */

export interface Position {
  line: number;
  column: number;
}

export interface LocaleEntry extends Position {
  key: string;
  /** The parsed value; anything but a string is a problem the check reports. */
  value: unknown;
}

export interface LocaleFileProblem extends Position {
  kind: 'duplicate-key' | 'not-a-string' | 'not-an-object';
  key?: string;
  message: string;
}

export interface ParsedLocaleFile {
  /** Keys in file order. Empty when the file does not parse. */
  entries: LocaleEntry[];
  /** Set when the file is not valid JSON; `snippet` shows the line before and the line itself. */
  syntaxError?: Position & { message: string; snippet: string[] };
  problems: LocaleFileProblem[];
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** 1-based line and column of any offset of a text, with the line starts computed once. */
export function positionsOf(fileText: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < fileText.length; i++) if (fileText.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

/** The line before and the line at `where`, numbered, with a caret under the column. */
function snippetAt(text: string, where: Position): string[] {
  const lines = text.split(/\r?\n/);
  const width = String(where.line).length;
  const show = (n: number) => `${n === where.line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`;
  const out = where.line > 1 ? [show(where.line - 1), show(where.line)] : [show(where.line)];
  out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, where.column - 1))}^`);
  return out;
}

function syntaxErrorOf(text: string, err: unknown): Position & { message: string; snippet: string[] } {
  const raw = err instanceof Error ? err.message : String(err);
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(raw);
  const offset = /at position (\d+)/.exec(raw);
  const where = lineCol
    ? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
    : offset
      ? positionAt(text, Number(offset[1]))
      : positionAt(text, text.length);
  // V8's words without the offsets, which mean nothing to a person with an editor.
  const message = raw
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*at position \d+/, '')
    .replace(/\s*in JSON/, '')
    .replace(/,? *"[^"]*"\.{3} is not valid JSON$/, '')
    .trim();
  return { ...where, message: message || 'invalid JSON', snippet: snippetAt(text, where) };
}

/**
 * The top-level keys of a JSON object with their positions. Assumes `text` already
 * parsed as JSON, so it only needs to tell strings, nesting and colons apart.
 */
function topLevelKeys(text: string): { key: string; offset: number }[] {
  const keys: { key: string; offset: number }[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      if (depth === 1) {
        let j = i;
        while (j < text.length && /\s/.test(text[j] as string)) j++;
        if (text[j] === ':') keys.push({ key: JSON.parse(text.slice(start, i)) as string, offset: start });
      }
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    i++;
  }
  return keys;
}

/** Parses one locale file's text. Never throws: every problem comes back with a position. */
export function parseLocaleJson(input: string): ParsedLocaleFile {
  // Some Windows editors save a byte-order mark; the site's bundler ignores it, so do we.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { entries: [], syntaxError: syntaxErrorOf(text, err), problems: [] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      entries: [],
      problems: [{ kind: 'not-an-object', line: 1, column: 1, message: 'the file must be one object of "key": "text" pairs' }],
    };
  }
  const record = data as Record<string, unknown>;
  const entries: LocaleEntry[] = [];
  const problems: LocaleFileProblem[] = [];
  const seen = new Map<string, Position>();
  for (const { key, offset } of topLevelKeys(text)) {
    const where = positionAt(text, offset);
    const first = seen.get(key);
    if (first) {
      problems.push({
        kind: 'duplicate-key',
        key,
        ...where,
        message: `"${key}" appears twice (first on line ${first.line}); only this last one is used`,
      });
      const index = entries.findIndex((e) => e.key === key);
      entries.splice(index, 1);
    }
    seen.set(key, where);
    const value = record[key];
    entries.push({ key, value, ...where });
    if (typeof value !== 'string') {
      problems.push({
        kind: 'not-a-string',
        key,
        ...where,
        message:
          typeof value === 'object' && value !== null
            ? `"${key}" holds a nested object: keys here are flat, write "${key}.child": "text"`
            : `"${key}" must be text in quotes, not ${JSON.stringify(value)}`,
      });
    }
  }
  return { entries, problems };
}

export interface LocaleFile extends ParsedLocaleFile {
  locale: string;
  namespace: string;
  /** Path relative to the project root, with forward slashes, as people type it. */
  file: string;
}

/** `locales/<lng>/` folders that exist under a root. */
export function localeFolders(root: string): string[] {
  const dir = path.join(root, 'locales');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

/** Namespace names (file names without `.json`) in one locale folder. */
export function namespacesOf(root: string, locale: string): string[] {
  const dir = path.join(root, 'locales', locale);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

export function readLocaleFile(root: string, locale: string, namespace: string): LocaleFile {
  const file = `locales/${locale}/${namespace}.json`;
  return { locale, namespace, file, ...parseLocaleJson(readFileSync(path.join(root, file), 'utf8')) };
}

/** The strings of a parsed file as a plain record (problems already reported elsewhere). */
export function stringsOf(parsed: ParsedLocaleFile): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of parsed.entries) if (typeof e.value === 'string') map.set(e.key, e.value);
  return map;
}
