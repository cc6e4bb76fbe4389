import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { isLocale, localeCookie, locales } from '../../src/i18n/config';
import { localizedPath, safeLocalPath, splitLocale } from '../../src/i18n/paths';
import { nextQuery } from '../contract/inputs';
import { describe, type Operation } from '../contract/operation';
import { refusalsOf } from '../contract/refusals';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

const switchLanguage: Operation = {
  operationId: 'switchLanguage',
  summary: 'Switch the reader’s language',
  description:
    'Remembers the language in a cookie and sends the reader to `next` in that language (the language switcher’s links; works without JavaScript).',
  tags: ['public'],
  access: 'public',
  request: {
    path: { lng: { description: 'One of the portal’s languages.', schema: { type: 'string', enum: [...locales] } } },
    query: nextQuery,
  },
  responses: {
    303: {
      description: 'To `next` when it is a page of the portal in that language, else to that language’s home page.',
      headers: {
        Location: { description: 'Where to go.', schema: { type: 'string' } },
        'Set-Cookie': { description: 'The reader’s language, for a year.', schema: { type: 'string' } },
      },
    },
    ...refusalsOf('notFound'),
  },
};

/**
 * `GET /locale/:lng?next=/lng/page/`: the language switcher's target. Remembers the
 * reader's choice in a cookie (so `/` sends them to it next time) and sends them on
 * to the same page in that language. Works without JavaScript.
 */
export function localeRoutes() {
  return new Hono<AppEnv>().get('/:lng', describe(switchLanguage), (c) => {
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
