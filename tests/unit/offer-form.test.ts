import { describe, expect, test } from 'vitest';
import { readConfig } from '../../functions/config';
import { applyLineAction, emptyRow, fieldId, inFormOrder, readGoodsRows } from '../../src/lib/donate-form';
import { fieldProblems } from '../../src/lib/field-problem';
import { formToOfferInput, pathInForm } from '../../src/lib/offer-form';
import { createOfferSchema } from '../../src/lib/offer-schema';
import { readPhone } from '../../src/lib/phone-rules';
import { translate } from '../../src/lib/problem-message';

const offerSchema = createOfferSchema(readPhone);

describe('the form as the API’s JSON', () => {
  test('blank goods rows are dropped, and each remaining line remembers its row', () => {
    const { input, rows } = formToOfferInput([
      ['goods[0].item', ''],
      ['goods[1].item', 'goggles'],
      ['goods[1].quantity', '10'],
      ['goods[2].item', ''],
      ['goods[3].quantity', '5'],
    ]);
    expect(input.goods).toHaveLength(2);
    expect(rows).toEqual([1, 3]);
    const result = offerSchema.safeParse(input);
    expect(result.success).toBe(false);
    const problems = result.success ? [] : fieldProblems(result.error.issues);
    expect(problems.find((p) => p.path.startsWith('goods['))?.path).toBe('goods[1].item');
  });

  test('checkboxes are consent when present, and amounts follow the form’s language', () => {
    const { input } = formToOfferInput(
      [
        ['consent.dataProcessing', 'on'],
        ['cash.amount', '1.234,56'],
        ['cash.currency', 'EUR'],
      ],
      '.',
    );
    expect(input.consent).toEqual({ dataProcessing: true, thankPublicly: false });
    expect(input.cash).toEqual({ amount: '1234.56', currency: 'EUR' });
  });

  test('an amount that cannot be read is kept as typed, so the page can show it back', () => {
    expect(formToOfferInput([['cash.amount', 'mil euros']]).input.cash?.amount).toBe('mil euros');
  });
});

describe('a problem’s path on the form', () => {
  test('names a goods line by the row it was typed in, not by its place among the filled lines', () => {
    expect(pathInForm('goods[0].item', [1, 3])).toBe('goods[1].item');
    expect(pathInForm('goods[1].quantity', [1, 3])).toBe('goods[3].quantity');
    expect(pathInForm('goods[1]', [1, 3])).toBe('goods[3]');
  });

  test('leaves other fields, the goods list itself and lines the form did not send as they are', () => {
    expect(pathInForm('contact.phone', [1, 3])).toBe('contact.phone');
    expect(pathInForm('goods', [1, 3])).toBe('goods');
    expect(pathInForm('goods[5].item', [1, 3])).toBe('goods[5].item');
    expect(pathInForm('notes.goods[0]', [1, 3])).toBe('notes.goods[0]');
  });

  test('puts the schema’s problem on the row the donor filled', () => {
    const { input, rows } = formToOfferInput([
      ['goods[0].item', ''],
      ['goods[1].item', 'goggles'],
      ['goods[1].quantity', '10'],
      ['goods[2].item', ''],
      ['goods[3].item', 'goggles'],
      ['goods[3].quantity', 'lots'],
    ]);
    const result = offerSchema.safeParse(input);
    const paths = result.success ? [] : fieldProblems(result.error.issues).map((p) => pathInForm(p.path, rows));
    expect(paths.filter((path) => path.startsWith('goods['))).toEqual(['goods[3].quantity']);
  });
});

describe('goods rows without JavaScript', () => {
  test('are read in row order, blank ones included', () => {
    expect(
      readGoodsRows([
        ['goods[1].item', 'goggles'],
        ['goods[0].quantity', '3'],
        ['goods[0].evil', 'x'],
      ]),
    ).toEqual([
      { ...emptyRow(), quantity: '3' },
      { ...emptyRow(), item: 'goggles' },
    ]);
  });

  test('can be added up to the limit, and removed down to one empty row', () => {
    const one = [emptyRow()];
    expect(applyLineAction(one, 'add-line', 2)).toEqual({ rows: [emptyRow(), emptyRow()], focusRow: 1 });
    expect(applyLineAction([emptyRow(), emptyRow()], 'add-line', 2).rows).toHaveLength(2);
    expect(applyLineAction([{ ...emptyRow(), item: 'goggles' }], 'remove-line:0', 50).rows).toEqual([emptyRow()]);
    expect(applyLineAction(one, 'remove-line:x', 50)).toEqual({ rows: one });
  });
});

describe('problems on the page', () => {
  test('are listed in the order of the fields', () => {
    const sorted = inFormOrder([
      { path: 'consent.dataProcessing' },
      { path: 'goods[1].quantity' },
      { path: 'goods[0].item' },
      { path: 'organization.name' },
    ]);
    expect(sorted.map((p) => p.path)).toEqual(['organization.name', 'goods[0].item', 'goods[1].quantity', 'consent.dataProcessing']);
  });

  test('link to controls with stable ids', () => {
    expect(fieldId('goods[12].expiresOn')).toBe('f-goods-12-expiresOn');
    expect(fieldId('organization.name')).toBe('f-organization-name');
  });

  test('are worded by the browser’s translator with the right plural form', () => {
    const messages = { x_one: '{{count}} línea', x_many: '{{count}} de líneas', x_other: '{{count}} líneas' };
    expect(translate(messages, 'es', 'x', { count: 1 })).toBe('1 línea');
    expect(translate(messages, 'es', 'x', { count: 1_000_000 })).toBe('1000000 de líneas');
    expect(translate(messages, 'es', 'x', { count: 5 })).toBe('5 líneas');
    expect(translate({ y: 'hola {{name}}' }, 'es', 'y', { name: '<b>' })).toBe('hola <b>');
  });
});

describe('rate limit settings', () => {
  test('default to 20 offers and 30 lookups an hour; 0 turns a limit off', () => {
    expect(readConfig({})).toMatchObject({ RATE_LIMIT_OFFERS_PER_HOUR: 20, RATE_LIMIT_LOOKUPS_PER_HOUR: 30 });
    expect(readConfig({ RATE_LIMIT_OFFERS_PER_HOUR: '0' }).RATE_LIMIT_OFFERS_PER_HOUR).toBe(0);
    expect(() => readConfig({ RATE_LIMIT_LOOKUPS_PER_HOUR: '-1' })).toThrow(/RATE_LIMIT_LOOKUPS_PER_HOUR/);
    expect(() => readConfig({ RATE_LIMIT_OFFERS_PER_HOUR: 'lots' })).toThrow(/RATE_LIMIT_OFFERS_PER_HOUR/);
  });
});
