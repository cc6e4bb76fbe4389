import { describe, expect, test } from 'vitest';
import { findings, realFile, story, tempProjects } from '../helpers/i18n-project';

const project = tempProjects();
const glossary = realFile('locales/glossary.json');
const zh = story('致海外侨胞', '我们向海外侨胞发出倡议，洪门兄弟捐赠了口罩和肥皂。');

describe('i18n:check against locales/glossary.json', () => {
  test('a forbidden variant is an error with file, line, the word and the approved form', () => {
    const root = project({
      'locales/glossary.json': glossary,
      'src/content/stories/zh/appeal.md': zh,
      'src/content/stories/es/appeal.md': story(
        'A los compatriotas',
        'Lanzamos un llamamiento a las comunidades de ultramar.\n\nGuarde el número en su Móvil y revise la fecha de caducidad del visado.',
      ),
      'src/content/stories/ja/appeal.md': story('海外の同胞へ', '洪門（こうもん）の団体の指導者が、せっけんを届けました。'),
      // A mainland word the conversion left in Traditional Chinese.
      'src/content/stories/zh-Hant/appeal.md': story('致海外僑胞', '請用聊天軟件聯絡。'),
      'locales/zh/common.json': { 'phone.label': '手机' },
      'locales/es/common.json': { 'phone.label': 'Teléfono móvil' },
    });
    const found = findings(root, 'glossary-term');
    expect(found.map((i) => [i.file, i.line, i.column, i.message.split(' (locales')[0]])).toEqual([
      ['locales/es/common.json', 2, 28, '"móvil": write celular instead'],
      ['src/content/stories/es/appeal.md', 2, 15, '"compatriotas": write comunidades chinas / personas de ascendencia fujianesa instead'],
      ['src/content/stories/es/appeal.md', 14, 43, '"de ultramar": write en el exterior instead'],
      ['src/content/stories/es/appeal.md', 16, 24, '"Móvil": write celular instead'],
      ['src/content/stories/es/appeal.md', 16, 51, '"caducidad": write vencimiento (vence, vencido) instead'],
      ['src/content/stories/es/appeal.md', 16, 65, '"visado": write visa instead'],
      ['src/content/stories/ja/appeal.md', 2, 12, '"同胞": write 華僑・華人 instead'],
      ['src/content/stories/ja/appeal.md', 14, 4, '"こうもん": write ホンメン instead'],
      ['src/content/stories/ja/appeal.md', 14, 13, '"指導者": write 役員 / 華僑団体の役員 instead'],
      ['src/content/stories/ja/appeal.md', 14, 18, '"せっけん": write 石けん instead'],
      ['src/content/stories/zh-Hant/appeal.md', 14, 5, '"軟件": write 軟體 instead'],
    ]);
    expect(found[1]?.message).toBe(
      '"compatriotas": write comunidades chinas / personas de ascendencia fujianesa instead (locales/glossary.json, term "compatriots": readers are of many nationalities: never call them compatriots in the portal\'s own voice; name the community instead)',
    );
  });

  test('approved forms pass; whole words only; the source, a quoted 《title》 and a source title are not checked', () => {
    const root = project({
      'locales/glossary.json': glossary,
      'src/content/stories/zh/appeal.md': zh,
      'src/content/stories/en/appeal.md': story(
        'To overseas Chinese communities',
        'We published 《致海外侨胞的一封信》, a letter to Chinese communities abroad, on an automóvil-free street.',
      ),
      'src/content/stories/es/appeal.md': story(
        'A las comunidades chinas',
        'Guarde el número en su celular; las personas de ascendencia fujianesa en el exterior recibieron 10 unidades.',
      ),
      'src/content/stories/ja/appeal.md': story('華僑・華人の皆さんへ', 'ホンメン（洪門）の団体の役員が石けんを届けました。').replace(
        'title: "来源"',
        'title: "致海外同胞的信"',
      ),
      'src/content/stories/zh-Hant/appeal.md': story('致海外僑胞', '請用聊天軟體聯絡，網路上的資訊要先核實。'),
    });
    expect(findings(root, 'glossary-term', 'invalid-glossary')).toEqual([]);
  });

  test('a mistake in the glossary is reported at its line, not thrown', () => {
    const root = project({
      'locales/glossary.json': `{
  "terms": [
    { "id": "visa", "forbidden": { "es": "visado" } },
    { "id": "phone", "approved": { "pt": "celular" }, "forbidden": { "es": ["móvil"] } }
  ]
}`,
      'locales/zh/common.json': {},
      'locales/es/common.json': {},
    });
    expect(findings(root, 'invalid-glossary').map((i) => [i.file, i.line, i.message])).toEqual([
      ['locales/glossary.json', 3, 'term "visa": "forbidden"."es" must be a list of words, like ["móvil"]'],
      ['locales/glossary.json', 4, 'term "phone": "approved" names "pt", which is not a locale here (zh, es)'],
    ]);
  });
});
