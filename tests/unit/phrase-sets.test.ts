import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { defaultLocale, locales } from '../../src/i18n/config';
import {
  blankCount,
  type PhraseSet,
  phraseDirections,
  phrasePairProblems,
  phrasePairsSchema,
  phraseSetProblems,
  phraseSetSchema,
  splitBlanks,
} from '../../src/lib/phrase-sets';
import { checkTranslations } from '../../tooling/i18n/i18n-check';
import { realFile, tempProjects } from '../helpers/i18n-project';

const dir = path.resolve('src/data/phrases');
const files = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
const raw = new Map(files.map((n) => [n.replace(/\.yaml$/, ''), readFileSync(path.join(dir, n), 'utf8')]));
const sets = new Map([...raw].map(([locale, text]) => [locale, phraseSetSchema.parse(parse(text)) as PhraseSet]));
const pairs = phrasePairsSchema.parse(JSON.parse(readFileSync(path.resolve('src/data/phrase-pairs.json'), 'utf8'))).pairs;
const zh = sets.get(defaultLocale) as PhraseSet;
const ids = (set: PhraseSet) => set.cards.flatMap((c) => Object.keys(c.phrases));

/** A deep copy of a real set, changed by `edit`: the sets the checks must refuse. */
function changed(locale: string, edit: (set: PhraseSet) => void): Map<string, PhraseSet> {
  const copy = new Map([...sets].map(([l, s]) => [l, structuredClone(s)]));
  edit(copy.get(locale) as PhraseSet);
  return copy;
}
const codes = (problems: { code: string; locale: string }[]) => problems.map((p) => `${p.locale}:${p.code}`);

describe('the phrase sets in src/data/phrases/', () => {
  test('every configured language of a pair has a set, and every set is a language of the site', () => {
    expect(phrasePairProblems(pairs, locales, [...sets.keys()])).toEqual([]);
    expect([...sets.keys()].filter((l) => !(locales as string[]).includes(l))).toEqual([]);
  });

  test('are complete: each language has exactly the Chinese phrase ids, blanks, sources and citations', () => {
    expect(phraseSetProblems(sets, defaultLocale)).toEqual([]);
  });

  test('hold about forty phrases in ten cards, as the issue asks', () => {
    expect(zh.cards.map((c) => c.id)).toEqual([
      'reception',
      'symptoms',
      'fever',
      'allergies',
      'medicines',
      'pregnancy',
      'conditions',
      'emergency',
      'insurance',
      'pharmacy',
    ]);
    expect(ids(zh).length).toBeGreaterThanOrEqual(36);
    expect(ids(zh).length).toBeLessThanOrEqual(48);
  });

  test('say who checked them the way the guides do: roles, not names, with a date, and cite https sources', () => {
    for (const [locale, set] of sets) {
      const guide = readFileSync(path.resolve(`src/content/guides/${locale}/feeling-unwell-abroad.md`), 'utf8');
      // The same reviewer roles the guides name in that language.
      expect(guide, locale).toContain(`facts: { by: "${set.review.facts.by}"`);
      expect(guide, locale).toContain(`language: { by: "${set.review.language.by}"`);
      expect(
        set.sources.every((s) => s.url.startsWith('https://')),
        locale,
      ).toBe(true);
    }
  });

  test('give temperatures in °C, and a blank where the reading goes', () => {
    for (const [locale, set] of sets) {
      const fever = set.cards.find((c) => c.id === 'fever');
      expect(fever?.phrases.temperature, locale).toMatch(/_{3,}\s*(°C|℃)/);
      expect(Object.values(fever?.phrases ?? {}).join(' '), locale).not.toMatch(/°F|℉/);
    }
  });
});

describe('blanks', () => {
  test('are three or more underscores, splitting the text around them', () => {
    expect(splitBlanks('Estoy embarazada de ___ semanas.')).toEqual(['Estoy embarazada de ', ' semanas.']);
    expect(blankCount('a ____ b ___ c')).toBe(2);
    expect(blankCount('snake_case or __init__')).toBe(0);
  });
});

