import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { positionsOf } from './locale-files.ts';
import { type Token, tokenize } from './source-tokens.ts';

/**
 * Which translation keys the code uses. A call `t('nav.guides')` names one key; a call
 * with a template, `t(`offer.${key}.title`)`, names every key matching `offer.….title`
 * (when it starts with some fixed text). Any other string in the code that equals a
 * key (`new ApiError(404, 'not_found', 'error.notFound')`) also counts as a use, so
 * keys handed around in variables are not reported unused.
 */

export interface KeyReference {
  file: string;
  line: number;
  column: number;
  /** What the code wrote, for messages: `nav.guides`, `offer.….title`. */
  text: string;
  /** The exact key, or a pattern for a template literal. */
  key: string | RegExp;
  /**
   * Where the key must be: an explicit `ns:key`, or the namespace the `t` was made for
   * (`useTranslations(locale, 'home')`). `undefined`: any namespace will do.
   */
  namespaces?: string[];
}

export interface SourceUsage {
  /** Keys passed to a translation function: each must exist in zh. */
  calls: KeyReference[];
  /** Every other string and template with a fixed start: a key they equal or match is in use. */
  mentions: KeyReference[];
}

const SOURCE_EXTENSIONS = /\.(astro|[cm]?[jt]sx?)$/;

/** Source files under the given folders, skipping dependencies, builds and type declarations. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir));
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const rel = `${dir}/${name}`;
      const full = path.join(root, rel);
      if (statSync(full).isDirectory()) walk(rel);
      else if (SOURCE_EXTENSIONS.test(name) && !name.endsWith('.d.ts')) found.push(rel);
    }
  };
  for (const dir of dirs) walk(dir);
  return found;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const isPunct = (tok: Token | undefined, value: string) => tok?.type === 'punct' && tok.value === value;

/** Index just past the `)` that closes the `(` at `open`, and the top-level argument start indexes. */
function callArguments(tokens: Token[], open: number): { args: number[]; end: number } {
  const args = [open + 1];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    if (tok.type === 'template') {
      i = tok.end - 1;
      continue;
    }
    if (tok.type !== 'punct') continue;
    if ('([{'.includes(tok.value)) depth++;
    else if (')]}'.includes(tok.value)) {
      depth--;
      if (depth === 0) return { args: isPunct(tokens[open + 1], ')') ? [] : args, end: i + 1 };
    } else if (tok.value === ',' && depth === 1) args.push(i + 1);
  }
  return { args, end: tokens.length };
}

/** The token after a literal (skipping a template's own `${…}` tokens). */
const after = (tokens: Token[], i: number) => {
  const tok = tokens[i] as Token;
  return tokens[tok.type === 'template' ? tok.end : i + 1];
};

export interface UsageOptions {
  /** Namespace names that exist in the source language, to tell `home:hero.title` from a key with a colon. */
  namespaces: readonly string[];
  /** Namespace of a translation function made without one (i18next's `defaultNS`). */
  defaultNamespace: string;
  /** Functions that make a translation function: `(locale, namespace?)`. */
  factories?: readonly string[];
}

