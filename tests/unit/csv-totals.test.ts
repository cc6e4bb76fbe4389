import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/csv';
import { cashToFen } from '../../src/lib/totals';

describe('CSV for spreadsheets', () => {
  test('starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
    const csv = toCsv(['名称', 'note'], [['福建同乡会', 'says "hi", then\nleaves']]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(parse(csv, { bom: true })).toEqual([
      ['名称', 'note'],
      ['福建同乡会', 'says "hi", then\nleaves'],
    ]);
  });

  test.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('neutralises the formula %j', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  test('keeps ordinary text, numbers and dates as they are', () => {
    expect(csvCell('マスク')).toBe('マスク');
    expect(csvCell(300000)).toBe('300000');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2020-03-31T00:00:00Z'))).toBe('2020-03-31T00:00:00.000Z');
  });
});

describe('cashToFen', () => {
  test('CNY is already in fen', () => {
    expect(cashToFen(35_000_000, 'CNY', 1_000_000)).toBe(35_000_000);
  });
  test('yen have no minor units', () => {
    // ¥1,000,000 at 0.046512 CNY per yen = 46,512 yuan = 4,651,200 fen.
    expect(cashToFen(1_000_000, 'JPY', 46_512)).toBe(4_651_200);
  });
  test('cents are converted and rounded half up, without floats', () => {
    // US$0.01 at 7.123456 = 0.07123456 yuan = 7.123456 fen → 7.
    expect(cashToFen(1, 'USD', 7_123_456)).toBe(7);
    expect(cashToFen(150_000_000, 'USD', 7_100_000)).toBe(1_065_000_000);
  });
});
