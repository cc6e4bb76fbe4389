import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownToMdast } from 'satteri';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { type LocaleFile, type Position, positionsOf } from '../locale-files.ts';

/**
 * The words of a guide, a story or an interface string, as the content checks read
 * them: prose only, each character traceable to its line and column in the file. What
 * a reader never sees as prose (link targets, code, raw HTML, list numbers, front-matter
 * fields such as `order`, `{{placeholders}}`) is left out here, once, so that no check
 * has to know about Markdown, YAML or JSON.
 */

/** Where each character of a text came from: offsets into the file, piece by piece. */
interface Piece {
  /** Index in the text where the piece starts. */
  index: number;
  /** Offset in the file of that character. */
  offset: number;
}

export interface TextSegment {
  text: string;
  /**
   * What the text is: `body`, or the front-matter field (`title`, `sources[1].title`),
   * or `value` for an interface string.
   */
  field: string;
  /**
   * A source's title or publisher: a citation, which may stay in the original language
   * (docs/content-guide.md). Numbers in it are checked; words and script are not.
   */
  citation: boolean;
  /**
   * For a table cell, the heading of its column. A column headed 中文 holds Chinese on
   * purpose (a phrase card to show a doctor): words and script are not checked there.
   */
  column?: string;
  /** Line and column in the file of `text[index]`. */
  at(index: number): Position;
}

/** Builds a segment from pieces appended in order. */
class SegmentBuilder {
  text = '';
  pieces: Piece[] = [];
  /** Appends `text` whose first character is at `offset` in the file. */
  add(text: string, offset: number): void {
    if (!text) return;
    this.pieces.push({ index: this.text.length, offset });
    this.text += text;
  }
  /** Appends a gap (a space) standing for something that is not prose: code, a tag. */
  gap(offset: number): void {
    this.add(' ', offset);
  }
  build(field: string, citation: boolean, position: (offset: number) => Position, column?: string): TextSegment {
    const { text, pieces } = this;
    return {
      text,
      field,
      citation,
      column,
      at(index) {
        let piece = pieces[0] as Piece;
        for (const p of pieces) {
          if (p.index > index) break;
          piece = p;
        }
        return position(piece.offset + (index - piece.index));
      },
    };
  }
}

/* ------------------------------------------------------------------ Markdown body */

interface MdPoint {
  offset?: number;
}
interface MdNode {
  type: string;
  value?: string;
  url?: string;
  alt?: string | null;
  children?: MdNode[];
  position?: { start: MdPoint; end: MdPoint };
}

/** A raw HTML tag or comment in a Markdown body, or a link, with where it starts. */
export interface Located extends Position {
  value: string;
}

/** Blocks whose inline content is one run of prose (table cells: see `walk`). */
const PROSE_BLOCKS = new Set(['paragraph', 'heading']);

/** `[[1]](#source-1)`: a citation number, the same in every language and not a figure. */
const CITATION = /^\[\d+\]$/;

const startOf = (node: MdNode) => node.position?.start.offset ?? 0;

/**
 * Appends the text of a node's inline children. A text node's value is the source minus
 * Markdown escapes and the indentation of continuation lines, so each of its lines is
 * looked up in the source to keep every column right.
 */
function addInline(node: MdNode, source: string, out: SegmentBuilder): void {
  for (const child of node.children ?? []) {
    const start = startOf(child);
    switch (child.type) {
      case 'text': {
        let cursor = start;
        const end = child.position?.end.offset ?? source.length;
        (child.value ?? '').split('\n').forEach((line, i) => {
          if (i > 0) out.add('\n', cursor);
          const found = source.indexOf(line, cursor);
          const offset = found >= 0 && found <= end ? found : cursor;
          out.add(line, offset);
          cursor = offset + line.length;
        });
        break;
      }
      case 'link':
      case 'linkReference': {
        const label = (child.children ?? []).map((c) => c.value ?? '').join('');
        if (CITATION.test(label)) out.gap(start);
        // An autolink shows its own address: an address, not prose.
        else if (child.url && (label === child.url || `mailto:${label}` === child.url)) out.gap(start);
        else addInline(child, source, out);
        break;
      }
      case 'image':
      case 'imageReference':
        out.gap(start);
        out.add(child.alt ?? '', start + 2);
        out.gap(start);
        break;
      case 'break':
        out.add('\n', start);
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
        addInline(child, source, out);
        break;
      default:
        // inlineCode, html, footnote references: not prose.
        out.gap(start);
    }
  }
}

