import type { AstroGlobal } from 'astro';
import { isLocale, type Locale } from '../i18n/config';
import { setPrivatePageHeaders } from './call-api';

/**
 * What every donation page (the form, thanks, status) does first: its language from the
 * path (undefined for one the site does not speak: the page answers 404), and the headers
 * of a page that shows or takes personal data.
 */
export function donationPageLocale(astro: AstroGlobal): Locale | undefined {
  const lang = astro.params.lang;
  if (!isLocale(lang)) return undefined;
  setPrivatePageHeaders(astro.response.headers);
  return lang;
}
