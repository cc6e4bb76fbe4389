import { defineMiddleware } from 'astro:middleware';
import { addSecurityHeaders } from './lib/security-headers';

/**
 * Security headers on everything Astro answers on demand (the donation and staff pages,
 * the 404, `/`, the API), in both deploy targets. A page's Content-Security-Policy, with
 * the hashes of its scripts and styles, is Astro's own (`security.csp`); this adds the rest.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  const https = context.url.protocol === 'https:';
  try {
    addSecurityHeaders(response.headers, { https });
    return response;
  } catch {
    // Some responses (Response.redirect(), a fetch()) have immutable headers: copy it.
    const copy = new Response(response.body, response);
    addSecurityHeaders(copy.headers, { https });
    return copy;
  }
});
