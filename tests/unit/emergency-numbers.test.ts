import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  type CountryEntry,
  countriesByName,
  emergencyNumbersSchema,
  groupServices,
  noteIds,
  numberScopes,
  readNumber,
  services,
  telHref,
} from '../../src/lib/emergency-numbers';

// Where Tongxin's readers live and study: the list the page promises to cover.
const required = [
  'AR',
  'ES',
  'JP',
  'PH',
  'US',
  'GB',
  'FR',
  'DE',
  'IT',
  'AU',
  'CA',
  'MY',
  'SG',
  'ID',
  'TH',
  'KR',
  'NZ',
  'BR',
  'PE',
  'MX',
  'CN',
];

const raw = JSON.parse(readFileSync(path.resolve('src/data/emergency-numbers.json'), 'utf8')) as { countries: CountryEntry[] };
const parsed = emergencyNumbersSchema.safeParse(raw);
const entries = raw.countries;
const zhLabels = JSON.parse(readFileSync(path.resolve('locales/zh/emergency.json'), 'utf8')) as Record<string, string>;

/** Every number an entry lists, crisis lines included. */
const numbersOf = (c: CountryEntry) => [...services.flatMap((s) => c[s] ?? []), ...(c.crisis ?? []).flatMap((line) => line.numbers)];

describe('src/data/emergency-numbers.json', () => {
  test('matches the schema', () => {
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  test('covers every country the page promises', () => {
    const present = new Set(entries.map((c) => c.country));
    expect(required.filter((code) => !present.has(code))).toEqual([]);
  });

  test('lists each country once', () => {
    const codes = entries.map((c) => c.country);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  test.each(entries.map((c) => [c.country, c] as const))('%s cites at least one source over https', (_, c) => {
    expect(c.sources.length).toBeGreaterThan(0);
    expect(c.sources.some((s) => s.url.startsWith('https://'))).toBe(true);
  });

  test.each(entries.map((c) => [c.country, c] as const))('%s writes every number as dialled: digits and spaces', (_, c) => {
    const numbers = numbersOf(c).map((n) => readNumber(n).number);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((n) => !/^[0-9 +-]+$/.test(n))).toEqual([]);
  });

  test('the Philippines is 911; Argentina has 107 for an ambulance and the general 911', () => {
    const get = (code: string) => entries.find((c) => c.country === code) as CountryEntry;
    expect(get('PH').general?.map((n) => readNumber(n).number)).toEqual(['911']);
    expect(get('AR').ambulance?.map((n) => readNumber(n).number)).toContain('107');
    expect(get('AR').general?.map((n) => readNumber(n).number)).toContain('911');
  });

  test('every note and scope the data can use has a label in Chinese', () => {
    expect(noteIds.filter((id) => !zhLabels[`note.${id}`])).toEqual([]);
    expect(numberScopes.filter((id) => !zhLabels[`where.${id}`])).toEqual([]);
  });
});

describe('the schema refuses', () => {
  const good = entries.find((c) => c.country === 'FR') as CountryEntry;
  const check = (countries: unknown[]) => emergencyNumbersSchema.safeParse({ checked: '2026-12-02', countries });
  const paths = (countries: unknown[]) => check(countries).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  test('the same country twice', () => {
    expect(paths([good, good])).toEqual(['countries.1.country: FR twice']);
  });

  test('a number with letters or punctuation in it', () => {
    expect(check([{ ...good, police: ['17 (police)'] }]).success).toBe(false);
    expect(check([{ ...good, police: ['1-800-FLOWERS'] }]).success).toBe(false);
  });

  test('an entry whose sources are all plain http', () => {
    const sources = good.sources.map((s) => ({ ...s, url: s.url.replace('https://', 'http://') }));
    expect(paths([{ ...good, sources }])).toEqual(['countries.0: at least one source with an https address']);
  });

  test('an entry with no source, or an unknown country code', () => {
    expect(check([{ ...good, sources: [] }]).success).toBe(false);
    expect(check([{ ...good, country: 'XX' }]).success).toBe(false);
  });

  test('a note or scope nobody has translated', () => {
    expect(check([{ ...good, notes: ['callYourMum'] }]).success).toBe(false);
    expect(check([{ ...good, fire: [{ number: '18', where: 'onTuesdays' }] }]).success).toBe(false);
  });
});

describe('helpers', () => {
  test('a tel: address drops the spaces a reader sees', () => {
    expect(telHref('0800 111 0 111')).toBe('tel:08001110111');
    expect(telHref('13 11 14')).toBe('tel:131114');
    expect(telHref('+54 9 11 1234 5678')).toBe('tel:+5491112345678');
  });

  test('services that share numbers are one row; a row with the general number is labelled as that alone', () => {
    const get = (code: string) => entries.find((c) => c.country === code) as CountryEntry;
    expect(groupServices(get('JP'))).toEqual([
      { services: ['ambulance', 'fire'], numbers: ['119'] },
      { services: ['police'], numbers: ['110'] },
    ]);
    expect(groupServices(get('US'))).toEqual([{ services: ['general'], numbers: ['911'] }]);
    expect(groupServices(get('AR')).map((g) => g.services)).toEqual([['general'], ['ambulance'], ['police'], ['fire']]);
  });

  test('countries are named and sorted in the reader’s language', () => {
    const sample = entries.filter((c) => ['AR', 'JP', 'DE'].includes(c.country));
    expect(countriesByName('en-GB', sample).map((c) => c.name)).toEqual(['Argentina', 'Germany', 'Japan']);
    expect(countriesByName('es', sample).map((c) => c.name)).toEqual(['Alemania', 'Argentina', 'Japón']);
    expect(countriesByName('zh-CN', sample).map((c) => c.name)).toEqual(['阿根廷', '德国', '日本']);
  });
});
