import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { isLocale, localeCookie } from '../../src/i18n/config';
import { localizedPath, safeLocalPath, splitLocale } from '../../src/i18n/paths';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/**
 * `GET /locale/:lng?next=/lng/page/`: the language switcher's target. Remembers the
 * reader's choice in a cookie (so `/` sends them to it next time) and sends them on
 * to the same page in that language. Works without JavaScript.
 */
export function localeRoutes() {
  return new Hono<AppEnv>().get('/:lng', (c) => {
    const lng = c.req.param('lng');
    if (!isLocale(lng)) throw new ApiError(404, 'not_found', 'error.notFound');
    const next = safeLocalPath(c.req.query('next'));
    const target = next && splitLocale(next).locale === lng ? next : localizedPath(lng);
    setCookie(c, localeCookie, lng, {
      path: '/',
      maxAge: 60 * 60 * 24 * 365,
      sameSite: 'Lax',
      httpOnly: true,
      secure: new URL(c.req.url).protocol === 'https:',
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(target, 303);
  });
}
