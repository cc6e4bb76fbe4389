import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_KEY } from '../../src/i18n/generated-key.ts';
import { CONTENT_CODES, checkContent } from './content-checks/index.ts';
import { conversionIssues, planConversion } from './converted-locale.ts';
import { type KeyReference, projectKeyUsage } from './key-usage.ts';
import { checkSourceFile, compareLocaleFile, type Issue } from './locale-compare.ts';
import type { LocaleFile } from './locale-files.ts';
import {
  type LocaleProject,
  type LocaleSetup,
  NAMESPACE_LOCALES_FILE,
  namespaceIsIn,
  readLocaleProject,
  readNamespaceLocales,
  readSameAsSource,
  sameAsSourceFor,
} from './locale-project.ts';
import { checkPhrases } from './phrase-check.ts';
import { splitPluralKey } from './plural-forms.ts';

/**
 * `npm run i18n:check`: everything that can be wrong with the interface strings, each
 * finding with its file, line and key, and what the guides, stories and strings say
 * (figures, glossary, register, raw HTML, Chinese script in Japanese: content-checks/).
 * Errors fail CI; warnings are for a person to look at (a text identical to the Chinese
 * is often, not always, untranslated).
 */

export interface CheckOptions extends LocaleSetup {
  root: string;
  /** Folders whose code uses the keys. Default: `src` and `functions`. */
  sourceDirs?: readonly string[];
  /** i18next's `defaultNS`: the namespace of `useTranslations(locale)` without one. Default: read from `src/i18n/i18n.ts`, else `common`. */
  defaultNamespace?: string;
}

export interface CheckResult {
  issues: Issue[];
  sourceLocale: string;
  locales: string[];
  namespaces: string[];
  /** Namespaces limited to some locales (`locales/namespace-locales.json`), with those locales. */
  namespaceLocales: Record<string, string[]>;
  /** Keys in the source language, all namespaces together. */
  sourceKeys: number;
  /** Source files read for key usage. */
  scannedDirs: string[];
}

function readDefaultNamespace(root: string): string {
  const file = path.join(root, 'src/i18n/i18n.ts');
  if (!existsSync(file)) return 'common';
  return /defaultNS:\s*['"]([^'"]+)['"]/.exec(readFileSync(file, 'utf8'))?.[1] ?? 'common';
}

function fileIssues(file: LocaleFile, withValueProblems = true): Issue[] {
  const base = { file: file.file, locale: file.locale || undefined, namespace: file.namespace || undefined };
  const issues: Issue[] = [];
  if (file.syntaxError) {
    const { line, column, message, snippet } = file.syntaxError;
    issues.push({
      ...base,
      snippet,
      severity: 'error',
      code: 'invalid-json',
      line,
      column,
      message: `not valid JSON: ${message} at line ${line}, column ${column}. Often a missing comma at the end of the line before, a missing or extra quote, or a comma after the last line`,
    });
  }
  for (const p of file.problems) {
    if (!withValueProblems && p.kind === 'not-a-string') continue;
    issues.push({ ...base, severity: 'error', code: p.kind, key: p.key, line: p.line, column: p.column, message: p.message });
  }
  return issues;
}

/**
 * Guides and stories find their translations by file name: a translated file with no
 * Chinese file of the same name (`mask.md` for `masks.md`) is never linked to it.
 */
function orphanTranslations(root: string, sourceLocale: string): Issue[] {
  const content = path.join(root, 'src/content');
  const dirs = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isDirectory()) : []);
  const issues: Issue[] = [];
  for (const collection of dirs(content)) {
    const sourceDir = path.join(content, collection, sourceLocale);
    if (!existsSync(sourceDir)) continue;
    const sources = new Set(readdirSync(sourceDir).map((n) => n.replace(/\.[^.]+$/, '')));
    for (const locale of dirs(path.join(content, collection))) {
      if (locale === sourceLocale) continue;
      for (const name of readdirSync(path.join(content, collection, locale)).sort()) {
        if (!/\.(md|mdx|markdown)$/.test(name) || sources.has(name.replace(/\.[^.]+$/, ''))) continue;
        issues.push({
          severity: 'warning',
          code: 'orphan-translation',
          file: `src/content/${collection}/${locale}/${name}`,
          locale,
          message: `no Chinese original src/content/${collection}/${sourceLocale}/${name}: the file name must be the same in every language (a typo?), or the original was removed`,
        });
      }
    }
  }
  return issues;
}

/**
 * Each entry of `locales/namespace-locales.json` must name a namespace the source has
 * and list locales that exist, the source among them. Every mistake is an error: the
 * list decides which files other locales must have, so a typo there silently changes
 * what the check asks for.
 */
