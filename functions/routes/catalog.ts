import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { type Locale, localeConfig } from '../../src/i18n/config';
import { useTranslations } from '../../src/i18n/i18n';
import { catalog, counterOf, deliveries, organizationKinds, recipients, standards } from '../../src/lib/catalog';
import { commonCurrencies, currencyCodes, currencyMinorUnits } from '../../src/lib/currencies';
import { catalogAnswer } from '../contract/answers';
import { localeQuery } from '../contract/inputs';
import { answer, describe, type Operation } from '../contract/operation';
import type { AppEnv } from '../env';

const getCatalog: Operation = {
  operationId: 'getCatalog',
  summary: 'What can be offered',
  description:
    'Items with their units, standards, organisation kinds, recipients, deliveries and currencies, named in the language asked for (`?locale=`, the cookie or Accept-Language).',
  tags: ['public'],
  access: 'public',
  request: { query: localeQuery },
  responses: {
    200: {
      description: 'The catalog. Cached for five minutes; `ETag` and `If-None-Match` give `304`.',
      body: catalogAnswer,
      headers: { ETag: { description: 'Changes when the catalog does.', schema: { type: 'string' } } },
    },
    304: { description: 'Unchanged since the `ETag` sent in `If-None-Match`.' },
  },
};

/**
 * `GET /catalog?locale=es`: what can be offered, with names and units in the language
 * asked for, plus the other fixed choices of the offer form. The same for everyone, so
 * the CDN may keep it.
 */
export function catalogRoutes() {
  // The same for every request in a language: built once per language.
  const built = new Map<Locale, ReturnType<typeof buildCatalog>>();
  return new Hono<AppEnv>().get('/', describe(getCatalog), etag(), (c) => {
    const locale = c.get('locale');
    let body = built.get(locale);
    if (!body) {
      body = buildCatalog(locale);
      built.set(locale, body);
    }
    c.header('Cache-Control', 'public, max-age=300, s-maxage=3600');
    c.header('Vary', 'Accept-Language, Cookie');
    c.header('Content-Language', localeConfig[locale].htmlLang);
    return answer(c, catalogAnswer, body);
  });
}

function buildCatalog(locale: Locale) {
  const t = useTranslations(locale, 'donate');
  const currencyNames = new Intl.DisplayNames(localeConfig[locale].intl, { type: 'currency' });
  return {
    locale,
    items: catalog.map(({ item, unit }) => ({
      item,
      name: t(`item.${item}`),
      unit,
      unitName: t(`unit.${counterOf(item, unit)}`),
    })),
    standards,
    organizationKinds: organizationKinds.map((code) => ({ code, name: t(`kind.${code}`) })),
    recipients: recipients.map((code) => ({ code, name: t(`recipient.${code}`) })),
    deliveries: deliveries.map((code) => ({ code, name: t(`delivery.${code}`) })),
    currencies: currencyCodes.map((code) => ({
      code,
      name: currencyNames.of(code) ?? code,
      minorUnits: currencyMinorUnits(code),
      common: (commonCurrencies as readonly string[]).includes(code),
    })),
  };
}
