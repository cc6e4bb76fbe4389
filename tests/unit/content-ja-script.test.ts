import { describe, expect, test } from 'vitest';
import { isSimplifiedOnly, japaneseScriptFindings } from '../../tooling/i18n/content-checks/ja-script';
import { findings, story, tempProjects } from '../helpers/i18n-project';

const project = tempProjects();

describe('no simplified Chinese in Japanese text (tooling/i18n/content-checks/ja-script.ts)', () => {
  test('simplified-only characters are on the list; Japanese forms that look simplified are not', () => {
    for (const ch of '侨领务网门们这说为发间关问题认让经济疗战闽艺复产') expect(isSimplifiedOnly(ch), ch).toBe(true);
    // Japanese shinjitai, and characters also traditional: 医 国 学 会 体 気 広 芸 云 叶 机 广.
    for (const ch of '医国学会体気広芸云叶机广') expect(isSimplifiedOnly(ch), ch).toBe(false);
  });

  test('one finding per word, with the Japanese spelling; Chinese quotation marks too', () => {
    expect(japaneseScriptFindings('侨领の皆さんと「侨海抗“疫”」について、中国领事服务网で確認。医療と国際学会。')).toEqual([
      { index: 0, text: '侨领', kind: 'simplified', instead: '僑領' },
      { index: 8, text: '侨海抗', kind: 'simplified', instead: '僑海抗' },
      { index: 11, text: '“疫”', kind: 'quotes' },
      { index: 20, text: '中国领事服务网', kind: 'simplified', instead: '中国領事服務網' },
    ]);
  });

  test('a Chinese title quoted as such in 《…》 is not read', () => {
    expect(japaneseScriptFindings('感謝の記事《谢谢你们!菲律宾洪门兄弟》は、『僑海抗疫』で紹介されました。')).toEqual([]);
  });
});

describe('i18n:check on Japanese guides, stories and strings', () => {
  const zh = story('侨海抗“疫”', '侨领林海宁捐赠了口罩。\n\n| 中文 | 日本語 |\n| --- | --- |\n| 我发烧了。 | 熱があります。 |');

  test('a simplified word or a Chinese quotation is an error with file, line and the Japanese form', () => {
    const root = project({
      'src/content/stories/zh/masks.md': zh,
      'src/content/stories/ja/masks.md': story('侨海抗“疫”', '侨领の林海宁さんがマスクを寄贈しました。'),
      'locales/zh/common.json': { 'consulate.name': '中国领事服务网' },
      'locales/ja/common.json': { 'consulate.name': '中国领事服务网' },
    });
    expect(findings(root, 'simplified-chinese', 'chinese-quotes').map((i) => [i.code, i.file, i.line, i.column, i.message])).toEqual([
      [
        'simplified-chinese',
        'locales/ja/common.json',
        2,
        22,
        '"中国领事服务网" has simplified Chinese characters: write 中国領事服務網 in Japanese (a Chinese title quoted exactly as published goes in 《…》)',
      ],
      ['simplified-chinese', 'src/content/stories/ja/masks.md', 2, 9, expect.stringMatching(/^"侨海抗" has simplified .*write 僑海抗 in/)],
      [
        'chinese-quotes',
        'src/content/stories/ja/masks.md',
        2,
        12,
        expect.stringMatching(/^“疫” uses Chinese quotation marks “ ”: Japanese quotes with 「…」/),
      ],
      ['simplified-chinese', 'src/content/stories/ja/masks.md', 14, 1, expect.stringMatching(/^"侨领" has simplified .*write 僑領 in/)],
      ['simplified-chinese', 'src/content/stories/ja/masks.md', 14, 4, expect.stringMatching(/^"林海宁" has simplified .*write 林海寧 in/)],
    ]);
  });

  test('Japanese text passes; so do a 《title》, a column headed 中文 (a phrase card) and a source title', () => {
    const root = project({
      'src/content/stories/zh/masks.md': zh,
      'src/content/stories/ja/masks.md': story(
        '『僑海抗疫』',
        '役員の林海寧さんが《侨海抗“疫”》の記事でマスクの寄贈を紹介しました。医療・国際・学会・体温・気温・広場。\n\n| 中文 | 日本語 |\n| --- | --- |\n| 我发烧了。 | 熱があります。 |',
      ).replace('title: "来源"', 'title: "【同心战疫】致公党福建省委会抗击疫情综述"'),
    });
    expect(findings(root, 'simplified-chinese', 'chinese-quotes')).toEqual([]);
  });
});
