import { describe, expect, test } from 'vitest';
import { readConfig } from '../../functions/config';
import { retentionEndsAt } from '../../functions/db/housekeeping';

describe('RETENTION_DAYS', () => {
  test('defaults to 730 days; 0 turns retention off; anything else but a whole number of days stops the start', () => {
    expect(readConfig({}).RETENTION_DAYS).toBe(730);
    expect(readConfig({ RETENTION_DAYS: '0' }).RETENTION_DAYS).toBe(0);
    expect(readConfig({ RETENTION_DAYS: '365' }).RETENTION_DAYS).toBe(365);
    for (const wrong of ['-1', '1.5', 'two years']) expect(() => readConfig({ RETENTION_DAYS: wrong })).toThrow(/RETENTION_DAYS/);
  });

  test('an offer final on 31 March 2020 is erased after 31 March 2022', () => {
    expect(retentionEndsAt(new Date('2020-03-31T08:00:00Z'), 730).toISOString()).toBe('2022-03-31T08:00:00.000Z');
  });
});
