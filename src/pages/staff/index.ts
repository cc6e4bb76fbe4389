import type { APIRoute } from 'astro';
import { negotiateStaffLocale, readCookie, staffLocaleCookie, staffPath } from '../../i18n/staff';

export const prerender = false;

/** `/staff/` → the workspace in the staff member's language (Chinese or English). */
function redirect(request: Request): Response {
  const locale = negotiateStaffLocale({
    cookie: readCookie(request.headers.get('cookie'), staffLocaleCookie),
    acceptLanguage: request.headers.get('accept-language'),
  });
  return new Response(null, {
    status: 302,
    headers: { Location: staffPath(locale), 'Cache-Control': 'private, no-store', Vary: 'Accept-Language, Cookie' },
  });
}

export const GET: APIRoute = ({ request }) => redirect(request);
export const HEAD: APIRoute = ({ request }) => redirect(request);
