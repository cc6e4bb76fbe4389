import { locales } from './config';

/** `getStaticPaths` for a page that exists once per locale. */
export function localeStaticPaths() {
  return locales.map((lang) => ({ params: { lang } }));
}