function namespaceLocalesIssues(file: LocaleFile, project: LocaleProject): Issue[] {
  const { sourceLocale, namespaces, locales } = project;
  const issues: Issue[] = [];
  for (const entry of file.entries) {
    if (entry.key.startsWith('_')) continue;
    const problem = (message: string) =>
      issues.push({
        severity: 'error',
        code: 'invalid-namespace-locales',
        file: file.file,
        line: entry.line,
        column: entry.column,
        key: entry.key,
        message,
      });
    const list = entry.value;
    if (!Array.isArray(list) || list.some((l) => typeof l !== 'string')) {
      problem(`"${entry.key}" must be a list of locale codes, like ["${sourceLocale}", "en"]`);
      continue;
    }
    if (!namespaces.includes(entry.key)) {
      problem(
        `"${entry.key}" is not a namespace: locales/${sourceLocale}/ has no ${entry.key}.json. A typo, or a namespace since removed: correct or delete this line`,
      );
    }
    for (const locale of list) {
      if (!locales.includes(locale))
        problem(`"${entry.key}" lists "${locale}", which is not a locale here (${locales.join(', ')}): a typo?`);
    }
    if (!list.includes(sourceLocale)) {
      problem(`"${entry.key}" must list ${sourceLocale}: the source language has every namespace, and the others are checked against it`);
    }
  }
  return issues;
}

