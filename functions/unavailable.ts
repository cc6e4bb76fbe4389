import { localeCookie } from '../src/i18n/config';
import { useTranslations } from '../src/i18n/i18n';
import { negotiateLocale, readCookie } from '../src/i18n/negotiate';
import { RETRY_AFTER_UNAVAILABLE_SECONDS } from './errors';

/**
 * The answer when the API cannot start (bad configuration, database locked or down):
 * the same JSON error shape as every other error, in the requester's language.
 */
export function unavailableResponse(request: Request, err: unknown): Response {
  const requestId = crypto.randomUUID();
  console.error(`[api] ${requestId} could not start:`, err instanceof Error ? err.message : err);
  const locale = negotiateLocale({
    cookie: readCookie(request.headers.get('cookie'), localeCookie),
    acceptLanguage: request.headers.get('accept-language'),
  });
  const t = useTranslations(locale, 'errors');
  return Response.json(
    { error: { code: 'unavailable', message: t('error.unavailable'), requestId } },
    {
      status: 503,
      headers: { 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS), 'X-Request-Id': requestId },
    },
  );
}
