import { describe, expect, test } from 'vitest';
import { readRegister, registerFindings } from '../../tooling/i18n/content-checks/register';
import { findings, realFile, story, tempProjects } from '../helpers/i18n-project';

const project = tempProjects();
const register = realFile('locales/register.json');
const es = readRegister(process.cwd(), ['zh', 'es']).rules.get('es');
const informal = (text: string) => {
  if (!es) throw new Error('locales/register.json has no "es"');
  return registerFindings(text, es).map((f) => f.word);
};

describe('the Spanish register: usted, never tú (locales/register.json)', () => {
  test('pronouns, possessives and second-person verbs are found anywhere', () => {
    expect(informal('Si tú tienes fiebre, te recomendamos que llames: es por ti y por tus padres, que viven contigo.')).toEqual([
      'tú',
      'tienes',
      'te',
      'ti',
      'tus',
      'contigo',
    ]);
    expect(informal('Puedes pedir ayuda. Si estás enfermo, no salgas; tu salud es lo primero.')).toEqual([
      'Puedes',
      'estás',
      'salgas',
      'tu',
    ]);
  });

  test('imperatives and infinitives with -te are found; nouns and adverbs that only look like them are not', () => {
    expect(informal('Lávate las manos, quédate en casa y ánclate al presente para protegerte, cuidándote.')).toEqual([
      'Lávate',
      'quédate',
      'ánclate',
      'protegerte',
      'cuidándote',
    ]);
    expect(
      informal(
        'El chocolate, el paquete y el tomate; el límite, el trámite y el intérprete; una parte, el arte, la suerte y la muerte. ' +
          'Se hace automáticamente. Inténtelo de nuevo y anótelo. Lávese las manos y quédese en casa para protegerse.',
      ),
    ).toEqual([]);
  });

  test('imperatives that are also the third person count only where a command stands', () => {
    expect(informal('Usa mascarilla. Lleva agua; llama al médico. ¡Pide ayuda!')).toEqual(['Usa', 'Lleva', 'llama', 'Pide']);
    expect(
      informal(
        'La mascarilla se usa bien. El personal llama al paciente. ¿Busca algo concreto? Pruebe el buscador. ' +
          'Sigue siendo importante. Esto llama la atención.',
      ),
    ).toEqual([]);
    // A table heading is a label; a list item in lower case goes on from the sentence before it.
    expect(informal('Pregunta')).toEqual([]);
    expect(informal('usa palabras alarmantes para que la gente actúe deprisa')).toEqual([]);
  });

  test('abbreviations in capitals and titles quoted in 《…》 are not the informal you', () => {
    expect(informal('El área de TI del hospital. Publicamos 《和你在一起》.')).toEqual([]);
  });
});

describe('i18n:check with locales/register.json', () => {
  test('tú in a guide, a story or a string is an error with file, line, the word and the usted form', () => {
    const root = project({
      'locales/register.json': register,
      'src/content/guides/zh/masks.md': story('口罩', '请戴口罩。'),
      'src/content/guides/es/masks.md': story('Cómo usar tu mascarilla', '- Usa una mascarilla bien ajustada.\n- Lávate las manos antes.'),
      'locales/zh/common.json': { 'search.hint': '在找什么？' },
      'locales/es/common.json': { 'search.hint': '¿Buscas algo? Usa el buscador.' },
    });
    expect(findings(root, 'register').map((i) => [i.file, i.line, i.column, i.message])).toEqual([
      ['locales/es/common.json', 2, 20, '"Buscas" speaks to the reader as tú: this site says usted (busca) (locales/register.json)'],
      ['locales/es/common.json', 2, 33, '"Usa" speaks to the reader as tú: this site says usted (use) (locales/register.json)'],
      ['src/content/guides/es/masks.md', 2, 19, '"tu" speaks to the reader as tú: this site says usted (su) (locales/register.json)'],
      ['src/content/guides/es/masks.md', 14, 3, '"Usa" speaks to the reader as tú: this site says usted (use) (locales/register.json)'],
      [
        'src/content/guides/es/masks.md',
        15,
        3,
        '"Lávate" speaks to the reader as tú: this site says usted (an imperative with -te is tú: write the usted form with -se (lávate → lávese, ánclate → ánclese, asegúrate → asegúrese)) (locales/register.json)',
      ],
    ]);
  });

  test('the same text in usted passes', () => {
    const root = project({
      'locales/register.json': register,
      'src/content/guides/zh/masks.md': story('口罩', '请戴口罩。'),
      'src/content/guides/es/masks.md': story('Cómo usar su mascarilla', '- Use una mascarilla bien ajustada.\n- Lávese las manos antes.'),
      'locales/zh/common.json': { 'search.hint': '在找什么？' },
      'locales/es/common.json': { 'search.hint': '¿Busca algo? Use el buscador.' },
    });
    expect(findings(root, 'register', 'invalid-register')).toEqual([]);
  });

  test('a pattern that is not a regular expression is reported at its locale, not thrown', () => {
    const root = project({
      'locales/register.json': { es: { address: 'usted', forbidden: { tú: 'usted' }, patterns: [{ regex: '(te', hint: '…' }] } },
      'locales/zh/common.json': {},
      'locales/es/common.json': { a: 'Y tú' },
    });
    expect(findings(root, 'invalid-register', 'register').map((i) => [i.code, i.file, i.line])).toEqual([
      ['register', 'locales/es/common.json', 2],
      ['invalid-register', 'locales/register.json', 2],
    ]);
  });
});
