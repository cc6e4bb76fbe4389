/**
 * Figures from the organisation's review of its epidemic work up to 31 March 2020
 * (see shared seed facts). Kept as numbers so every language formats them its own way.
 */
export const outreach2020 = {
  asOf: '2020-03-31',
  overseas: {
    leaders: 10,
    surgicalMasks: 300_000,
    glovePairs: 100_000,
    protectiveSuits: 2_500,
    cashYuan: 350_000,
    totalValueYuan: 3_746_000,
  },
  sentAbroad: { testKits: 4_800, testStrips: 5_000, masks: 4_500 },
  wechat: { articles: 108, reads: 100_000, readers: 68_000 },
} as const;