export function checkTranslations(options: CheckOptions): CheckResult {
  const { root, sourceLocale } = options;
  const project = readLocaleProject(root, options);
  const issues: Issue[] = [];
  const { namespaces, files } = project;

  if (options.configured) {
    for (const locale of options.configured) {
      if (!existsSync(path.join(root, 'locales', locale))) {
        issues.push({
          severity: 'error',
          code: 'missing-locale-folder',
          file: `locales/${locale}/`,
          locale,
          message: `src/i18n/config.ts lists "${locale}" but there is no locales/${locale}/ folder: copy locales/${sourceLocale}/ there and translate it`,
        });
      }
    }
    for (const locale of project.locales) {
      if (!options.configured.includes(locale)) {
        issues.push({
          severity: 'warning',
          code: 'unconfigured-locale',
          file: `locales/${locale}/`,
          locale,
          message: `locales/${locale}/ is not in src/i18n/config.ts, so the site does not show it yet: add an entry there when it is ready`,
        });
      }
    }
  }

  const converted = new Set((options.converted ?? []).map((c) => c.locale));
  const same = readSameAsSource(root);
  if (same.file) issues.push(...fileIssues(same.file, false));
  const scope = readNamespaceLocales(root);
  if (scope.file) issues.push(...fileIssues(scope.file, false), ...namespaceLocalesIssues(scope.file, project));

  for (const file of files.values()) issues.push(...fileIssues(file));

  for (const ns of namespaces) {
    const source = files.get(`${sourceLocale}/${ns}`);
    if (source && !source.syntaxError) issues.push(...checkSourceFile(source));
  }

  for (const locale of project.locales) {
    if (locale === sourceLocale || !project.namespacesByLocale.get(locale)?.length) continue;
    for (const ns of namespaces) {
      const source = files.get(`${sourceLocale}/${ns}`);
      const target = files.get(`${locale}/${ns}`);
      if (!namespaceIsIn(scope.limited, ns, locale)) {
        // Not compared: text nobody reads is not worth a translator's time, nor a checker's.
        if (target) {
          issues.push({
            severity: 'error',
            code: 'out-of-scope-file',
            file: target.file,
            locale,
            namespace: ns,
            message: `${NAMESPACE_LOCALES_FILE} limits ${ns} to ${scope.limited.get(ns)?.join(', ')}: delete this file, or add "${locale}" to that list if ${ns} is to be translated into it`,
          });
        }
        continue;
      }
      if (!target) {
        issues.push({
          severity: 'error',
          code: 'missing-file',
          file: `locales/${locale}/${ns}.json`,
          locale,
          namespace: ns,
          message: `locales/${locale}/${ns}.json is missing: copy locales/${sourceLocale}/${ns}.json and translate it`,
        });
        continue;
      }
      if (!source || source.syntaxError || target.syntaxError) continue;
      issues.push(
        ...compareLocaleFile({
          source,
          target,
          sameAsSourceOk: sameAsSourceFor(same.allowed, locale),
          converted: converted.has(locale) && target.entries.some((e) => e.key === GENERATED_KEY),
        }),
      );
    }
    for (const ns of project.namespacesByLocale.get(locale) ?? []) {
      if (!namespaces.includes(ns)) {
        issues.push({
          severity: 'error',
          code: 'extra-file',
          file: `locales/${locale}/${ns}.json`,
          locale,
          namespace: ns,
          message: `locales/${sourceLocale}/ has no ${ns}.json: rename this file to match one in locales/${sourceLocale}/, or delete it`,
        });
      }
    }
  }

  // Allowances for keys that no longer exist only confuse the next reader of the list.
  for (const entry of same.file?.entries ?? []) {
    if (entry.key.startsWith('_') || !Array.isArray(entry.value)) continue;
    for (const id of entry.value) {
      const [ns = '', key = ''] = String(id).split(/:(.*)/s);
      const source = files.get(`${sourceLocale}/${ns}`);
      if (source?.entries.some((e) => e.key === key)) continue;
      issues.push({
        severity: 'warning',
        code: 'stale-allowance',
        file: same.file?.file ?? '',
        line: entry.line,
        column: entry.column,
        key: String(id),
        message: `"${id}" under "${entry.key}" is not a key zh has (write it as "namespace:key"): remove it from the list`,
      });
    }
  }

  issues.push(...orphanTranslations(root, sourceLocale));
  issues.push(...checkPhrases({ root, sourceLocale, configured: options.configured }));
  for (const c of options.converted ?? []) issues.push(...conversionIssues(planConversion(root, c, scope.limited)));
  issues.push(...checkContent({ root, sourceLocale, locales: project.locales, files, limited: scope.limited }));

  // Keys in the code against keys in the source language.
  const sourceKeys = new Map<string, string[]>();
  for (const ns of namespaces) {
    const file = files.get(`${sourceLocale}/${ns}`);
    sourceKeys.set(ns, file ? file.entries.map((e) => e.key) : []);
  }
  const scannedDirs = (options.sourceDirs ?? ['src', 'functions']).filter((d) => existsSync(path.join(root, d)));
  const sourceBroken = namespaces.some((ns) => files.get(`${sourceLocale}/${ns}`)?.syntaxError);
  if (scannedDirs.length && !sourceBroken) {
    const usage = projectKeyUsage(root, scannedDirs, {
      namespaces,
      defaultNamespace: options.defaultNamespace ?? readDefaultNamespace(root),
    });
    const used = new Set<string>();
    const matches = (ref: KeyReference, inNamespaces: readonly string[]) => {
      const found: string[] = [];
      for (const ns of inNamespaces) {
        for (const key of sourceKeys.get(ns) ?? []) {
          const base = splitPluralKey(key)?.base;
          const hit =
            typeof ref.key === 'string' ? key === ref.key || base === ref.key : ref.key.test(key) || (base ? ref.key.test(base) : false);
          if (hit) found.push(`${ns}:${key}`);
        }
      }
      return found;
    };
    for (const ref of usage.calls) {
      const where = ref.namespaces ?? namespaces;
      const found = matches(ref, where);
      found.forEach((k) => {
        used.add(k);
      });
      if (found.length) continue;
      const elsewhere = ref.namespaces ? matches(ref, namespaces).map((k) => k.split(':')[0]) : [];
      const inFiles = where.map((ns) => `${ns}.json`).join(', ');
      const hint = elsewhere.length
        ? `; it is in ${[...new Set(elsewhere)].map((ns) => `${ns}.json`).join(', ')}: use that namespace`
        : `: add it to locales/${sourceLocale}/${where.length === 1 ? `${where[0]}.json` : '<namespace>.json'} first`;
      issues.push({
        severity: 'error',
        code: 'undefined-key',
        file: ref.file,
        line: ref.line,
        column: ref.column,
        key: ref.text,
        message:
          typeof ref.key === 'string'
            ? `"${ref.text}" is used here but ${sourceLocale} has no such key in ${inFiles}${hint}`
            : `"${ref.text}" is used here (… is built by the code) but no ${sourceLocale} key in ${inFiles} matches it${hint}`,
      });
    }
    for (const ref of usage.mentions) {
      for (const k of matches(ref, ref.namespaces ?? namespaces)) used.add(k);
    }
    // A text may nest another: "$t(site.name) is open source" uses site.name.
    for (const ns of namespaces) {
      for (const entry of files.get(`${sourceLocale}/${ns}`)?.entries ?? []) {
        if (typeof entry.value !== 'string') continue;
        for (const m of entry.value.matchAll(/\$t\(\s*([^,)\s]+)/g)) {
          const raw = m[1] as string;
          const colon = raw.indexOf(':');
          const nested =
            colon > 0 && namespaces.includes(raw.slice(0, colon))
              ? { ns: raw.slice(0, colon), key: raw.slice(colon + 1) }
              : { ns, key: raw };
          for (const k of matches({ file: '', line: 0, column: 0, text: raw, key: nested.key }, [nested.ns])) used.add(k);
        }
      }
    }
    for (const ns of namespaces) {
      const file = files.get(`${sourceLocale}/${ns}`);
      for (const entry of file?.entries ?? []) {
        if (used.has(`${ns}:${entry.key}`)) continue;
        issues.push({
          severity: 'error',
          code: 'unused-key',
          file: file?.file ?? '',
          line: entry.line,
          column: entry.column,
          locale: sourceLocale,
          namespace: ns,
          key: entry.key,
          message: `"${entry.key}" is used nowhere in ${scannedDirs.map((d) => `${d}/`).join(' or ')}: delete it from every locale, or use it`,
        });
      }
    }
  }

  issues.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.code.localeCompare(b.code),
  );
  return {
    issues,
    sourceLocale,
    locales: project.locales,
    namespaces,
    namespaceLocales: Object.fromEntries(scope.limited),
    sourceKeys: [...sourceKeys.values()].reduce((n, keys) => n + keys.length, 0),
    scannedDirs,
  };
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Findings of the content checks, check × locale, guides, stories and strings together:
 * where the work is, at a glance. Empty when there is none.
 */
