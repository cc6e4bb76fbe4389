/**
 * Just enough of a JavaScript/TypeScript/Astro tokenizer to find translation keys:
 * identifiers, punctuation, string literals and template literals (with their
 * `${…}` expressions tokenized in place), skipping comments, regular expressions and
 * the text of Astro/JSX markup, where an apostrophe is not a quote.
 */

export type Token =
  | { type: 'id'; value: string; offset: number }
  | { type: 'punct'; value: string; offset: number }
  | { type: 'string'; value: string; offset: number }
  /** `parts` are the static pieces around each `${…}`; `end` is the index of the token after its expressions. */
  | { type: 'template'; parts: string[]; offset: number; end: number };

const ID = /[\p{L}\p{N}_$]/u;
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  '!doctype',
]);

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)/g, (_, esc: string) => {
    if (esc.startsWith('u{')) return String.fromCodePoint(Number.parseInt(esc.slice(2, -1), 16));
    if (esc.startsWith('u') && esc.length === 5) return String.fromCharCode(Number.parseInt(esc.slice(1), 16));
    if (esc.startsWith('x') && esc.length === 3) return String.fromCharCode(Number.parseInt(esc.slice(1), 16));
    if (esc === '\n' || esc === '\r\n') return '';
    return ESCAPES[esc] ?? esc;
  });
}

class Scanner {
  readonly tokens: Token[] = [];
  readonly text: string;
  i = 0;

  constructor(text: string) {
    this.text = text;
  }

  private push(token: Token) {
    this.tokens.push(token);
  }

  private regexAllowed(): boolean {
    const prev = this.tokens.at(-1);
    if (!prev) return true;
    if (prev.type === 'string' || prev.type === 'template') return false;
    if (prev.type === 'id') return KEYWORDS_BEFORE_EXPRESSION.has(prev.value);
    return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
  }

  private skipString(quote: string): string {
    const start = ++this.i;
    while (this.i < this.text.length && this.text[this.i] !== quote && this.text[this.i] !== '\n') {
      this.i += this.text[this.i] === '\\' ? 2 : 1;
    }
    const raw = this.text.slice(start, this.i);
    this.i++;
    return decodeEscapes(raw);
  }

  private template() {
    const offset = this.i;
    const token: Token = { type: 'template', parts: [], offset, end: 0 };
    this.push(token);
    this.i++;
    let part = '';
    while (this.i < this.text.length) {
      const ch = this.text[this.i];
      if (ch === '\\') {
        part += decodeEscapes(this.text.slice(this.i, this.i + 2));
        this.i += 2;
      } else if (ch === '`') {
        this.i++;
        break;
      } else if (ch === '$' && this.text[this.i + 1] === '{') {
        token.parts.push(part);
        part = '';
        this.i += 2;
        this.js({ untilBrace: true, jsx: false });
      } else {
        part += ch;
        this.i++;
      }
    }
    token.parts.push(part);
    token.end = this.tokens.length;
  }

  private regex() {
    this.i++;
    let inClass = false;
    while (this.i < this.text.length) {
      const ch = this.text[this.i];
      if (ch === '\\') this.i += 2;
      else if (ch === '\n') return;
      else {
        this.i++;
        if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if (ch === '/' && !inClass) break;
      }
    }
    while (this.i < this.text.length && /[a-z]/i.test(this.text[this.i] as string)) this.i++;
  }

