import type { APIRoute } from 'astro';
import { type Locale, localeConfig } from '../../i18n/config';
import { useTranslations } from '../../i18n/i18n';
import { localizedPath } from '../../i18n/paths';
import { localeStaticPaths } from '../../i18n/static-paths';
import { sortedStories } from '../../lib/content';
import { xmlEscape } from '../../lib/xml';

export const getStaticPaths = localeStaticPaths;

/** RSS 2.0 of the stories that exist in this language. */
export const GET: APIRoute = async ({ params, site, url }) => {
  const locale = params.lang as Locale;
  const t = useTranslations(locale, 'content');
  const base = site ?? new URL(url.origin);
  const abs = (path: string) => new URL(path, base).href;
  const stories = (await sortedStories(locale)).filter((s) => s.translated);
  const items = stories
    .map(({ slug, entry }) => {
      const link = abs(localizedPath(locale, `/stories/${slug}/`));
      return `<item><title>${xmlEscape(entry.data.title)}</title><link>${xmlEscape(link)}</link><guid isPermaLink="true">${xmlEscape(link)}</guid><pubDate>${entry.data.date.toUTCString()}</pubDate><description>${xmlEscape(entry.data.summary)}</description><category>${xmlEscape(t(`series.${entry.data.series}.name`))}</category></item>`;
    })
    .join('');
  const self = abs(`/${locale}/rss.xml`);
  const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${xmlEscape(t('rss.title'))}</title><link>${xmlEscape(abs(localizedPath(locale, '/stories/')))}</link><atom:link href="${xmlEscape(self)}" rel="self" type="application/rss+xml"/><description>${xmlEscape(t('rss.description'))}</description><language>${localeConfig[locale].htmlLang}</language>${items}</channel></rss>`;
  return new Response(body, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
