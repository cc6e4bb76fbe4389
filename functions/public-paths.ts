/**
 * The paths the public API answers, below `/api` (functions/public-app.ts): an edge
 * deployment sends these to the edge function and everything else under `/api` to Node.
 * Its own module so the build can read it without loading the app.
 */
export const PUBLIC_API_PREFIXES = ['health', 'locale', 'offers', 'catalog', 'totals'] as const;
