import type { Bindings } from '../../functions/env';
import { getApp } from '../../functions/get-app';
import { unavailableResponse } from '../../functions/unavailable';

/**
 * One API request in, one answer out: the app built once from the environment, or the
 * localized 503 when it cannot start. The Astro route (`src/pages/api/[...path].ts`: Vercel,
 * `astro dev`), on-demand pages (`call-api.ts`) and the self-hosted server, which calls it
 * without Astro (`scripts/serve.mjs`, built as `api-handler.mjs`), all answer through
 * here, so they share one app, one database and one answer to a failed start.
 */
export async function handleApi(request: Request, bindings: Bindings): Promise<Response> {
  try {
    const app = await getApp();
    return await app.fetch(request, bindings);
  } catch (err) {
    return unavailableResponse(request, err);
  }
}
