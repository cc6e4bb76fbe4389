import { getExampleNumber, isSupportedCountry } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, test } from 'vitest';
import { countryCodes } from '../../src/lib/countries';
import { readPhone } from '../../src/lib/phone-rules';
import { readPhone as readPhoneLite } from '../../src/lib/phone-rules-lite';
import { isPhoneText } from '../../src/lib/phone-text';
import { isReference, newReference, normalizeReference, referenceAlphabet } from '../../src/lib/reference';

describe('readPhone (the API’s full rules)', () => {
  test.each([
    ['+81 90-1234-5678', undefined, '+819012345678'],
    ['090-1234-5678', 'JP', '+819012345678'],
    ['００８１ ９０ １２３４ ５６７８', undefined, '+819012345678'],
    ['(0591) 8765 4321', 'CN', '+8659187654321'],
    ['612 345 678', 'ES', '+34612345678'],
    ['06 1234 5678', 'IT', '+390612345678'],
    ['8 912 345 67 89', 'RU', '+79123456789'],
    ['(415) 555-0134', 'US', '+14155550134'],
    ['1 415 555 0134', 'US', '+14155550134'],
    ['020 7946 0000', 'GB', '+442079460000'],
  ] as const)('%s in %s is %s', (typed, country, e164) => {
    expect(readPhone(typed, country)).toBe(e164);
  });

  test.each([
    // Argentina: a mobile written at home has the area code, then 15; abroad it is +54 9 and no 15.
    ['011 15-2345-6789', 'AR', '+5491123456789'],
    ['(0351) 15-234-5678', 'AR', '+5493512345678'],
    ['+54 9 11 2345 6789', 'AR', '+5491123456789'],
    ['+54 9 11 2345 6789', 'JP', '+5491123456789'],
    ['011 4123-4567', 'AR', '+541141234567'],
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['+86 138 0013 8000', 'ES', '+8613800138000'],
    ['0917 123 4567', 'PH', '+639171234567'],
    ['012-345 6789', 'MY', '+60123456789'],
    ['03-2123 4567', 'MY', '+60321234567'],
    ['212-555-0199', 'US', '+12125550199'],
    ['91 123 45 67', 'ES', '+34911234567'],
    ['312 345 6789', 'IT', '+393123456789'],
    ['+39 06 1234 5678', undefined, '+390612345678'],
    ['0039 06 1234 5678', 'ES', '+390612345678'],
    ['03-1234-5678', 'JP', '+81312345678'],
    ['٠٩٠١٢٣٤٥٦٧٨', 'JP', '+819012345678'],
  ] as const)('%s in %s is %s (communities abroad)', (typed, country, e164) => {
    expect(readPhone(typed, country)).toBe(e164);
  });

  test.each([
    ['090-1234-5678', undefined],
    ['call me', 'JP'],
    ['+0 123 456', undefined],
    ['+81 12', undefined],
    ['+1234567890123456', undefined],
    // Five digits are no phone number in China, or anywhere the form is used.
    ['12345', 'CN'],
    ['12345', 'US'],
    ['+86 12345', undefined],
    // Right length, but no such number range: `isValid`, not only `isPossible`.
    ['12345678', 'CN'],
    ['+81 90 0000 0000', undefined],
    // A mobile without its area code cannot be dialled from anywhere.
    ['15-2345-6789', 'AR'],
    // Extensions cannot be stored in E.164: written as letters or marks, they are not a phone number here.
    ['+1 415 555 0134 ext. 12', 'US'],
    ['+1 415 555 0134 #12', 'US'],
    ['+81 90\u200b1234 5678', undefined],
    // A national number from a place the rules do not know must be written with its country code.
    ['12345678', 'AQ'],
  ] as const)('%s (country %s) is not a number we can dial', (typed, country) => {
    expect(readPhone(typed, country)).toBeUndefined();
  });

  test('every country in the form either has rules, and its own mobile numbers written at home read back, or takes international numbers only', () => {
    expect(countryCodes).toHaveLength(249);
    const withRules = countryCodes.filter((code) => isSupportedCountry(code));
    expect(withRules.length).toBeGreaterThan(240);
    let read = 0;
    for (const code of withRules) {
      const example = getExampleNumber(code as never, examples);
      if (!example) continue;
      read++;
      expect(readPhone(example.formatNational(), code), `${code} ${example.formatNational()}`).toBe(example.number);
      expect(readPhone(example.formatInternational()), code).toBe(example.number);
    }
    expect(read).toBe(withRules.length);
    for (const code of countryCodes.filter((c) => !isSupportedCountry(c))) {
      expect(readPhone('+44 20 7946 0000', code), code).toBe('+442079460000');
    }
  });
});