describe('the completeness check (phraseSetProblems), which the build and npm run i18n:check run', () => {
  test('names a phrase a language lacks, with the Chinese text', () => {
    const problems = phraseSetProblems(
      changed('es', (s) => {
        delete s.cards[1]?.phrases.diarrhoea;
      }),
      defaultLocale,
    );
    expect(problems).toEqual([
      {
        code: 'missing-phrase',
        locale: 'es',
        path: ['cards', 1, 'phrases'],
        message: 'missing phrase "diarrhoea" in card "symptoms" (zh: "我拉肚子（腹泻）。")',
      },
    ]);
  });

  test('names a phrase the Chinese does not have, or has in another card', () => {
    const problems = phraseSetProblems(
      changed('ja', (s) => {
        const fever = s.cards.find((c) => c.id === 'fever') as PhraseSet['cards'][number];
        fever.phrases.chills = '寒気がします。';
        // Moved to another card: missing where zh has it, extra where it is.
        const symptoms = s.cards.find((c) => c.id === 'symptoms') as PhraseSet['cards'][number];
        fever.phrases.worse = symptoms.phrases.worse as string;
        delete symptoms.phrases.worse;
      }),
      defaultLocale,
    );
    expect(codes(problems).sort()).toEqual(['ja:extra-phrase', 'ja:extra-phrase', 'ja:missing-phrase']);
    expect(problems.find((p) => p.code === 'extra-phrase')?.path).toEqual(['cards', 2, 'phrases', 'chills']);
  });

  test('names a whole card missing, phrase by phrase', () => {
    const problems = phraseSetProblems(
      changed('en', (s) => {
        s.cards = s.cards.filter((c) => c.id !== 'pregnancy');
      }),
      defaultLocale,
    );
    expect(problems.map((p) => p.message)).toEqual(
      Object.keys(zh.cards.find((c) => c.id === 'pregnancy')?.phrases ?? {}).map((id) =>
        expect.stringMatching(new RegExp(`^missing phrase "${id}" in card "pregnancy" .*: there is no card "pregnancy"$`)),
      ),
    );
  });

  test('asks for as many blanks as the Chinese has', () => {
    const problems = phraseSetProblems(
      changed('es', (s) => {
        (s.cards[5] as PhraseSet['cards'][number]).phrases['pregnancy-weeks'] = 'Estoy embarazada de varias semanas.';
      }),
      defaultLocale,
    );
    expect(codes(problems)).toEqual(['es:blank-mismatch']);
  });

  test('keeps the sources and citations of the Chinese, so that [n] is one source in every language', () => {
    const problems = phraseSetProblems(
      changed('ja', (s) => {
        (s.cards[9] as PhraseSet['cards'][number]).cite = [6];
        s.sources.reverse();
      }),
      defaultLocale,
    );
    expect(codes(problems)).toContain('ja:phrase-structure');
    expect(problems.map((p) => p.path[0])).toEqual(expect.arrayContaining(['cards', 'sources']));
  });

  test('without a Chinese set there is nothing to hold the others against', () => {
    expect(codes(phraseSetProblems(new Map([['es', sets.get('es') as PhraseSet]]), defaultLocale))).toEqual(['zh:phrase-structure']);
  });
});

describe('the schema', () => {
  const issuePaths = (edit: (set: ReturnType<typeof parse>) => void) => {
    const bad = structuredClone(parse(raw.get('en') as string));
    edit(bad);
    const result = phraseSetSchema.safeParse(bad);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };

  test('refuses an empty phrase, a bad id and a field it does not know', () => {
    const paths = issuePaths((bad) => {
      bad.cards[0].phrases['see-doctor'] = '';
      bad.cards[1].phrases.Worse = 'It is getting worse.';
      bad.cards[3].colour = 'red';
    });
    expect(paths.sort()).toEqual(['cards.0.phrases.see-doctor', 'cards.1.phrases.Worse', 'cards.3']);
  });

  test('refuses a citation of a source that is not there, and a phrase id used twice', () => {
    const paths = issuePaths((bad) => {
      bad.cards[2].cite = [99];
      bad.cards[3].phrases.fever = 'I have a fever.';
    });
    expect(paths.sort()).toEqual(['cards.2.cite.0', 'cards.3.phrases.fever']);
  });
});

