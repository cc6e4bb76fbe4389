import { pathToFileURL } from 'node:url';
import type { Loader } from 'astro/loaders';

/**
 * A content loader whose Markdown must render: Astro's `glob()` only logs an entry that
 * fails to render (raw HTML refused by src/integrations/no-raw-html.ts, for one) and
 * carries on with the page left empty. This stops the sync and the build instead, with
 * the renderer's own message (file and line). An entry kept from the cache of an earlier
 * sync is rendered again, so a second build fails as loudly as the first.
 */
export function strictMarkdown(loader: Loader): Loader {
  return {
    ...loader,
    async load(context) {
      await loader.load(context);
      const failures: string[] = [];
      for (const entry of context.store.values()) {
        if (entry.rendered || entry.body === undefined || !entry.filePath) continue;
        try {
          await context.renderMarkdown(entry.body, { fileURL: pathToFileURL(entry.filePath) });
          failures.push(`${entry.filePath} could not be rendered`);
        } catch (err) {
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }
      if (failures.length) throw new Error(`${context.collection}: ${failures.join('\n')}`);
    },
  };
}
