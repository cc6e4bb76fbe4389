import { describe, expect, test } from 'vitest';
import { chineseNumeral, numbersIn, sourceReadings } from '../../tooling/i18n/content-checks/numbers';
import { findings, story, tempProjects } from '../helpers/i18n-project';

const project = tempProjects();
const read = (text: string) => numbersIn(text).map((n) => [n.text, n.readings.join('|')]);

describe('reading figures in any language (tooling/i18n/content-checks/numbers.ts)', () => {
  test('万 and 億, thousands separators of every locale and "million" come to one value', () => {
    expect(read('30万个 · 300,000 · 300.000 · 300 000')).toEqual([
      ['30万', '300000'],
      ['300,000', '300000'],
      ['300.000', '300000'],
      ['300 000', '300000'],
    ]);
    expect(read('374.6万元, 3.746 million, 3,746 millones, 3.746.000')).toEqual([
      ['374.6万', '3746000'],
      ['3.746 million', '3746000|3746000000'],
      ['3,746 millones', '3746000|3746000000'],
      ['3.746.000', '3746000'],
    ]);
    expect(read('12544.02万元 = 1億2544万200元 = 125,440,200; 35.71万 = 35万7100枚')).toEqual([
      ['12544.02万', '125440200'],
      ['1億2544万200', '125440200'],
      ['125,440,200', '125440200'],
      ['35.71万', '357100'],
      ['35万7100', '357100'],
    ]);
  });

  test('a lone dot or comma is read both ways: 8,8 and 8.8 are 8.8; 2,500 is 2500 (or 2.5)', () => {
    expect(read('8,8 t · 8.8 t · 2,500 · 0.048 · 12000.50')).toEqual([
      ['8,8', '8.8'],
      ['8.8', '8.8'],
      ['2,500', '2.5|2500'],
      ['0.048', '0.048'],
      ['12000.50', '12000.5'],
    ]);
  });

  test('dates are their day, month and year: a month name counts only next to a number', () => {
    const parts = (text: string) => numbersIn(text).flatMap((n) => n.readings);
    expect(parts('2020-03-31')).toEqual(['2020', '3', '31']);
    expect(parts('31 March 2020')).toEqual(['31', '3', '2020']);
    expect(parts('31 de marzo de 2020')).toEqual(['31', '3', '2020']);
    expect(parts('2020年3月31日')).toEqual(['2020', '3', '31']);
    expect(parts('31.03.2020')).toEqual(['31', '3', '2020']);
    expect(parts('You may ask in March.')).toEqual([]);
  });

  test('ordinals and phone numbers; codes, addresses and placeholders are not figures', () => {
    expect(read('1st, 11th, 第1次')).toEqual([
      ['1', '1'],
      ['11', '11'],
      ['1', '1'],
    ]);
    expect(read('Llame al +54 9 11 1234 5678.')).toEqual([['+54 9 11 1234 5678', 'tel:5491112345678']]);
    expect(read('N95, DS2/N95, KN95, COVID-19, TX-4K7M-Q9PD, {{count}}, https://who.int/2020/5, 12320.gov.cn, a@b2.org')).toEqual([]);
  });

  test('the Chinese source also counts its numbers in characters, and 每 ("each") as 1', () => {
    expect(chineseNumeral('一百零八')).toBe(108);
    expect(chineseNumeral('三万五千')).toBe(35000);
    expect(chineseNumeral('一亿二千万')).toBe(120000000);
    const zh = sourceReadings('两次倡议，六十六天，每行最多 {{max}}');
    expect([...zh].sort()).toEqual(['1', '2', '6', '66']);
  });
});

/** The Chinese story the translations below answer to: line 14 is the body's first line. */
const zhStory = story(
  '截至2020年3月31日的捐赠数字',
  [
    '截至2020年3月31日，10名海外侨领筹集了医用外科口罩30万个，捐款捐物价值总额374.6万元。',
    '',
    '如需帮助，请拨打 +54 9 11 1234 5678（[来源](https://example.org/report-2021.pdf)）[[1]](#source-1)。',
  ].join('\n'),
);

