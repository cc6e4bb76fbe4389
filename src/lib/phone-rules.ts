import metadata from 'libphonenumber-js/metadata.max.json';
import { createPhoneReader } from './phone';

/**
 * The full rules (every number range of every country, ~39 KB gzip): what the API
 * decides with. Never imported by a page's script; the donation page loads
 * `phone-rules-lite.ts` instead.
 */
export const readPhone = createPhoneReader(metadata);