describe('the pair list', () => {
  test('is two pages a pair, both ways', () => {
    expect(phraseDirections([['zh', 'es']])).toEqual([
      { reader: 'zh', shown: 'es' },
      { reader: 'es', shown: 'zh' },
    ]);
  });

  test('refuses a language the site does not have, one without a set, the same language twice and a pair listed twice', () => {
    const problems = phrasePairProblems(
      [
        ['zh', 'fr'],
        ['zh', 'zh'],
        ['es', 'zh'],
        ['zh', 'es'],
        ['zh', 'ja'],
      ],
      ['zh', 'es', 'ja'],
      ['zh', 'es'],
    );
    expect(problems.map((p) => [p.path[1], p.message])).toEqual([
      [0, expect.stringContaining('"fr" is not a language of the site')],
      [1, '[zh, zh]: a pair needs two different languages'],
      [3, '[zh, es] is listed twice'],
      [4, '"ja" has no phrase set: add src/data/phrases/ja.yaml first'],
    ]);
  });
});

describe('npm run i18n:check on phrase sets', () => {
  const project = tempProjects();
  /** A project with the real sets and pairs, `es.yaml` replaced by `es`. */
  const withSpanish = (es: string) =>
    project({
      'locales/zh/common.json': {},
      'locales/register.json': realFile('locales/register.json'),
      'src/data/phrase-pairs.json': readFileSync(path.resolve('src/data/phrase-pairs.json'), 'utf8'),
      ...Object.fromEntries([...raw].map(([l, text]) => [`src/data/phrases/${l}.yaml`, l === 'es' ? es : text])),
    });
  const check = (root: string) => checkTranslations({ root, sourceLocale: 'zh' }).issues;

  test('passes the real sets', () => {
    expect(check(withSpanish(raw.get('es') as string)).filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('fails when a language lacks a phrase, naming the file, the line of its card and the phrase', () => {
    const es = raw.get('es') as string;
    const line = es.split('\n').findIndex((l) => l.includes('diarrhoea:'));
    const issues = check(withSpanish(es.replace(/^ *diarrhoea: .*\n/m, '')));
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'missing-phrase',
        file: 'src/data/phrases/es.yaml',
        locale: 'es',
        message: expect.stringContaining('missing phrase "diarrhoea" in card "symptoms"'),
      }),
    ]);
    // At the card's phrases, a few lines above where the phrase was.
    expect(issues[0]?.line).toBeGreaterThan(line - 8);
    expect(issues[0]?.line).toBeLessThan(line + 1);
  });

  test('fails when a language has a phrase the Chinese does not, at its line', () => {
    const es = (raw.get('es') as string).replace(
      /^( *)fever: "Tengo fiebre\."\n/m,
      '$1fever: "Tengo fiebre."\n$1chills: "Tengo escalofríos."\n',
    );
    const line = es.split('\n').findIndex((l) => l.includes('chills:')) + 1;
    expect(check(withSpanish(es))).toEqual([expect.objectContaining({ code: 'extra-phrase', file: 'src/data/phrases/es.yaml', line })]);
  });

  test('reads the phrases like a guide: tú in Spanish is an error there too', () => {
    const es = (raw.get('es') as string).replace('Por favor, hable más despacio.', '¿Puedes hablar más despacio?');
    expect(check(withSpanish(es))).toEqual([expect.objectContaining({ code: 'register', file: 'src/data/phrases/es.yaml' })]);
  });

  test('reports a set that does not match the schema at the field’s line', () => {
    const es = (raw.get('es') as string).replace('title: "Alergias"', 'title: ""');
    const line = es.split('\n').findIndex((l) => l.includes('title: ""')) + 1;
    expect(check(withSpanish(es))).toEqual([expect.objectContaining({ code: 'invalid-phrases', line })]);
  });
});