function contentSummary(result: CheckResult): string[] {
  const content = result.issues.filter((i) => (CONTENT_CODES as readonly string[]).includes(i.code));
  if (!content.length) return [];
  const header = ['content check', ...result.locales];
  const rows = CONTENT_CODES.filter((code) => content.some((i) => i.code === code)).map((code) => [
    code,
    ...result.locales.map((l) => String(content.filter((i) => i.code === code && i.locale === l).length || '·')),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const fmt = (r: string[]) =>
    r
      .map((v, c) => v.padEnd(widths[c] as number))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}

/** The report a person reads: findings grouped by file, then a namespace × locale summary. */
export function formatReport(result: CheckResult): string {
  const lines: string[] = [];
  const byFile = new Map<string, Issue[]>();
  for (const issue of result.issues) byFile.set(issue.file, [...(byFile.get(issue.file) ?? []), issue]);
  for (const [file, issues] of byFile) {
    const first = issues[0] as Issue;
    const about = first.namespace && first.locale ? `  (namespace ${first.namespace}, locale ${first.locale})` : '';
    lines.push(`${file}${about}`);
    for (const i of issues) {
      const where = i.line ? `${i.line}:${i.column ?? 1}` : '-';
      lines.push(`  ${where.padEnd(8)} ${i.severity.padEnd(7)} ${i.message}  [${i.code}]`);
      for (const s of i.snippet ?? []) lines.push(`           ${s}`);
    }
    lines.push('');
  }

  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.length - errors;
  if (result.namespaces.length && result.locales.length) {
    const limited = new Map(Object.entries(result.namespaceLocales));
    const cell = (ns: string, locale: string) => {
      const here = result.issues.filter((i) => i.namespace === ns && i.locale === locale);
      const e = here.filter((i) => i.severity === 'error').length;
      const w = here.length - e;
      if (!here.length && locale !== result.sourceLocale && !namespaceIsIn(limited, ns, locale)) return '—';
      return e || w ? [e ? `${e} error${e === 1 ? '' : 's'}` : '', w ? `${w} warn` : ''].filter(Boolean).join(', ') : 'ok';
    };
    const header = ['namespace', ...result.locales];
    const rows = result.namespaces.map((ns) => [ns, ...result.locales.map((l) => cell(ns, l))]);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
    const fmt = (r: string[]) =>
      r
        .map((v, c) => v.padEnd(widths[c] as number))
        .join('  ')
        .trimEnd();
    lines.push(fmt(header), ...rows.map(fmt));
    if (rows.some((r) => r.includes('—'))) lines.push(`— not translated into that locale (${NAMESPACE_LOCALES_FILE})`);
    lines.push('');
  }
  const contentTable = contentSummary(result);
  if (contentTable.length) lines.push(...contentTable, '');
  const scope = `${count(result.locales.length, 'locale')}, ${count(result.namespaces.length, 'namespace')}, ${count(result.sourceKeys, 'source key')}${
    result.scannedDirs.length ? `, usage read from ${result.scannedDirs.map((d) => `${d}/`).join(' and ')}` : ''
  }`;
  lines.push(
    errors || warnings
      ? `${errors ? '✖' : '⚠'} ${count(errors, 'error')}, ${count(warnings, 'warning')} (${scope})`
      : `✔ no problems (${scope})`,
  );
  return lines.join('\n');
}
