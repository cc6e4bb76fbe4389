import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { positionAt } from '../locale-files.ts';

/**
 * Reading a hand-written JSON file of rules (locales/glossary.json, locales/register.json)
 * so that a mistake in it is reported with its line like any other finding, instead of
 * stopping the check with a stack trace.
 */

export interface ConfigProblem {
  line: number;
  column: number;
  message: string;
}

export interface ConfigFile {
  /** Path from the project root. */
  file: string;
  /** The parsed content; undefined when the file is missing or broken. */
  data?: unknown;
  text: string;
  problems: ConfigProblem[];
}

export function readConfig(root: string, file: string): ConfigFile | undefined {
  const full = path.join(root, file);
  if (!existsSync(full)) return undefined;
  const text = readFileSync(full, 'utf8').replace(/^\uFEFF/, '');
  try {
    return { file, text, data: JSON.parse(text), problems: [] };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(raw);
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(raw);
    const where = lineCol ? { line: Number(lineCol[1]), column: Number(lineCol[2]) } : positionAt(text, at ? Number(at[1]) : 0);
    return {
      file,
      text,
      problems: [{ ...where, message: `not valid JSON: ${raw.replace(/\s*\(line \d+ column \d+\)|\s*at position \d+/g, '')}` }],
    };
  }
}

/** The line of the first occurrence of `needle` (a quoted key or id) in the file, else 1. */
export function lineOf(config: ConfigFile, needle: string): { line: number; column: number } {
  const i = config.text.indexOf(needle);
  return i < 0 ? { line: 1, column: 1 } : positionAt(config.text, i);
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Latin-script text (words, spaces, apostrophes, hyphens): matched as whole words. */
export const isLatin = (s: string) => /^[\p{Script=Latin}\s'’.-]+$/u.test(s);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A case-insensitive pattern for a word or phrase: whole words for Latin script ("móvil"
 * does not match "automóvil"), anywhere for Japanese and Chinese, which have no spaces.
 */
export function phrasePattern(phrase: string, wholeWord = true): RegExp {
  const body = escapeRegExp(phrase.trim()).replace(/\s+/g, '\\s+');
  return wholeWord && isLatin(phrase) ? new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu') : new RegExp(body, 'giu');
}
