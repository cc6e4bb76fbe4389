import { allowedSchemes } from '../../../src/integrations/no-raw-html.ts';
import type { Located } from './text.ts';

/**
 * Raw HTML and script links in a guide or a story: the build refuses both
 * (src/integrations/no-raw-html.ts, docs/decisions/060-security-headers.md), but only
 * after minutes of building. This finds the same things in a second, from the same
 * parser's reading of the file (Sätteri's `html` nodes): an autolink <https://…> and
 * `<b>` inside code are not HTML, a tag or a comment anywhere else is.
 */

export interface MarkupFinding extends Located {
  kind: 'html' | 'link';
  /** For a link: the scheme that is not allowed (`javascript`). */
  scheme?: string;
}

const shorten = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
};

export function markupFindings(html: readonly Located[], links: readonly Located[]): MarkupFinding[] {
  const found: MarkupFinding[] = html.map((h) => ({ ...h, value: shorten(h.value), kind: 'html' as const }));
  for (const link of links) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link.value.trim())?.[1]?.toLowerCase();
    if (scheme && !allowedSchemes.has(scheme)) found.push({ ...link, value: shorten(link.value), kind: 'link', scheme });
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
