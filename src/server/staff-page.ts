import type { AstroGlobal } from 'astro';
import { isStaffLocale, type StaffLocale } from '../i18n/staff';
import { setPrivatePageHeaders } from './call-api';

/**
 * What every staff page does first: its language from the path (undefined for one the
 * workspace does not speak: the page answers 404), and headers that forbid framing (a
 * button there erases data) and caching.
 */
export function staffPageLocale(astro: AstroGlobal): StaffLocale | undefined {
  const lang = astro.params.lang;
  if (!isStaffLocale(lang)) return undefined;
  setPrivatePageHeaders(astro.response.headers);
  return lang;
}
