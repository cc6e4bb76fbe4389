import { describe, expect, test } from 'vitest';
import { countryCodes } from '../../src/lib/countries';
import { toE164 } from '../../src/lib/phone';
import { isReference, newReference, normalizeReference, referenceAlphabet } from '../../src/lib/reference';

describe('toE164', () => {
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
    expect(toE164(typed, country)).toBe(e164);
  });

  test.each([
    ['090-1234-5678', undefined],
    ['call me', 'JP'],
    ['+0 123 456', undefined],
    ['+81 12', undefined],
    ['+1234567890123456', undefined],
  ] as const)('%s (country %s) is not a number we can dial', (typed, country) => {
    expect(toE164(typed, country)).toBeUndefined();
  });

  test('every country in the list has a calling code', () => {
    expect(countryCodes).toHaveLength(249);
    for (const code of countryCodes) expect(toE164('12345678', code), code).toMatch(/^\+\d+$/);
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

  test('use every character about equally (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) for (const ch of newReference().slice(3).replace('-', '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (20_000 * 8) / referenceAlphabet.length;
    for (const ch of referenceAlphabet) expect(Math.abs((counts.get(ch) ?? 0) - expected) / expected, ch).toBeLessThan(0.1);
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