describe('readPhone on the donation page (lighter rules, loaded when the phone field is used)', () => {
  test.each([
    ['011 15-2345-6789', 'AR', '+5491123456789'],
    ['090-1234-5678', 'JP', '+819012345678'],
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['06 1234 5678', 'IT', '+390612345678'],
  ] as const)('reads %s in %s as the API does: %s', (typed, country, e164) => {
    expect(readPhoneLite(typed, country)).toBe(e164);
    expect(readPhone(typed, country)).toBe(e164);
  });

  test('refuses the 5-digit number too', () => {
    expect(readPhoneLite('12345', 'CN')).toBeUndefined();
  });

  test('before the rules are loaded, only the characters are checked', () => {
    expect(isPhoneText('+54 9 (11) 2345-6789')).toBe(true);
    expect(isPhoneText('０９０ー１２３４')).toBe(false);
    expect(isPhoneText('call me')).toBe(false);
    expect(isPhoneText('--')).toBe(false);
  });
});

describe('offer references', () => {
  test('look like TX-4K7M-Q9PD and never use 0, O, 1, I or L', () => {
    for (let i = 0; i < 500; i++) {
      const reference = newReference();
      expect(isReference(reference), reference).toBe(true);
      expect(reference.slice(3)).not.toMatch(/[01OIL]/);
    }
    expect(referenceAlphabet).toHaveLength(31);
  });

  test('are not sequential: 10,000 of them do not repeat', () => {
    expect(new Set(Array.from({ length: 10_000 }, () => newReference())).size).toBe(10_000);
  });

  test('use every character equally: bytes past the last whole multiple of the alphabet are thrown away (no modulo bias)', () => {
    // Each byte value in turn, as the generator's whole first answer; then a byte that maps to 'Z'.
    const n = referenceAlphabet.length;
    const made = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      let calls = 0;
      const reference = newReference((bytes) => bytes.fill(calls++ === 0 ? byte : n - 1));
      const expected = byte < 256 - (256 % n) ? referenceAlphabet[byte % n] : 'Z';
      expect(reference, `byte ${byte}`).toBe(`TX-${expected?.repeat(4)}-${expected?.repeat(4)}`);
      if (byte < 256 - (256 % n)) made.set(expected as string, (made.get(expected as string) ?? 0) + 1);
    }
    // Every character comes from the same number of byte values.
    expect(new Set(made.values())).toEqual(new Set([Math.floor(256 / n)]));
    expect(made.size).toBe(n);
  });

  test('are read back however they are typed', () => {
    expect(normalizeReference('tx-4k7m-q9pd')).toBe('TX-4K7M-Q9PD');
    expect(normalizeReference(' TX 4K7M Q9PD ')).toBe('TX-4K7M-Q9PD');
    expect(normalizeReference('4k7mq9pd')).toBe('TX-4K7M-Q9PD');
    expect(normalizeReference('ＴＸ－４Ｋ７Ｍ－Ｑ９ＰＤ')).toBe('TX-4K7M-Q9PD');
    expect(normalizeReference('TX-4K7M-Q9P')).toBeUndefined();
    expect(normalizeReference('TX-0OIL-1111')).toBeUndefined();
  });
});
