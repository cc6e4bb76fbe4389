import type { MiddlewareHandler } from 'hono';
import { isLocale, localeCookie } from '../../src/i18n/config';
import { useTranslations } from '../../src/i18n/i18n';
import { negotiateLocale, readCookie } from '../../src/i18n/negotiate';
import type { AppEnv } from '../env';

/**
 * Decides the language of the response: `?locale=` when the caller names one, then the
 * reader's remembered choice, then Accept-Language. Routes that read a body may
 * override it with the body's `locale`.
 */
export function requestLocale(): MiddlewareHandler<AppEnv> {
  return async function requestLocale(c, next) {
    const query = c.req.query('locale');
    const locale = isLocale(query)
      ? query
      : negotiateLocale({
          cookie: readCookie(c.req.header('cookie'), localeCookie),
          acceptLanguage: c.req.header('accept-language'),
        });
    c.set('locale', locale);
    c.set('t', useTranslations(locale, 'errors'));
    await next();
  };
}
