// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import node from '@astrojs/node';
import vercel from '@astrojs/vercel';
import { defineConfig, passthroughImageService } from 'astro/config';
import { apiEntry } from './src/integrations/api-entry.ts';
import { apiRuntimeOf } from './src/integrations/edge-function.ts';
import { noRawHtml } from './src/integrations/no-raw-html.ts';
import { postBuild } from './src/integrations/post-build.ts';
import { cspHash } from './src/integrations/static-headers.ts';
import { largestBodyLimit } from './src/lib/body-limits.ts';
import { keepOfflineScript } from './src/lib/keep-offline-script.ts';
import { cspDirectives } from './src/lib/security-headers.ts';

// One site, two deploy targets: Vercel (default, `npm run build`) and a single
// self-hosted Node server (`ASTRO_ADAPTER=node`, used by `npm start`).
const selfHosted = process.env.ASTRO_ADAPTER === 'node';
// Only the Vercel production build leaves the embedded database out; `astro dev` keeps it.
const vercelBuild = !selfHosted && process.argv.includes('build');
// API_RUNTIME=edge: the Vercel build also serves the public API from an edge function (docs/decisions/150).
const apiRuntime = apiRuntimeOf(process.env);

const site =
  process.env.SITE_URL ??
  (process.env.VERCEL_PROJECT_PRODUCTION_URL ? `https://${process.env.VERCEL_PROJECT_PRODUCTION_URL}` : 'http://localhost:4321');

export default defineConfig({
  site,
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [postBuild({ apiRuntime })],
  // The adapter's own ceiling (default 1 GiB) lowered to the largest limit of any route:
  // the routes refuse bigger bodies first, in the reader's language (src/lib/body-limits.ts).
  // staticHeaders: a prerendered page's policy goes to the post-build's header files, not a <meta>.
  adapter: selfHosted
    ? node({ mode: 'standalone', bodySizeLimit: largestBodyLimit, staticHeaders: true })
    : vercel({ imageService: false, staticHeaders: true }),
  // Its own folder: the Vercel build empties dist/ as it works.
  outDir: selfHosted ? 'dist-node' : undefined,
  // No image processing at run time: keeps sharp (~19 MB) out of the function.
  image: { service: passthroughImageService() },
  build: {
    // One request for a page on a slow connection: the CSS is small, so it rides in the HTML.
    inlineStylesheets: 'always',
  },
  // Guides and stories may not carry raw HTML: the build stops and names the file and line.
  // No Shiki: it colours code with style attributes, which the policy refuses (the guides have no code).
  markdown: { processor: satteri({ mdastPlugins: [noRawHtml] }), syntaxHighlight: false },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? false },
  security: {
    checkOrigin: true,
    // Hashes of the site's own scripts and inline styles, and the fixed directives; sent as
    // a header on every page (docs/decisions/060-security-headers.md).
    // The one inline script (the service worker's registration) is not Astro's to hash.
    csp: { directives: [...cspDirectives], scriptDirective: { hashes: [cspHash(keepOfflineScript)] } },
  },
  vite: {
    build: { assetsInlineLimit: 0 },
    // The self-hosted server calls the API without Astro (src/integrations/api-entry.ts).
    plugins: selfHosted ? [apiEntry()] : [],
    // Bundled into the Vercel function, not traced from node_modules: the trace would copy
    // zod's every locale and these packages' CommonJS copies too, 7.8 MB in all (docs/decisions/115).
    ssr: vercelBuild ? { noExternal: ['zod', 'nodemailer', 'libphonenumber-js'] } : {},
    // The Vercel function never opens the embedded database: let the bundler drop it.
    define: vercelBuild ? { 'import.meta.env.TONGXIN_NO_EMBEDDED_DB': JSON.stringify('true') } : {},
  },
});