  /** JavaScript until the end (or `limit`), or until the `}` that closes an expression. */
  js({ untilBrace, jsx, limit = this.text.length }: { untilBrace: boolean; jsx: boolean; limit?: number }) {
    let depth = 0;
    while (this.i < limit) {
      const ch = this.text[this.i] as string;
      const next = this.text[this.i + 1];
      if (/\s/.test(ch)) {
        this.i++;
      } else if (ch === '/' && next === '/') {
        while (this.i < limit && this.text[this.i] !== '\n') this.i++;
      } else if (ch === '/' && next === '*') {
        const end = this.text.indexOf('*/', this.i + 2);
        this.i = end < 0 ? limit : end + 2;
      } else if (ch === '"' || ch === "'") {
        const offset = this.i;
        this.push({ type: 'string', value: this.skipString(ch), offset });
      } else if (ch === '`') {
        this.template();
      } else if (ch === '/' && this.regexAllowed()) {
        this.regex();
      } else if (ID.test(ch)) {
        const offset = this.i;
        while (this.i < limit && ID.test(this.text[this.i] as string)) this.i++;
        this.push({ type: 'id', value: this.text.slice(offset, this.i), offset });
      } else if (ch === '<' && jsx && this.regexAllowed() && next !== undefined && /[A-Za-z>]/.test(next)) {
        this.markup({ nested: true, limit });
      } else {
        if (ch === '{') depth++;
        if (ch === '}') {
          if (untilBrace && depth === 0) {
            this.i++;
            return;
          }
          depth--;
        }
        this.push({ type: 'punct', value: ch, offset: this.i });
        this.i++;
      }
    }
  }

  /**
   * Astro or JSX markup: tags, quoted attributes and text are skipped; `{…}` is JavaScript.
   * `nested` markup (JSX inside an expression) ends where its outermost element closes.
   */
  markup({ nested, limit = this.text.length }: { nested: boolean; limit?: number }) {
    let depth = 0;
    while (this.i < limit) {
      const ch = this.text[this.i];
      if (this.text.startsWith('<!--', this.i)) {
        const end = this.text.indexOf('-->', this.i);
        this.i = end < 0 ? limit : end + 3;
      } else if (ch === '{') {
        this.i++;
        this.js({ untilBrace: true, jsx: true, limit });
      } else if (ch === '<' && this.text[this.i + 1] === '/') {
        const end = this.text.indexOf('>', this.i);
        this.i = end < 0 ? limit : end + 1;
        depth--;
        if (nested && depth <= 0) return;
      } else if (ch === '<' && /[A-Za-z!>]/.test(this.text[this.i + 1] ?? '')) {
        const selfClosing = this.tag(limit);
        if (!selfClosing) depth++;
        if (nested && depth <= 0) return;
      } else {
        this.i++;
      }
    }
  }

  /** An opening tag from `<` to `>`; true when it has no content to follow (`/>`, void, script, style). */
  private tag(limit: number): boolean {
    this.i++;
    const nameStart = this.i;
    while (this.i < limit && /[^\s/>{]/.test(this.text[this.i] as string)) this.i++;
    const name = this.text.slice(nameStart, this.i).toLowerCase();
    while (this.i < limit) {
      const ch = this.text[this.i];
      if (ch === '"' || ch === "'") {
        const end = this.text.indexOf(ch, this.i + 1);
        this.i = end < 0 ? limit : end + 1;
      } else if (ch === '{') {
        this.i++;
        this.js({ untilBrace: true, jsx: true, limit });
      } else if (ch === '/' && this.text[this.i + 1] === '>') {
        this.i += 2;
        return true;
      } else if (ch === '>') {
        this.i++;
        if (name === 'script' || name === 'style') {
          const close = this.text.indexOf(`</${name}`, this.i);
          const end = close < 0 ? limit : close;
          if (name === 'script') this.js({ untilBrace: false, jsx: false, limit: end });
          this.i = end;
          const gt = this.text.indexOf('>', this.i);
          this.i = gt < 0 ? limit : gt + 1;
          return true;
        }
        return VOID_ELEMENTS.has(name);
      } else {
        this.i++;
      }
    }
    return true;
  }
}

/** Tokens of one source file; `.astro` front matter is TypeScript, the rest is markup. */
export function tokenize(text: string, fileName: string): Token[] {
  const scanner = new Scanner(text);
  if (fileName.endsWith('.astro')) {
    const fence = /^\s*---\r?\n/.exec(text);
    if (fence) {
      const close = text.indexOf('\n---', fence[0].length - 1);
      const end = close < 0 ? text.length : close;
      scanner.i = fence[0].length;
      scanner.js({ untilBrace: false, jsx: false, limit: end });
      scanner.i = close < 0 ? text.length : close + 4;
    }
    scanner.markup({ nested: false });
  } else {
    scanner.js({ untilBrace: false, jsx: /\.[jt]sx$/.test(fileName) });
  }
  return scanner.tokens;
}
