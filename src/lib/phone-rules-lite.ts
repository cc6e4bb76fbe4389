import metadata from 'libphonenumber-js/metadata.min.json';
import { createPhoneReader } from './phone';

/**
 * The rules the donation page's script loads when the donor uses the phone field
 * (~19 KB gzip of metadata instead of ~39 KB): the same reading of national numbers
 * (trunk prefixes, Argentina's `15`), but validity is checked by length only. The API
 * checks with the full rules (`phone-rules.ts`), so a number these let through can
 * still be refused there, next to the same field.
 */
export const readPhone = createPhoneReader(metadata);
