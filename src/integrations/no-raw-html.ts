import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Guides and stories are Markdown that contributors send in. Markdown passes raw HTML
// through to the page, and the staff workspace shares the site's origin: one story with
// `<img onerror=…>` would run with an admin's cookie. The Content-Security-Policy blocks
// that in the browser; this stops it earlier, at the build, naming the file and line.
// See docs/decisions/060-security-headers.md.

interface Point {
  line: number;
  column: number;
}
interface Located {
  position?: { start: Point } | undefined;
}
interface VisitorContext {
  readonly fileURL: URL | undefined;
  readonly source: string;
  readonly data: Record<string, unknown>;
}

/**
 * Where links may point: the site itself (no scheme), the web, mail and phone. Also read
 * by `npm run i18n:check` (tooling/i18n/content-checks/raw-html.ts), which names the same
 * problems before a build.
 */
export const allowedSchemes = new Set(['http', 'https', 'mailto', 'tel']);
const problemsKey = 'tongxin:no-raw-html';

function problems(ctx: VisitorContext): string[] {
  ctx.data[problemsKey] ??= [];
  return ctx.data[problemsKey] as string[];
}

/**
 * How many lines precede the Markdown the plugin sees: Astro's content layer renders the
 * body without its front matter (and trimmed), so positions count from where it starts.
 */
function linesBefore(ctx: VisitorContext): number {
  if (!ctx.fileURL || !ctx.source) return 0;
  try {
    const text = readFileSync(fileURLToPath(ctx.fileURL), 'utf8');
    const frontMatterEnd = /^---\r?\n[\s\S]*?\r?\n---/.exec(text)?.[0].length ?? 0;
    const start = text.indexOf(ctx.source, frontMatterEnd);
    return start < 0 ? 0 : text.slice(0, start).split('\n').length - 1;
  } catch {
    return 0;
  }
}

function where(node: Located, ctx: VisitorContext): string {
  const file = ctx.fileURL ? path.relative(process.cwd(), fileURLToPath(ctx.fileURL)) : '(markdown)';
  const start = node.position?.start;
  return start ? `${file}:${start.line + linesBefore(ctx)}:${start.column}` : file;
}

const shorten = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
};

function checkUrl(node: Located & { url: string }, ctx: VisitorContext) {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(node.url.trim())?.[1]?.toLowerCase();
  if (scheme && !allowedSchemes.has(scheme)) problems(ctx).push(`${where(node, ctx)}: a link to "${scheme}:" (${shorten(node.url)})`);
}

/**
 * A Sätteri mdast plugin (Astro 7's Markdown processor) that fails the build on raw HTML
 * (a tag or a comment) and on links that are not to the web, mail or a phone number
 * (`javascript:`, `data:`), listing every one with its file and line.
 */
export const noRawHtml = {
  name: 'tongxin:no-raw-html',
  options: { position: true },
  html(node: Located & { value: string }, ctx: VisitorContext) {
    problems(ctx).push(`${where(node, ctx)}: raw HTML ${shorten(node.value)}`);
  },
  link: checkUrl,
  image: checkUrl,
  definition: checkUrl,
  after(_root: unknown, ctx: VisitorContext) {
    const found = problems(ctx);
    if (found.length === 0) return;
    throw new Error(
      `Guides and stories are Markdown only: no HTML tags or comments, no script links. Write emphasis, links, lists and tables in Markdown instead.\n${found.map((p) => `  ${p}`).join('\n')}`,
    );
  },
};
