import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { GENERATED_KEY } from '../../src/i18n/generated-key.ts';
import { type Override, type Overrides, readOverrides } from './conversion-overrides.ts';
import type { Issue } from './locale-compare.ts';
import { namespaceIsIn } from './locale-project.ts';
import { createTextConverter, type FileConverter, type OpenccOptions, toolName } from './opencc-text.ts';

/**
 * A locale made from another by OpenCC (`convertedFrom` in src/i18n/config.ts): zh-Hant
 * from zh. `npm run i18n:hant` writes its files; `npm run i18n:check` holds them to
 * what it would write now. Nothing here names a language or a namespace: every
 * `locales/<from>/*.json` and every `src/content/<collection>/<from>/*.md` is converted,
 * whatever new ones appear.
 *
 * Each generated file says where it came from, with hashes (git keeps no file times):
 * a JSON file under the key `_generated`, a guide or story in a `generated` block at the
 * top of its front matter, which also says whether a person has reviewed it. A file
 * without that mark is a translation people own, and is left alone.
 */

export interface ConvertedLocale {
  locale: string;
  from: string;
  opencc: OpenccOptions;
}

export type ReviewState = { state: 'unreviewed' } | { state: 'reviewed'; text: string } | { state: 'invalid'; message: string };

export interface Recorded {
  tool?: string;
  source?: string;
  overrides?: string;
  /** Articles only: the `reviewed:` lines as the reviewer wrote them. */
  review?: ReviewState;
}

export interface PlannedFile {
  kind: 'strings' | 'article';
  /** Paths from the root. */
  source: string;
  target: string;
  sourceHash: string;
  overridesHash: string;
  tool: string;
  /** The file as it is, undefined when there is none. */
  actual?: string;
  /** What the file records about how it was made; undefined when it has no such mark (people translate it). */
  recorded?: Recorded;
  /** The text `npm run i18n:hant` writes now (review state kept when the text is unchanged). */
  expected: string;
  /** Overrides that changed something here. */
  used: ReadonlySet<number>;
}

export interface ConversionPlan {
  converted: ConvertedLocale;
  overrides: Overrides;
  files: PlannedFile[];
  /** Generated files whose source is gone. */
  orphans: string[];
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function overridesHash(overrides: readonly Override[], used: ReadonlySet<number>): string {
  const applied = overrides.filter((o) => used.has(o.index)).map((o) => [o.find, o.replace, o.files ?? null]);
  return applied.length ? hash(JSON.stringify(applied)) : 'none';
}

const dirs = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => statSync(path.join(dir, n)).isDirectory())
        .sort()
    : [];
const filesIn = (dir: string, pattern: RegExp) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => pattern.test(n))
        .sort()
    : [];

/** Every source file and the file generated from it. */
function pairs(root: string, { locale, from }: ConvertedLocale, limited: ReadonlyMap<string, readonly string[]>) {
  const out: { kind: PlannedFile['kind']; source: string; target: string }[] = [];
  for (const name of filesIn(path.join(root, 'locales', from), /\.json$/)) {
    if (!namespaceIsIn(limited, name.replace(/\.json$/, ''), locale)) continue;
    out.push({ kind: 'strings', source: `locales/${from}/${name}`, target: `locales/${locale}/${name}` });
  }
  for (const collection of dirs(path.join(root, 'src/content'))) {
    for (const name of filesIn(path.join(root, 'src/content', collection, from), /\.md$/)) {
      out.push({
        kind: 'article',
        source: `src/content/${collection}/${from}/${name}`,
        target: `src/content/${collection}/${locale}/${name}`,
      });
    }
  }
  return out;
}

/* Interface strings. */

function stringsOrigin(source: string, tool: string, sourceHash: string, overrides: string, overridesFile: string): string {
  return `made by npm run i18n:hant from ${source} with ${tool} (source ${sourceHash}, overrides ${overrides}): do not edit here; correct ${source}, or a term in ${overridesFile}, and run it again`;
}

function recordedInStrings(text: string): Recorded | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const origin = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[GENERATED_KEY] : undefined;
  if (typeof origin !== 'string') return undefined;
  return {
    tool: / with (.+?) \(source /.exec(origin)?.[1],
    source: /\(source ([0-9a-f]+)/.exec(origin)?.[1],
    overrides: /overrides ([0-9a-f]+|none)\)/.exec(origin)?.[1],
  };
}

function convertStrings(text: string, convert: FileConverter): Record<string, string> {
  const data = JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    // A broken source value is the source's problem (i18n:check says so there): carried over as it is.
    out[key] = typeof value === 'string' ? convert(value) : (value as string);
  }
  return out;
}

/* Guides and stories. */

const FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)---\r?\n?/;

/** The `generated:` block at the top of a front matter, and the rest. */
function splitGenerated(front: string): { block?: string; rest: string } {
  if (!front.startsWith('generated:')) return { rest: front };
  const lines = front.split('\n');
  let end = 1;
  while (end < lines.length && (lines[end] as string).startsWith(' ')) end++;
  return { block: lines.slice(0, end).join('\n'), rest: lines.slice(end).join('\n') };
}

