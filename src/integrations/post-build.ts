import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { xmlEscape } from '../lib/xml';
import { writeEdgeFunction } from './edge-function';
import { precompress } from './precompress';
import { writeServiceWorker } from './service-worker';
import { type StaticHeaders, staticHeaders, type VercelRoute, vercelHeaderRoutes, withHeaderRoutes } from './static-headers';

interface PageInfo {
  loc: string;
  alternates: { hreflang: string; href: string }[];
}

/** Every file under `dir`, as a URL path (`/_astro/x.js`). */
function filePaths(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filePaths(full, `${prefix}/${name}`) : [`${prefix}/${name}`];
  });
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
 * Security headers for the files the build wrote (docs/decisions/060-security-headers.md).
 * Vercel: routes in `.vercel/output/config.json`, in place of the adapter's. Self-host:
 * `security-headers.json` for scripts/serve.mjs, and the node adapter's `_headers.json`
 * removed, because its server would match a page by substring and send another page's
 * policy, or none for a path with a trailing slash.
 */
function writeStaticHeaders(headers: StaticHeaders, adapter: string | undefined, outDir: string, clientDir: string) {
  if (adapter === '@astrojs/vercel') {
    const output = path.resolve('.vercel/output');
    const configFile = path.join(output, 'config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { routes?: VercelRoute[] };
    // From the client folder: Astro copies it to .vercel/output/static only after this hook.
    const routes = vercelHeaderRoutes(headers, filePaths(clientDir));
    config.routes = withHeaderRoutes(config.routes ?? [], routes, headers);
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  } else if (adapter === '@astrojs/node') {
    writeFileSync(path.join(outDir, 'security-headers.json'), `${JSON.stringify(headers)}\n`);
    rmSync(path.join(outDir, '_headers.json'), { force: true });
  } else {
    throw new Error(`security headers: no way to send them with the adapter ${adapter ?? '(none)'}`);
  }
}

/**
 * After the pages are built: a sitemap with hreflang alternates, read from the pages
 * themselves, the Pagefind search index (one per language, CJK segmented), the
 * security headers of every static file for the deploy target, and for the self-hosted
 * server Brotli and gzip copies of every text file; with API_RUNTIME=edge, the edge function.
 */
export function postBuild(options: { apiRuntime?: 'node' | 'edge' } = {}): AstroIntegration {
  let site: URL | undefined;
  let adapter: string | undefined;
  let outDir = '';
  let headers: StaticHeaders | undefined;
  return {
    name: 'tongxin:post-build',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
        adapter = config.adapter?.name;
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:generated': ({ routeToHeaders }) => {
        headers = staticHeaders(routeToHeaders);
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

        // After every page is written: it lists what each language keeps for offline reading.
        const offline = await writeServiceWorker(out);
        for (const w of offline.warnings) logger.warn(`service worker: ${w}`);
        logger.info(
          `service worker: ${Object.entries(offline.bytes)
            .map(([l, b]) => `${l} keeps ${offline.files[l]} files, ${Math.round(b / 1024)} KB`)
            .join('; ')}`,
        );

        // The Vercel adapter may already have copied the static files: bring these along.
        const vercelStatic = path.resolve('.vercel/output/static');
        if (process.env.ASTRO_ADAPTER !== 'node' && existsSync(vercelStatic) && vercelStatic !== out) {
          cpSync(path.join(out, 'pagefind'), path.join(vercelStatic, 'pagefind'), { recursive: true });
          cpSync(path.join(out, 'sitemap.xml'), path.join(vercelStatic, 'sitemap.xml'));
          cpSync(path.join(out, 'sw.js'), path.join(vercelStatic, 'sw.js'));
        }

        if (!headers) throw new Error('security headers: Astro gave no routeToHeaders (is the adapter’s staticHeaders on?)');
        writeStaticHeaders(headers, adapter, outDir, out);
        logger.info(`security headers: ${Object.keys(headers.routes).length} prerendered routes`);

        // API_RUNTIME=edge: the public API from an edge function too (docs/decisions/150).
        if (options.apiRuntime === 'edge') {
          if (adapter !== '@astrojs/vercel') throw new Error('API_RUNTIME=edge needs the Vercel adapter');
          const edge = await writeEdgeFunction(path.resolve('.vercel/output'));
          logger.info(`edge function: the public API, ${Math.round(edge.bytes / 1024)} KB, no Node built-ins`);
        }

        // Vercel's CDN compresses for itself; the self-hosted server sends these copies.
        if (adapter === '@astrojs/node') {
          const report = await precompress(out);
          const kb = (n: number) => `${Math.round(n / 1024)} KB`;
          logger.info(
            `precompressed ${report.files} files: ${kb(report.bytes)} → ${kb(report.brotliBytes)} brotli, ${kb(report.gzipBytes)} gzip`,
          );
        }
      },
    },
  };
}
