import { describe, expect, test } from 'vitest';
import { formatFigure } from '../../src/lib/format';

describe('formatFigure', () => {
  test('Chinese and Japanese count in ten-thousands, exactly', () => {
    expect(formatFigure('ja', 100_000)).toBe('10万');
    expect(formatFigure('zh', 300_000)).toBe('30万');
    expect(formatFigure('zh', 3_746_000)).toBe('374.6万');
    expect(formatFigure('ja', 68_000)).toBe('6.8万');
  });

  test('small figures and figures that would be rounded stay in full', () => {
    expect(formatFigure('ja', 2_500)).toBe('2,500');
    expect(formatFigure('zh', 125_440_200)).toBe('125,440,200');
    expect(formatFigure('ja', 12_345_678)).toBe('1234.5678万');
  });

  test('other languages write the whole number', () => {
    expect(formatFigure('en', 300_000)).toBe('300,000');
    expect(formatFigure('es', 300_000)).toBe('300.000');
  });
});