export interface MarkdownText {
  segments: TextSegment[];
  /** Raw HTML: tags and comments, each where it starts. */
  html: Located[];
  /** Every link, image and definition target. */
  links: Located[];
}

/**
 * The prose of a Markdown body, one segment per paragraph, heading or table cell, read
 * by Sätteri, the Markdown processor the site itself is built with: what it takes for
 * code, a link or HTML is what the build takes for them.
 */
export function markdownText(source: string): MarkdownText {
  const position = positionsOf(source);
  const root = markdownToMdast(source, { features: { frontmatter: true } }) as unknown as MdNode;
  const segments: TextSegment[] = [];
  const html: Located[] = [];
  const links: Located[] = [];
  const prose = (node: MdNode, column?: string) => {
    const out = new SegmentBuilder();
    addInline(node, source, out);
    if (out.text.trim()) segments.push(out.build('body', false, position, column));
    return out.text.trim();
  };
  const walk = (node: MdNode) => {
    if (node.type === 'html') html.push({ value: node.value ?? '', ...position(startOf(node)) });
    if (node.url !== undefined && ['link', 'image', 'definition'].includes(node.type)) {
      links.push({ value: node.url, ...position(startOf(node)) });
    }
    if (node.type === 'table') {
      const [head, ...rows] = node.children ?? [];
      const headings = (head?.children ?? []).map((cell) => prose(cell));
      for (const row of rows) {
        (row.children ?? []).forEach((cell, i) => {
          prose(cell, headings[i]);
        });
      }
      for (const cell of [head, ...rows].flatMap((r) => r?.children ?? [])) for (const c of cell.children ?? []) walk(c);
      return;
    }
    if (PROSE_BLOCKS.has(node.type)) prose(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return { segments, html, links };
}

/* --------------------------------------------------------------- front matter */

/**
 * Front-matter fields that are not prose to translate: kept as they are in every
 * language (docs/content-guide.md), and so not read by the checks.
 */
const NOT_PROSE = new Set([
  'order',
  'date',
  // review.facts.on, review.language.on: each file's own review dates.
  'on',
  'accessed',
  'url',
  'audience',
  'topics',
  'series',
  'country',
  'pendingTranslations',
  // How a converted file was made (hashes, the converter's version) and who reviewed it.
  'generated',
]);

/** Citation fields: a source's own title and publisher. */
const CITATION_FIELD = /^sources\[\d+\]\.(title|publisher)$/;

/** The translatable string fields of a front matter (`title`, `summary`, `sources[0].title`…). */
export function frontMatterText(source: string): TextSegment[] {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  if (!match) return [];
  return yamlText(source, match[1] as string, source.indexOf('\n') + 1, NOT_PROSE);
}

/**
 * Phrase-card fields that are not prose: ids, citation numbers, dates, addresses
 * (src/data/phrases/<lng>.yaml; docs/decisions/125-phrase-cards.md). Phrase ids are keys,
 * which are never read; the phrases themselves are.
 */
const PHRASE_NOT_PROSE = new Set(['id', 'cite', 'on', 'accessed', 'url']);

/** The prose of a phrase set: card titles and notes, phrases, reviewers' roles, sources' titles. */
export function phraseSetText(source: string): TextSegment[] {
  return yamlText(source, source, 0, PHRASE_NOT_PROSE);
}

/** The string values of a YAML document at `yamlStart` in `fileText`, minus the fields in `skip`. */
function yamlText(fileText: string, yaml: string, yamlStart: number, skip: ReadonlySet<string>): TextSegment[] {
  const position = positionsOf(fileText);
  const doc = parseDocument(yaml);
  const segments: TextSegment[] = [];
  const visit = (node: YamlNode | null | undefined, field: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (skip.has(key)) continue;
        visit(pair.value as YamlNode, field ? `${field}.${key}` : key);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        visit(item as YamlNode, `${field}[${i}]`);
      });
    } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const out = new SegmentBuilder();
      out.add(node.value, yamlStart + node.range[0] + (quoted ? 1 : 0));
      segments.push(out.build(field, CITATION_FIELD.test(field), position));
    }
  };
  visit(doc.contents as YamlNode, '');
  return segments;
}

