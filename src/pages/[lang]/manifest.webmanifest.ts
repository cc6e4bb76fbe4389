import type { APIRoute } from 'astro';
import { type Locale, localeConfig } from '../../i18n/config';
import { useTranslations } from '../../i18n/i18n';
import { localizedPath } from '../../i18n/paths';
import { localeStaticPaths } from '../../i18n/static-paths';
import { themeColor } from '../../lib/offline';

export const getStaticPaths = localeStaticPaths;

/**
 * The web app manifest of one language: installed from a Chinese page, the app is named
 * in Chinese and opens the Chinese home page. One per language, because a manifest has
 * one `name` and one `start_url` (docs/decisions/135-offline-guides.md).
 */
export const GET: APIRoute = ({ params }) => {
  const locale = params.lang as Locale;
  const t = useTranslations(locale);
  const home = localizedPath(locale);
  const manifest = {
    id: home,
    name: t('app.name'),
    short_name: t('app.shortName'),
    description: t('site.description'),
    lang: localeConfig[locale].htmlLang,
    dir: 'ltr',
    start_url: home,
    scope: home,
    display: 'standalone',
    theme_color: themeColor,
    background_color: '#ffffff',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
  return new Response(`${JSON.stringify(manifest)}\n`, { headers: { 'Content-Type': 'application/manifest+json; charset=utf-8' } });
};
