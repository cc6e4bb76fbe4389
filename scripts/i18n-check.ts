// `npm run i18n:check [root] [--json]`: checks locales/<lng>/*.json against the Chinese
// source and the code that uses them, and what guides, stories and strings say
// (tooling/i18n/content-checks/). Exit code 1 when there is any error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkTranslations, formatReport } from '../tooling/i18n/i18n-check.ts';
import { loadLocaleSetup } from '../tooling/i18n/locale-project.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});

if (values.help) {
  console.log(`Usage: npm run i18n:check [-- [root] [--json]]

Checks every locales/<lng>/<namespace>.json against locales/zh/: missing and extra keys,
empty texts, {{placeholders}}, plural forms, invalid JSON, keys the code uses that zh
lacks and zh keys nothing uses. Texts identical to zh are warnings. A namespace listed in
locales/namespace-locales.json is checked only in the locales listed with it.

Guides, stories (src/content/<collection>/<lng>/*.md) and strings are also read for what
they say: every number must be one the zh source has; words locales/glossary.json forbids;
tú in Spanish (locales/register.json); raw HTML and script links in Markdown; simplified
Chinese characters and “ ” in Japanese. See CONTRIBUTING-TRANSLATIONS.md.`);
  process.exit(0);
}

const root = path.resolve(positionals[0] ?? '.');
const result = checkTranslations({ root, ...(await loadLocaleSetup(root)) });
console.log(values.json ? JSON.stringify(result, null, 2) : formatReport(result));
process.exitCode = result.issues.some((i) => i.severity === 'error') ? 1 : 0;