/* --------------------------------------------------------------- interface strings */

const PLACEHOLDERS = /\{\{[^{}]*\}\}|\$t\([^)]*\)/g;

/** `{{name}}` and `$t(key)` blanked out (same length, so positions hold): names, not prose. */
export function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDERS, (m) => ' '.repeat(m.length));
}

/**
 * For a JSON string literal starting at `quote` (its opening `"`), the offset in the file
 * of each character of the decoded string: `\"` and `\u00e9` are one character each.
 */
function jsonCharOffsets(fileText: string, quote: number): number[] {
  const offsets: number[] = [];
  let i = quote + 1;
  while (i < fileText.length && fileText[i] !== '"') {
    offsets.push(i);
    if (fileText[i] === '\\') i += fileText[i + 1] === 'u' ? 6 : 2;
    else i++;
  }
  offsets.push(i);
  return offsets;
}

/** Offset of a 1-based line and column. */
function offsetOf(fileText: string, where: Position): number {
  let line = 1;
  let i = 0;
  while (line < where.line && i < fileText.length) {
    if (fileText.charCodeAt(i) === 10) line++;
    i++;
  }
  return i + where.column - 1;
}

/**
 * Each string of an interface file as a segment of its own, placeholders blanked out,
 * positioned on the value itself (not the key) character by character.
 */
export function localeStrings(root: string, file: LocaleFile): { key: string; segment: TextSegment }[] {
  let fileText: string;
  try {
    fileText = readFileSync(path.join(root, file.file), 'utf8');
  } catch {
    return [];
  }
  // Positions of keys are counted without a byte-order mark (tooling/i18n/locale-files.ts).
  if (fileText.charCodeAt(0) === 0xfeff) fileText = fileText.slice(1);
  const position = positionsOf(fileText);
  const out: { key: string; segment: TextSegment }[] = [];
  for (const entry of file.entries) {
    if (typeof entry.value !== 'string') continue;
    const keyStart = offsetOf(fileText, entry);
    // Past the key's closing quote and the colon: the value's opening quote.
    const keyEnd = jsonCharOffsets(fileText, keyStart).at(-1) ?? keyStart;
    const quote = fileText.indexOf('"', keyEnd + 1);
    const offsets = jsonCharOffsets(fileText, quote);
    const text = withoutPlaceholders(entry.value);
    out.push({
      key: entry.key,
      segment: {
        text,
        field: 'value',
        citation: false,
        at: (index) => position(offsets[Math.min(index, offsets.length - 1)] ?? quote),
      },
    });
  }
  return out;
}

/* --------------------------------------------------------------- quotations */

/**
 * Spans of a text inside 《…》: a title quoted in the original Chinese, as such. The
 * glossary, register and Japanese-script checks do not look inside them (a title is
 * quoted as it was published); numbers still must match. See CONTRIBUTING-TRANSLATIONS.md.
 */
export function quotedTitles(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/《[^《》]*》/g)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** A table column of Chinese text shown as such: its heading is 中文 (the phrase card). */
export const isChineseColumn = (segment: TextSegment) => segment.column === '中文';

export const insideAny = (spans: readonly [number, number][], index: number) => spans.some(([a, b]) => index >= a && index < b);
