/**
 * Counted sentences for browser scripts, translated at build time. i18next picks the
 * plural form on the server; the script only knows the count. So the page renders the
 * sentence once per plural category for a sample number, and the script swaps the
 * sample for the real count in the form the reader's language needs.
 */
export type CountForms = Record<string, { text: string; sample: string }>;

/** Sample numbers that land in each plural category in our languages (es `many` needs a million). */
const samples: Record<string, number> = { one: 1, many: 1_000_000, other: 2 };

/** At build time: `render(n)` is `t(key, { count: n })`. */
export function countForms(render: (n: number) => string): CountForms {
  return Object.fromEntries(Object.entries(samples).map(([category, n]) => [category, { text: render(n), sample: String(n) }]));
}

/** In the browser: the sentence for `count`, its number written the locale's way. */
export function countText(forms: CountForms | undefined, count: number, intl: string): string {
  const form = forms?.[new Intl.PluralRules(intl).select(count)] ?? forms?.other;
  return form ? form.text.replace(form.sample, count.toLocaleString(intl)) : count.toLocaleString(intl);
}