describe('i18n:check: every number in a translation is one its Chinese source has', () => {
  test('translations that write the same figures in their own style pass', () => {
    const root = project({
      'src/content/stories/zh/totals.md': zhStory,
      'src/content/stories/en/totals.md': story(
        'What was given, as of 31 March 2020',
        [
          'By 31 March 2020, 10 overseas community leaders had gathered 300,000 surgical masks, worth 3.746 million yuan in all.',
          '',
          'For help, call +54 9 11 1234 5678 ([source](https://example.org/report-2021.pdf)) [[1]](#source-1).',
          '',
          '1. Numbered lists are not figures.',
          '2. Neither are link targets or list numbers.',
        ].join('\n'),
        'order: 7\n',
      ),
      'src/content/stories/es/totals.md': story(
        'Lo que se donó, al 31 de marzo de 2020',
        'Hasta el 31 de marzo de 2020, 10 líderes comunitarios reunieron 300.000 mascarillas, por un valor de 3.746.000 yuanes.',
      ),
      'src/content/stories/ja/totals.md': story(
        '2020年3月31日時点の寄付の数字',
        '2020年3月31日までに、10人の役員がマスク30万枚、合計374.6万元相当を集めました。',
      ),
    });
    expect(findings(root, 'number-mismatch')).toEqual([]);
  });

  test('a figure the Chinese lacks is an error naming the file, the line and the number', () => {
    const root = project({
      'src/content/stories/zh/totals.md': zhStory,
      'src/content/stories/en/totals.md': story(
        'What was given, as of 31 March 2020',
        'By 31 March 2020, 12 overseas community leaders had gathered 350,000 surgical masks, worth 3.746 million yuan.',
      ),
      'src/content/stories/es/totals.md': story('Lo que se donó, al 30 de marzo de 2020', 'Llame al +54 9 11 1234 5679.'),
    });
    expect(findings(root, 'number-mismatch').map((i) => [i.file, i.line, i.column, i.message.split(' is not')[0]])).toEqual([
      ['src/content/stories/en/totals.md', 14, 19, 'the number 12'],
      ['src/content/stories/en/totals.md', 14, 62, 'the number 350,000'],
      ['src/content/stories/es/totals.md', 2, 28, 'the number 30'],
      ['src/content/stories/es/totals.md', 14, 10, 'the number +54 9 11 1234 5679'],
    ]);
    expect(findings(root, 'number-mismatch')[1]?.message).toBe(
      "the number 350,000 is not in the Chinese original src/content/stories/zh/totals.md: write the figure the Chinese has (in your language's style), or have it added to the Chinese first if it is a new fact",
    );
  });

  test('an interface string is held against the Chinese text of the same key; a plural form against every form of its key', () => {
    const root = project({
      'locales/zh/home.json': {
        'figures.masks': '口罩 {{value}} 个（截至2020年3月31日）',
        'figures.gloves': '手套 10万双',
        items_other: '最多 {{count}} 项，每项 5 件',
      },
      'locales/en/home.json': {
        'figures.masks': '{{value}} masks (as of 31 March 2020)',
        'figures.gloves': '100,000 pairs of gloves, 24 hours a day',
        items_one: 'one item, 5 pieces each',
        items_other: 'up to {{count}} items, 6 pieces each',
      },
    });
    expect(findings(root, 'number-mismatch').map((i) => [i.file, i.line, i.column, i.key, i.message])).toEqual([
      [
        'locales/en/home.json',
        3,
        47,
        'figures.gloves',
        'the number 24 in "figures.gloves" is not in its Chinese text ("手套 10万双"): write the figure the Chinese has, or have it added to the Chinese first',
      ],
      [
        'locales/en/home.json',
        5,
        42,
        'items_other',
        'the number 6 in "items_other" is not in its Chinese text ("最多 {{count}} 项，每项 5 件"): write the figure the Chinese has, or have it added to the Chinese first',
      ],
    ]);
  });
});

describe('phone examples in the reader’s own format (locales/local-examples.json)', () => {
  const strings = {
    'locales/zh/donate.json': { 'help.phone': '例如 +86 138 0013 8000', 'help.masks': '最多 300000 个' },
    'locales/es/donate.json': { 'help.phone': 'Por ejemplo, +54 9 11 1234 5678', 'help.masks': 'Hasta 30.000 unidades' },
  };
  const allowance = (keys: Record<string, string>) => ({ _comment: 'x', keys });

  test('without an allowance the example is a mismatch; with one it is the reader’s own, and other numbers still count', () => {
    expect(findings(project(strings), 'number-mismatch').map((i) => `${i.file} ${i.key}`)).toEqual([
      'locales/es/donate.json help.phone',
      'locales/es/donate.json help.masks',
    ]);
    const root = project({
      ...strings,
      'locales/local-examples.json': allowance({ 'donate:help.phone': 'A phone number as written where Spanish is read.' }),
    });
    const left = findings(root, 'number-mismatch');
    expect(left.map((i) => `${i.key} ${i.line}`)).toEqual(['help.masks 3']);
    expect(left[0]?.message).toContain('30.000');
  });

  test('an allowance must say why, and one for a key that is gone is an error with its line', () => {
    const root = project({
      ...strings,
      'locales/local-examples.json': allowance({
        'donate:help.phone': 'ok, why not',
        'donate:help.fax': 'A fax number as written where Spanish is read.',
        nokey: 'x',
      }),
    });
    expect(findings(root, 'invalid-local-examples').map((i) => [i.file, i.line])).toEqual([['locales/local-examples.json', 6]]);
    const stale = findings(root, 'stale-allowance');
    expect(stale.map((i) => [i.file, i.line])).toEqual([['locales/local-examples.json', 5]]);
    expect(stale[0]?.message).toContain('donate:help.fax');
  });
});