function reviewIn(block: string): ReviewState {
  let data: unknown;
  try {
    data = parse(block);
  } catch (err) {
    return {
      state: 'invalid',
      message: `the generated block is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : err}`,
    };
  }
  const reviewed = (data as { generated?: { reviewed?: unknown } } | null)?.generated?.reviewed;
  if (reviewed === false || reviewed === undefined) return { state: 'unreviewed' };
  const ok =
    typeof reviewed === 'object' &&
    reviewed !== null &&
    typeof (reviewed as { by?: unknown }).by === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(String((reviewed as { on?: unknown }).on)) &&
    Object.keys(reviewed).every((k) => k === 'by' || k === 'on');
  if (!ok) return { state: 'invalid', message: 'generated.reviewed must be false, or { by: "who reviewed it", on: YYYY-MM-DD }' };
  const lines = block.split('\n');
  const start = lines.findIndex((l) => /^ {2}reviewed:/.test(l));
  let end = start + 1;
  while (end < lines.length && /^ {3,}/.test(lines[end] as string)) end++;
  return { state: 'reviewed', text: lines.slice(start, end).join('\n') };
}

function recordedInArticle(text: string): Recorded | undefined {
  const front = FRONT_MATTER.exec(text)?.[1];
  const block = front && splitGenerated(front).block;
  if (!block) return undefined;
  const field = (name: string) => new RegExp(`^ {2}${name}: *(.+)$`, 'm').exec(block)?.[1]?.trim();
  return { tool: field('tool'), source: field('source'), overrides: field('overrides'), review: reviewIn(block) };
}

/** The text of a guide or story without its `generated` block: what a reviewer reviews. */
function articleContent(text: string): string {
  const m = FRONT_MATTER.exec(text);
  if (!m) return text;
  return `---\n${splitGenerated(m[1] as string).rest}---\n${text.slice(m[0].length)}`;
}

function convertArticle(text: string, convert: FileConverter, from: string, locale: string): { front: string; body: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) throw new Error('no front matter (--- … ---) at the top');
  // Links to the site's own pages in the source's language lead to the same page in this one.
  const body = convert(text.slice(m[0].length)).replace(new RegExp(`\\]\\(/${from}/`, 'g'), `](/${locale}/`);
  const doc = parseDocument(convert(m[1] as string));
  if (doc.errors.length) throw new Error(`front matter: ${doc.errors[0]?.message}`);
  // The source's own bookkeeping: which translations it still waits for, and who read its Chinese.
  doc.delete('pendingTranslations');
  if (doc.hasIn(['review', 'language'])) doc.deleteIn(['review', 'language']);
  const front = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: false });
  return { front, body };
}

function articleText(parts: { front: string; body: string }, header: string[], review: string): string {
  return `---\ngenerated:\n${header.map((l) => `  ${l}\n`).join('')}${review}\n${parts.front}---\n${parts.body}`;
}

/** Reads what `npm run i18n:hant` would write for one converted locale, and what is there now. */
export function planConversion(
  root: string,
  converted: ConvertedLocale,
  limited: ReadonlyMap<string, readonly string[]> = new Map(),
): ConversionPlan {
  const overrides = readOverrides(root, converted.locale);
  const converter = createTextConverter(converted.opencc, overrides.entries);
  const tool = toolName(converted.opencc);
  const files: PlannedFile[] = [];
  const targets = new Set<string>();
  for (const { kind, source, target } of pairs(root, converted, limited)) {
    targets.add(target);
    const sourceText = readFileSync(path.join(root, source), 'utf8');
    const actual = existsSync(path.join(root, target)) ? readFileSync(path.join(root, target), 'utf8') : undefined;
    const recorded = actual === undefined ? undefined : kind === 'strings' ? recordedInStrings(actual) : recordedInArticle(actual);
    const convert = converter.forFile(target);
    const sourceHash = hash(sourceText);
    let expected: string;
    try {
      if (kind === 'strings') {
        const strings = convertStrings(sourceText, convert);
        const origin = stringsOrigin(source, tool, sourceHash, overridesHash(overrides.entries, convert.used), overrides.file);
        expected = `${JSON.stringify({ [GENERATED_KEY]: origin, ...strings }, null, 2)}\n`;
      } else {
        const parts = convertArticle(sourceText, convert, converted.from, converted.locale);
        const header = [
          `from: ${converted.from}`,
          `tool: ${tool}`,
          `source: ${sourceHash}`,
          `overrides: ${overridesHash(overrides.entries, convert.used)}`,
        ];
        const fresh = articleText(parts, header, '  reviewed: false');
        // A review holds as long as the text it reviewed is the text.
        const kept =
          recorded?.review?.state === 'reviewed' && actual !== undefined && articleContent(actual) === articleContent(fresh)
            ? recorded.review.text
            : undefined;
        expected = kept ? articleText(parts, header, kept) : fresh;
      }
    } catch (err) {
      throw new Error(`${source}: ${err instanceof Error ? err.message : err}`);
    }
    files.push({
      kind,
      source,
      target,
      sourceHash,
      overridesHash: overridesHash(overrides.entries, convert.used),
      tool,
      actual,
      recorded,
      expected,
      used: convert.used,
    });
  }
  const orphans: string[] = [];
  const generatedHere = [
    ...filesIn(path.join(root, 'locales', converted.locale), /\.json$/).map((n) => `locales/${converted.locale}/${n}`),
    ...dirs(path.join(root, 'src/content')).flatMap((c) =>
      filesIn(path.join(root, 'src/content', c, converted.locale), /\.md$/).map((n) => `src/content/${c}/${converted.locale}/${n}`),
    ),
  ];
  for (const file of generatedHere) {
    if (targets.has(file)) continue;
    const text = readFileSync(path.join(root, file), 'utf8');
    if (file.endsWith('.json') ? recordedInStrings(text) : recordedInArticle(text)) orphans.push(file);
  }
  return { converted, overrides, files, orphans };
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
  /** Translated by people (no `generated` mark): left as they are. */
  kept: string[];
  removed: string[];
}

