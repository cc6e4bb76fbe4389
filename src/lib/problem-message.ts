import type { FieldProblem } from './field-problem';

/**
 * A problem's parameters as a reader should see them: numbers in the locale's style
 * (`10,000` · `10.000`), currency codes as names (`JPY` → `日元`). `count` stays a
 * number: it chooses the plural form.
 */
export function problemParams(problem: FieldProblem, intlLocale: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(problem.params ?? {})) {
    if (name === 'count') out[name] = value;
    else if (name === 'currency' && typeof value === 'string') {
      out[name] = new Intl.DisplayNames(intlLocale, { type: 'currency' }).of(value) ?? value;
    } else if (typeof value === 'number') out[name] = new Intl.NumberFormat(intlLocale).format(value);
    else out[name] = value;
  }
  return out;
}

/**
 * A tiny stand-in for i18next in the browser, for the form's own messages only:
 * chooses the plural form with Intl.PluralRules (`_one`, `_many`, `_other`, as i18next
 * names them) and fills `{{name}}` placeholders. The page hands it the strings it needs.
 */
export function translate(
  messages: Readonly<Record<string, string>>,
  intlLocale: string,
  key: string,
  params: Record<string, string | number> = {},
): string {
  let template = messages[key];
  if (typeof params.count === 'number') {
    const form = new Intl.PluralRules(intlLocale).select(params.count);
    template = messages[`${key}_${form}`] ?? messages[`${key}_other`] ?? template;
  }
  return (template ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
