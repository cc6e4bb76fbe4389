import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** The file the self-hosted build writes beside `entry.mjs`: `handleApi` from src/server/api-handler.ts. */
export const API_ENTRY_FILE = 'api-handler.mjs';

/**
 * Makes the self-hosted build emit `src/server/api-handler.ts` as an entry of the same
 * server bundle as the pages, so scripts/serve.mjs can send `/api/*` to the Hono app
 * without Astro's routing and rendering, and still share the one app (and the one
 * embedded database) with the on-demand pages that call the API in-process. A second,
 * separate bundle would open the database a second time.
 */
export function apiEntry(): Plugin {
  return {
    name: 'tongxin:api-entry',
    apply: 'build',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    buildStart() {
      this.emitFile({
        type: 'chunk',
        id: fileURLToPath(new URL('../server/api-handler.ts', import.meta.url)),
        fileName: API_ENTRY_FILE,
        preserveSignature: 'strict',
      });
    },
  };
}