/** `npm run i18n:hant`: writes every generated file that is missing or differs, removes orphans. */
export function writeConversion(root: string, plan: ConversionPlan): WriteReport {
  const report: WriteReport = { written: [], unchanged: [], kept: [], removed: [] };
  for (const f of plan.files) {
    if (f.actual !== undefined && !f.recorded) report.kept.push(f.target);
    else if (f.actual === f.expected) report.unchanged.push(f.target);
    else {
      mkdirSync(path.dirname(path.join(root, f.target)), { recursive: true });
      writeFileSync(path.join(root, f.target), f.expected);
      report.written.push(f.target);
    }
  }
  for (const file of plan.orphans) {
    rmSync(path.join(root, file));
    report.removed.push(file);
  }
  return report;
}

/** What `npm run i18n:check` says about a converted locale's files and its overrides. */
export function conversionIssues(plan: ConversionPlan): Issue[] {
  const { converted, overrides } = plan;
  const locale = converted.locale;
  const rerun = 'run npm run i18n:hant';
  const issues: Issue[] = overrides.problems.map((p) => ({
    severity: 'error',
    code: 'invalid-overrides',
    file: overrides.file,
    line: p.line,
    column: p.column,
    message: p.message,
  }));
  for (const f of plan.files) {
    const base = { file: f.target, locale };
    if (f.actual === undefined) {
      issues.push({ ...base, severity: 'error', code: 'converted-missing', message: `${f.source} has no ${locale} version yet: ${rerun}` });
      continue;
    }
    const r = f.recorded;
    if (!r) continue; // translated by people: the translation status follows it like any other
    if (r.review?.state === 'invalid') {
      issues.push({ ...base, severity: 'error', code: 'invalid-generated', line: 2, message: r.review.message });
      continue;
    }
    const reasons = [
      r.source !== f.sourceHash && `${f.source} changed after this file was made from it`,
      r.overrides !== f.overridesHash && `the overrides that apply to it (${overrides.file}) changed`,
      r.tool !== f.tool && `it was made with ${r.tool ?? 'an unknown tool'}, and the project now converts with ${f.tool}`,
    ].filter(Boolean);
    if (reasons.length) {
      issues.push({ ...base, severity: 'error', code: 'converted-stale', message: `out of date: ${reasons.join('; ')}. ${rerun}` });
    } else if (f.actual !== f.expected) {
      issues.push({
        ...base,
        severity: 'error',
        code: 'converted-edited',
        message: `differs from what npm run i18n:hant makes of ${f.source}: edited by hand? The next run would undo it. Correct the Chinese in ${f.source}, or a term in ${overrides.file}, and ${rerun}${
          f.kind === 'article' ? '. Only generated.reviewed is yours to change here' : ''
        }`,
      });
    }
  }
  for (const file of plan.orphans) {
    issues.push({
      file,
      locale,
      severity: 'error',
      code: 'converted-orphan',
      message: `generated from a ${converted.from} file that is gone: ${rerun} (it deletes this file)`,
    });
  }
  // An override only counts where its text is generated: a file people own does not need it.
  const used = new Set(plan.files.filter((f) => !f.actual || f.recorded).flatMap((f) => [...f.used]));
  const targets = new Set(plan.files.map((f) => f.target));
  for (const o of overrides.entries) {
    for (const file of o.files ?? []) {
      if (!targets.has(file)) {
        issues.push({
          file: overrides.file,
          line: o.line,
          column: o.column,
          severity: 'error',
          code: 'invalid-overrides',
          message: `override ${o.index + 1} ("${o.find}") names ${file}, which is not a file made for ${locale}`,
        });
      }
    }
    if (used.has(o.index)) continue;
    issues.push({
      file: overrides.file,
      line: o.line,
      column: o.column,
      locale,
      severity: 'error',
      code: 'unused-override',
      message: `override ${o.index + 1} ("${o.find}" → "${o.replace}") no longer matches anything the conversion writes${
        o.files ? ` in ${o.files.join(', ')}` : ''
      }: the Chinese changed, or OpenCC now gets it right. Remove it`,
    });
  }
  return issues;
}
