import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BuildResult, build, type Metafile, type Plugin } from 'esbuild';
import { PUBLIC_API_PREFIXES } from '../../functions/public-paths';

/**
 * The public API as a Vercel edge function (`API_RUNTIME=edge`, docs/decisions/150):
 * functions/edge/entry.ts bundled for a Web runtime, with no Node built-in allowed. The
 * same bundling is the portability check (`npm run lint:edge`) and what the edge tests
 * load into Vercel's `edge-runtime`.
 */

export const EDGE_ENTRY = 'functions/edge/entry.ts';
export const EDGE_FUNCTION = '_api-edge';

/** Node's built-in modules as a bundle may name them, with or without `node:`. */
const NODE_BUILTIN =
  /^node:|^(?:assert|async_hooks|buffer|child_process|cluster|console|constants|crypto|dgram|diagnostics_channel|dns|domain|events|fs|http|http2|https|inspector|module|net|os|path|perf_hooks|process|punycode|querystring|readline|repl|stream|string_decoder|sys|timers|tls|trace_events|tty|url|util|v8|vm|wasi|worker_threads|zlib)(?:\/.*)?$/;

/**
 * Vite's `import.meta.glob(pattern, { eager: true, import: 'default' })`, which the
 * interface strings are read with (src/i18n/resources.ts), for esbuild: the call becomes
 * an object of static imports of the files the pattern names (`*` matches one segment).
 */
export const eagerGlob: Plugin = {
  name: 'eager-import-meta-glob',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!/import\.meta\.glob\s*[<(]/.test(source)) return undefined;
      const imports: string[] = [];
      const contents = source.replace(
        /import\.meta\.glob(?:<[^(]*>)?\(\s*'([^']+)'\s*,\s*\{\s*eager:\s*true,\s*import:\s*'default'\s*\}\s*\)/g,
        (_call, pattern: string) => {
          const entries = expandGlob(path.dirname(args.path), pattern).map((file) => {
            const name = `__glob${imports.length}`;
            imports.push(`import ${name} from ${JSON.stringify(file)};`);
            return `${JSON.stringify(file)}: ${name}`;
          });
          return `{ ${entries.join(', ')} }`;
        },
      );
      if (/import\.meta\.glob\s*[<(]/.test(contents))
        throw new Error(`${args.path}: only eager default-import globs can be bundled for the edge`);
      return { contents: `${imports.join('\n')}\n${contents}`, loader: 'ts' };
    });
  },
};

/** The files a relative pattern like `../../locales/*\/*.json` names, as that pattern writes them. */
function expandGlob(dir: string, pattern: string): string[] {
  let found = [''];
  const segments = pattern.split('/');
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (!segment.includes('*')) {
      found = found.map((f) => (f ? `${f}/${segment}` : segment));
      continue;
    }
    const matcher = new RegExp(`^${segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
    found = found.flatMap((f) =>
      readdirSync(path.resolve(dir, f), { withFileTypes: true })
        .filter((e) => matcher.test(e.name) && (last ? e.isFile() : e.isDirectory()))
        .map((e) => (f ? `${f}/${e.name}` : e.name))
        .sort(),
    );
  }
  return found;
}

export class NotPortableError extends Error {
  override name = 'NotPortableError';
}

export interface EdgeBundle {
  code: string;
  bytes: number;
  /** The project's own modules in the bundle, relative to the project root. */
  modules: string[];
}

/**
 * Bundles the edge entry. `esm` for Vercel (`export default` a handler); `iife` for
 * `edge-runtime`, which evaluates scripts: the handler is then `globalThis[globalName].default`.
 * Throws NotPortableError naming each Node built-in and the module that imports it.
 */
export async function bundleEdge(options: {
  format: 'esm' | 'iife';
  globalName?: string;
  /** For tests of the check itself: another project folder and entry. */
  root?: string;
  entry?: string;
}): Promise<EdgeBundle> {
  const root = options.root ?? process.cwd();
  const refused: string[] = [];
  let result: BuildResult<{ write: false; metafile: true }>;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: [options.entry ?? EDGE_ENTRY],
      bundle: true,
      write: false,
      metafile: true,
      format: options.format,
      globalName: options.globalName,
      // As Vercel bundles edge code: Web platform, with the edge conditions first.
      platform: 'browser',
      conditions: ['edge-light', 'workerd', 'worker'],
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      define: {
        'process.env.NODE_ENV': '"production"',
        // The embedded database's branch in db/client.ts, should it ever be reached, stays out.
        'import.meta.env.TONGXIN_NO_EMBEDDED_DB': '"true"',
        'import.meta.env.DEV': 'false',
        'import.meta.env.SSR': 'true',
      },
      plugins: [
        eagerGlob,
        {
          name: 'no-node-built-ins',
          setup(b) {
            b.onResolve({ filter: NODE_BUILTIN }, (args) => {
              refused.push(`${args.path}, imported by ${path.relative(root, args.importer) || args.importer}`);
              return { path: args.path, external: true };
            });
          },
        },
      ],
    });
  } catch (err) {
    throw new NotPortableError(`The edge bundle does not build: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (refused.length) {
    throw new NotPortableError(
      `The public API must use Web-standard APIs only (functions/public-app.ts), but its modules import Node built-ins:\n  ${[...new Set(refused)].join('\n  ')}`,
    );
  }
  const [file] = result.outputFiles;
  if (!file) throw new NotPortableError('The edge bundle came out empty.');
  return { code: file.text, bytes: file.contents.byteLength, modules: ownModules(result.metafile) };
}

function ownModules(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs)
    .filter((m) => !m.includes('node_modules/'))
    .sort();
}

/**
 * `API_RUNTIME`: `node` (the default: one Node function serves the whole API) or `edge`
 * (the public API from an edge function as well). Anything else stops the build.
 */
export function apiRuntimeOf(env: Record<string, string | undefined>): 'node' | 'edge' {
  const value = env.API_RUNTIME?.trim() || 'node';
  if (value !== 'node' && value !== 'edge') throw new Error(`API_RUNTIME must be node or edge, not ${JSON.stringify(value)}`);
  if (value === 'edge' && env.ASTRO_ADAPTER === 'node') {
    throw new Error('API_RUNTIME=edge is for the Vercel build: the self-hosted server has no edge runtime (leave ASTRO_ADAPTER unset)');
  }
  return value;
}

/** The route that sends the public API's paths to the edge function, ahead of Astro's own `/api` route. */
export const edgeRoute = {
  src: `^/api/(?:${PUBLIC_API_PREFIXES.join('|')})(?:/.*)?$`,
  dest: EDGE_FUNCTION,
};

/**
 * Writes the edge function into a Vercel build output and routes the public API to it.
 * Staff, cron, the API description and every page stay on the Node function.
 */
export async function writeEdgeFunction(outputDir: string): Promise<EdgeBundle> {
  const bundle = await bundleEdge({ format: 'esm' });
  const folder = path.join(outputDir, 'functions', `${EDGE_FUNCTION}.func`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'index.js'), bundle.code);
  writeFileSync(path.join(folder, '.vc-config.json'), `${JSON.stringify({ runtime: 'edge', entrypoint: 'index.js' }, null, 2)}\n`);
  const configFile = path.join(outputDir, 'config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { routes?: { src?: string; dest?: string }[] };
  const routes = config.routes ?? [];
  const apiRoute = routes.findIndex((r) => r.src?.startsWith('^/api') && r.dest === '_render');
  if (apiRoute < 0) throw new Error('edge function: the Vercel output has no /api route to put the edge route before');
  routes.splice(apiRoute, 0, edgeRoute);
  config.routes = routes;
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return bundle;
}