/** Keys used by one file's text. `file` is only used in the references it returns. */
export function keyUsage(text: string, file: string, options: UsageOptions): SourceUsage {
  const { namespaces, defaultNamespace, factories = ['useTranslations', 'getFixedT'] } = options;
  const tokens = tokenize(text, file);
  const position = positionsOf(text);
  const at = (tok: Token) => ({ file, ...position(tok.offset) });
  const known = new Set(namespaces);

  const splitNamespace = (key: string): { namespace?: string; key: string } => {
    const colon = key.indexOf(':');
    if (colon > 0 && known.has(key.slice(0, colon))) return { namespace: key.slice(0, colon), key: key.slice(colon + 1) };
    return { key };
  };

  // `const t = useTranslations(locale, 'home')`: which names translate which namespace.
  const bound = new Map<string, Set<string> | null>();
  tokens.forEach((tok, i) => {
    if (tok.type !== 'id' || !factories.includes(tok.value) || !isPunct(tokens[i + 1], '(')) return;
    let j = i - 1;
    while (isPunct(tokens[j], '.') && tokens[j - 1]?.type === 'id') j -= 2;
    if (tokens[j]?.type === 'id' && (tokens[j] as { value: string }).value === 'await') j--;
    const name = tokens[j - 1];
    if (!isPunct(tokens[j], '=') || name?.type !== 'id') return;
    const { args } = callArguments(tokens, i + 1);
    const nsToken = args[1] === undefined ? undefined : tokens[args[1]];
    const ns =
      args.length < 2
        ? defaultNamespace
        : nsToken?.type === 'string' && isPunct(after(tokens, args[1] as number), ')')
          ? nsToken.value
          : null;
    const previous = bound.get(name.value);
    if (ns === null || previous === null) bound.set(name.value, null);
    else bound.set(name.value, new Set([...(previous ?? []), ns]));
  });

  const calls: KeyReference[] = [];
  const mentions: KeyReference[] = [];
  const inCall = new Set<number>();

  tokens.forEach((tok, i) => {
    if (tok.type !== 'id' || !(tok.value === 't' || bound.has(tok.value)) || !isPunct(tokens[i + 1], '(')) return;
    const prev = tokens[i - 1];
    if (prev?.type === 'id' && prev.value === 'function') return;
    const first = tokens[i + 2];
    if (!first || (first.type !== 'string' && first.type !== 'template')) return;
    const next = after(tokens, i + 2);
    if (!isPunct(next, ',') && !isPunct(next, ')')) return;
    // `t('key', { ns: 'home' })` names its namespace in the options.
    const { end } = callArguments(tokens, i + 1);
    let optionNs: string | undefined;
    for (let j = i + 3; j < end - 2; j++) {
      const k = tokens[j];
      const v = tokens[j + 2];
      if (k?.type === 'id' && k.value === 'ns' && isPunct(tokens[j + 1], ':') && v?.type === 'string') optionNs = v.value;
    }
    const binding = bound.get(tok.value);
    const context = optionNs ? [optionNs] : binding ? [...binding] : undefined;
    inCall.add(i + 2);
    if (first.type === 'string') {
      const split = splitNamespace(first.value);
      calls.push({ ...at(first), text: first.value, key: split.key, namespaces: split.namespace ? [split.namespace] : context });
      return;
    }
    if (first.parts.length === 1) {
      const split = splitNamespace(first.parts[0] as string);
      calls.push({
        ...at(first),
        text: first.parts[0] as string,
        key: split.key,
        namespaces: split.namespace ? [split.namespace] : context,
      });
      return;
    }
    const head = splitNamespace(first.parts[0] as string);
    // A template with no fixed start (`t(`${x}`)`) could be any key: nothing to check.
    if (!head.key) return;
    const parts = [head.key, ...first.parts.slice(1)];
    calls.push({
      ...at(first),
      text: parts.join('…'),
      key: new RegExp(`^${parts.map(escapeRegExp).join('.+')}$`),
      namespaces: head.namespace ? [head.namespace] : context,
    });
  });

  tokens.forEach((tok, i) => {
    if (inCall.has(i)) return;
    if (tok.type === 'string' && tok.value && !/\s/.test(tok.value)) {
      const split = splitNamespace(tok.value);
      mentions.push({ ...at(tok), text: tok.value, key: split.key, namespaces: split.namespace ? [split.namespace] : undefined });
    } else if (tok.type === 'template' && tok.parts[0] && /^[\w.:-]+$/.test(tok.parts[0])) {
      const split = splitNamespace(tok.parts[0]);
      const parts = [split.key, ...tok.parts.slice(1)];
      const key = tok.parts.length === 1 ? split.key : new RegExp(`^${parts.map(escapeRegExp).join('.+')}$`);
      mentions.push({ ...at(tok), text: parts.join('…'), key, namespaces: split.namespace ? [split.namespace] : undefined });
    }
  });

  return { calls, mentions };
}

/** Keys used by every source file under `dirs` (relative to `root`). */
export function projectKeyUsage(root: string, dirs: readonly string[], options: UsageOptions): SourceUsage {
  const usage: SourceUsage = { calls: [], mentions: [] };
  for (const file of sourceFiles(root, dirs)) {
    const found = keyUsage(readFileSync(path.join(root, file), 'utf8'), file, options);
    usage.calls.push(...found.calls);
    usage.mentions.push(...found.mentions);
  }
  return usage;
}
