import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import OpenCC from 'opencc-js';
import type { Override } from './conversion-overrides.ts';

/**
 * Text through OpenCC, phrase by phrase (opencc-js segments the way OpenCC does), then
 * Chinese quotation marks as Traditional Chinese writes them, then the reviewed
 * overrides. Code, addresses and {{placeholders}} are left exactly as they are.
 */

export interface OpenccOptions {
  from: string;
  to: string;
}

/** Taiwan and Hong Kong quote with corner brackets: “…‘…’…” → 「…『…』…」. */
const CORNER_QUOTES: [string, string][] = [
  ['“', '「'],
  ['”', '」'],
  ['‘', '『'],
  ['’', '』'],
];

/**
 * Spans no converter may touch: fenced and inline code, web addresses, i18next
 * placeholders and nesting. ASCII passes through OpenCC unchanged anyway; this is for
 * the Chinese that may stand inside them (a path, a quoted command).
 */
const PROTECTED = /```[\s\S]*?```|`[^`\n]+`|\b[a-z][a-z0-9+.-]*:\/\/[^\s)>\]"'，。、）」]+|\{\{[^{}]*\}\}|\$t\([^)]*\)/giu;

let version: string | undefined;

/** The opencc-js version that converts, recorded in every generated file. */
export function openccVersion(): string {
  if (!version) {
    // The package's exports hide its package.json: walk up from its entry point.
    for (let dir = path.dirname(createRequire(import.meta.url).resolve('opencc-js')); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      const manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }) : {};
      if (manifest.name === 'opencc-js') {
        version = manifest.version;
        break;
      }
    }
    if (!version) throw new Error('opencc-js: cannot find its package.json to read its version');
  }
  return version;
}

/** `opencc-js 1.4.2 cn→twp`: what made a file, in words a reviewer can look up. */
export function toolName(options: OpenccOptions): string {
  return `opencc-js ${openccVersion()} ${options.from}→${options.to}`;
}

export interface FileConverter {
  /** Converts one piece of text of the file; notes each override that changed it. */
  (text: string): string;
  /** Indexes (in the overrides file) of the overrides that changed something in this file. */
  readonly used: ReadonlySet<number>;
}

export interface TextConverter {
  /** A converter for one generated file: overrides limited to other files do not apply. */
  forFile(file: string): FileConverter;
}

const converters = new Map<string, (text: string) => string>();

function openccFor(options: OpenccOptions): (text: string) => string {
  const id = `${options.from}→${options.to}`;
  let convert = converters.get(id);
  if (!convert) {
    // Loading the dictionaries takes most of a second: once per process and variant.
    const opencc = OpenCC.Converter(options);
    const quotes = OpenCC.CustomConverter(CORNER_QUOTES);
    convert = (text: string) => quotes(opencc(text));
    converters.set(id, convert);
  }
  return convert;
}

export function createTextConverter(options: OpenccOptions, overrides: readonly Override[]): TextConverter {
  const opencc = openccFor(options);
  return {
    forFile(file) {
      const applicable = overrides.filter((o) => !o.files || o.files.includes(file));
      const used = new Set<number>();
      const convertPlain = (text: string) => {
        let out = opencc(text);
        for (const o of applicable) {
          if (!out.includes(o.find)) continue;
          out = out.replaceAll(o.find, o.replace);
          used.add(o.index);
        }
        return out;
      };
      const convert = (text: string) => {
        let out = '';
        let last = 0;
        for (const m of text.matchAll(PROTECTED)) {
          out += convertPlain(text.slice(last, m.index)) + m[0];
          last = m.index + m[0].length;
        }
        return out + convertPlain(text.slice(last));
      };
      return Object.assign(convert, { used });
    },
  };
}
