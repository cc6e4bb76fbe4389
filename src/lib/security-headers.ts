// The security headers every response carries, in both deploy targets. One module so that
// the API, the on-demand pages, the Vercel route table and the self-hosted server cannot
// drift apart: where two layers set the same header, they set the same value.
// See docs/decisions/060-security-headers.md. No imports: the build reads it too.

/**
 * The fixed part of the pages' Content-Security-Policy. Astro adds `script-src` and
 * `style-src` with the hashes of the site's own scripts and inline styles, and sends the
 * whole policy as a header (a `<meta>` policy cannot carry `frame-ancestors`).
 */
export const cspDirectives = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  // The service worker (/sw.js) and Pagefind's worker: both the site's own files. Said
  // outright rather than left to fall back on script-src (docs/decisions/135).
  "worker-src 'self'",
] as const;

/**
 * For every response that is not a page (scripts, feeds, images, JSON, redirects): it may
 * load nothing and be framed by nobody. The API's own policy is the same.
 */
export const resourceCsp = "default-src 'none'; frame-ancestors 'none'";

/**
 * Pagefind runs its search in a worker, whose policy comes from the worker script's own
 * response: it fetches the index and compiles its WebAssembly. Only there is
 * `'wasm-unsafe-eval'` allowed; the search page itself does not need it.
 */
export const searchWorkerPath = '/pagefind/pagefind-worker.js';
export const searchWorkerCsp = "default-src 'none'; connect-src 'self'; script-src 'wasm-unsafe-eval'";

/**
 * The service worker runs under the policy of its own script's response: it fetches the
 * site's pages to keep them (connect-src) and nothing else. Served at the root, so its
 * scope is the whole site without a `Service-Worker-Allowed` header.
 */
export const serviceWorkerPath = '/sw.js';
export const serviceWorkerCsp = "default-src 'none'; connect-src 'self'";

/**
 * Features the site never uses, refused to the page and anything it could embed. Only
 * names Chromium knows: an unknown one is logged as an error on every page.
 */
export const permissionsPolicy = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** On every response, whatever served it. */
export const baseSecurityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Not `no-referrer`: with it, browsers send `Origin: null` on the donation pages' own
  // form posts and the origin check refuses them (docs/decisions/010). `same-origin` still
  // tells other sites nothing, not even which page a reader followed a source link from.
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': permissionsPolicy,
};

/** Only on responses that went out over HTTPS: over plain HTTP browsers ignore it anyway. */
export const hsts = 'max-age=31536000; includeSubDomains';

/**
 * Adds what a response lacks of the headers above (a header it already has, it keeps):
 * the base set, a resource policy when no Content-Security-Policy is there, and HSTS when
 * the request came over HTTPS.
 */
export function addSecurityHeaders(headers: Headers, { https }: { https: boolean }): void {
  const wanted: Record<string, string> = { ...baseSecurityHeaders, 'Content-Security-Policy': resourceCsp };
  if (https) wanted['Strict-Transport-Security'] = hsts;
  for (const [name, value] of Object.entries(wanted)) {
    if (!headers.has(name)) headers.set(name, value);
  }
}
