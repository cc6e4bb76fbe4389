import { localeConfig, localeCookie, locales } from '../i18n/config';
import { negotiateLocale, readCookie } from '../i18n/negotiate';
import { localizedPath } from '../i18n/paths';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/**
 * The answer to `/`: a redirect to the reader's language, chosen on the server. The
 * body lists every language in its own script for clients that do not follow redirects.
 */
export function rootRedirect(request: Request): Response {
  const locale = negotiateLocale({
    cookie: readCookie(request.headers.get('cookie'), localeCookie),
    acceptLanguage: request.headers.get('accept-language'),
  });
  const target = localizedPath(locale);
  const items = locales
    .map((l) => {
      const c = localeConfig[l];
      return `<li><a href="${localizedPath(l)}" hreflang="${c.htmlLang}" lang="${c.htmlLang}">${escapeHtml(c.endonym)}</a></li>`;
    })
    .join('');
  const body = `<!doctype html><html lang="${localeConfig[locale].htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>同心战疫 · Tongxin</title></head><body><main><h1>同心战疫 · Tongxin</h1><ul>${items}</ul></main></body></html>`;
  return new Response(body, {
    status: 302,
    headers: {
      Location: target,
      'Content-Type': 'text/html; charset=utf-8',
      // The answer depends on who asks: never cache one reader's language for another.
      'Cache-Control': 'private, no-store',
      Vary: 'Accept-Language, Cookie',
    },
  });
}
