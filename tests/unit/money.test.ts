import { describe, expect, test } from 'vitest';
import { currencyMinorUnits, isCurrencyCode } from '../../src/lib/currencies';
import { formatMoney, fromMinorUnits, groupSeparatorFor, normalizeAmount, toMinorUnits } from '../../src/lib/money';

describe('normalizeAmount', () => {
  test.each([
    ['350000.00', ',', '350000.00'],
    ['350,000.00', ',', '350000.00'],
    ['350.000,00', '.', '350000.00'],
    ['350 000,50', '.', '350000.50'],
    ['1.500', '.', '1500'],
    ['1.500', ',', '1.500'],
    ['1,500', ',', '1500'],
    ['1,5', ',', '1.5'],
    ['３５００００', ',', '350000'],
    ['1’000’000', ',', '1000000'],
    ['007', ',', '7'],
  ] as const)('%s read with %s between thousands is %s', (typed, group, canonical) => {
    expect(normalizeAmount(typed, group)).toBe(canonical);
  });

  test.each(['', 'abc', '1.2.3,4,5', '12,34,567', '1,', '-5', '1e6', '1.2.3'])('%j is not an amount', (typed) => {
    expect(normalizeAmount(typed)).toBeUndefined();
  });
});

describe('minor units', () => {
  test('come from Intl: yen have none, yuan two, Bahraini dinar three', () => {
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(currencyMinorUnits('CNY')).toBe(2);
    expect(currencyMinorUnits('BHD')).toBe(3);
  });

  test('an amount becomes whole minor units without passing through a float', () => {
    expect(toMinorUnits('350000.00', 'CNY', 1e12)).toEqual({ minor: 35_000_000 });
    expect(toMinorUnits('0.29', 'USD', 1e12)).toEqual({ minor: 29 });
    expect(toMinorUnits('1000000', 'JPY', 1e12)).toEqual({ minor: 1_000_000 });
    expect(toMinorUnits('1.000', 'JPY', 1e12)).toEqual({ minor: 1 });
    expect(toMinorUnits('12.345', 'BHD', 1e12)).toEqual({ minor: 12_345 });
    expect(toMinorUnits('999999999999.99', 'USD', 999_999_999_999)).toEqual({ minor: 99_999_999_999_999 });
  });

  test('too many decimals for the currency is a problem, never a rounding', () => {
    expect(toMinorUnits('1000.5', 'JPY', 1e12)).toEqual({ problem: 'decimals' });
    expect(toMinorUnits('12.345', 'CNY', 1e12)).toEqual({ problem: 'decimals' });
  });

  test('zero and amounts over the limit are out of range', () => {
    expect(toMinorUnits('0.00', 'USD', 1e12)).toEqual({ problem: 'range' });
    expect(toMinorUnits('1000000000000', 'USD', 999_999_999_999)).toEqual({ problem: 'range' });
  });

  test('minor units turn back into the same canonical amount', () => {
    expect(fromMinorUnits(35_000_050, 'CNY')).toBe('350000.50');
    expect(fromMinorUnits(5, 'USD')).toBe('0.05');
    expect(fromMinorUnits(1_000_000, 'JPY')).toBe('1000000');
  });

  test('amounts are shown in the reader’s style', () => {
    expect(formatMoney(35_000_050, 'CNY', 'es')).toBe('350.000,50\u00a0CNY');
    expect(formatMoney(1_000_000, 'JPY', 'ja-JP')).toBe('￥1,000,000');
  });
});

describe('currencies and locales', () => {
  test('only ISO 4217 codes in circulation are accepted', () => {
    expect(isCurrencyCode('ARS')).toBe(true);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('usd')).toBe(false);
  });

  test('Spanish groups thousands with a dot, the other languages with a comma', () => {
    expect(groupSeparatorFor('es')).toBe('.');
    expect(groupSeparatorFor('en-GB')).toBe(',');
    expect(groupSeparatorFor('zh-CN')).toBe(',');
    expect(groupSeparatorFor('ja-JP')).toBe(',');
  });
});
