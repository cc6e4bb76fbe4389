/**
 * The key a converted locale's interface file (`locales/zh-Hant/*.json`) keeps its origin
 * under: which source file, which converter, and a hash of each, so that
 * `npm run i18n:check` can tell a stale file from a fresh one (git keeps no file times).
 * It is not a text: the site drops it, and the checks do not hold it against the source.
 */
export const GENERATED_KEY = '_generated';
