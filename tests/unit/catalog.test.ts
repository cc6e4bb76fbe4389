import { describe, expect, test } from 'vitest';
import { catalog, counterOf, counters, countersByItem } from '../../src/lib/catalog';

describe('counting words', () => {
  test('masks, respirators and face shields are counted as sheets, whatever unit they were stored with', () => {
    expect(counterOf('surgical_mask', 'pieces')).toBe('sheets');
    expect(counterOf('respirator', 'pieces')).toBe('sheets');
    expect(counterOf('face_shield', 'pieces')).toBe('sheets');
  });

  test('other lines are counted by the unit they were stored with', () => {
    expect(counterOf('medical_gloves', 'pairs')).toBe('pairs');
    expect(counterOf('other', 'units')).toBe('units');
    expect(counterOf('other', 'litres')).toBe('litres');
  });

  test('an unknown unit falls back to the item’s unit, then to units', () => {
    expect(counterOf('disinfectant', 'barrels')).toBe('litres');
    expect(counterOf('no_such_item', 'barrels')).toBe('units');
  });

  test('the map for browser scripts gives the same word as counterOf for every catalog line', () => {
    const map = countersByItem();
    for (const { item, unit } of catalog) {
      expect(map[item] ?? unit, item).toBe(counterOf(item, unit));
    }
    expect(Object.keys(map).sort()).toEqual(['face_shield', 'respirator', 'surgical_mask']);
    expect(counters).toContain('sheets');
  });
});
