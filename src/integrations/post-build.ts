import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { xmlEscape } from '../lib/xml';

interface PageInfo {
  loc: string;
  alternates: { hreflang: string; href: string }[];
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'pagefind' ? [] : htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

/** What the sitemap needs from a built page, read from its own <head>. */
export function pageInfo(html: string, pageUrl: string): PageInfo | undefined {
  const head = html.slice(0, html.indexOf('</head>'));
  if (/<meta name="robots" content="[^"]*noindex/.test(head)) return undefined;
  const canonical = attr(/<link rel="canonical"[^>]*>/.exec(head)?.[0] ?? '', 'href');
  // A page whose canonical is elsewhere (an untranslated fallback) is not listed itself.
  if (!canonical || canonical !== pageUrl) return undefined;
  const alternates = [...head.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"[^>]*>/g)].map((m) => ({
    hreflang: m[1] as string,
    href: m[2] as string,
  }));
  return { loc: canonical, alternates };
}

export function sitemapXml(pages: PageInfo[]): string {
  const urls = pages
    .sort((a, b) => a.loc.localeCompare(b.loc))
    .map(
      (p) =>
        `<url><loc>${xmlEscape(p.loc)}</loc>${p.alternates.map((a) => `<xhtml:link rel="alternate" hreflang="${xmlEscape(a.hreflang)}" href="${xmlEscape(a.href)}"/>`).join('')}</url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls}\n</urlset>\n`;
}

/**
 * After the pages are built: a sitemap with hreflang alternates, read from the pages
 * themselves, and the Pagefind search index (one per language, CJK segmented).
 */
export function postBuild(): AstroIntegration {
  let site: URL | undefined;
  return {
    name: 'tongxin:post-build',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const base = site ?? new URL('http://localhost:4321');
        const pages = htmlFiles(out)
          .map((file) => {
            const rel = path.relative(out, file).split(path.sep).join('/');
            const urlPath = `/${rel.replace(/index\.html$/, '').replace(/\.html$/, '/')}`;
            return pageInfo(readFileSync(file, 'utf8'), new URL(urlPath, base).href);
          })
          .filter((p): p is PageInfo => Boolean(p));
        writeFileSync(path.join(out, 'sitemap.xml'), sitemapXml(pages));
        logger.info(`sitemap.xml: ${pages.length} pages`);

        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: out });
        if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
        await index.writeFiles({ outputPath: path.join(out, 'pagefind') });
        await pagefind.close();
        logger.info(`search index: ${added.page_count} pages`);

        // The Vercel adapter may already have copied the static files: bring these along.
        const vercelStatic = path.resolve('.vercel/output/static');
        if (process.env.ASTRO_ADAPTER !== 'node' && existsSync(vercelStatic) && vercelStatic !== out) {
          cpSync(path.join(out, 'pagefind'), path.join(vercelStatic, 'pagefind'), { recursive: true });
          cpSync(path.join(out, 'sitemap.xml'), path.join(vercelStatic, 'sitemap.xml'));
        }
      },
    },
  };
}
