// `npm run i18n:hant [root] [--check]`: makes every locale that src/i18n/config.ts marks as
// `convertedFrom` (zh-Hant) from its source (zh) with OpenCC and the reviewed overrides in
// locales/<locale>.overrides.json (tooling/i18n/converted-locale.ts). --check writes nothing
// and exits with 1 when a file would change, as npm run i18n:check does.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { conversionIssues, planConversion, writeConversion } from '../tooling/i18n/converted-locale.ts';
import { loadLocaleSetup, readNamespaceLocales } from '../tooling/i18n/locale-project.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});

if (values.help) {
  console.log(`Usage: npm run i18n:hant [-- [root] [--check]]

Converts every locales/zh/*.json and every src/content/<collection>/zh/*.md to Traditional
Chinese (zh-Hant) with OpenCC, Taiwan standard with Taiwan's words (opencc-js cn → twp),
then applies the reviewed corrections in locales/zh-Hant.overrides.json. Files that carry no
"generated" mark are translations people own and are left alone. Generated files whose
Chinese source is gone are deleted. See CONTRIBUTING-TRANSLATIONS.md.`);
  process.exit(0);
}

const root = path.resolve(positionals[0] ?? '.');
const setup = await loadLocaleSetup(root);
const { limited } = readNamespaceLocales(root);
if (!setup.converted?.length) console.log('No locale in src/i18n/config.ts is made by conversion (convertedFrom): nothing to do.');
let failed = false;
for (const converted of setup.converted ?? []) {
  const plan = planConversion(root, converted, limited);
  const problems = conversionIssues(plan).filter((i) => i.code === 'invalid-overrides' || i.code === 'invalid-generated');
  for (const p of problems) console.error(`${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}  ${p.message}`);
  if (problems.length) {
    failed = true;
    continue;
  }
  const label = `${converted.locale} from ${converted.from}`;
  if (values.check) {
    const changes = plan.files.filter((f) => f.actual !== f.expected && (f.actual === undefined || f.recorded));
    for (const f of changes) console.log(`would write ${f.target}`);
    for (const f of plan.orphans) console.log(`would delete ${f}`);
    if (changes.length || plan.orphans.length) failed = true;
    else console.log(`${label}: every file is up to date`);
    continue;
  }
  const report = writeConversion(root, plan);
  for (const f of report.written) console.log(`wrote    ${f}`);
  for (const f of report.removed) console.log(`deleted  ${f}`);
  for (const f of report.kept) console.log(`kept     ${f} (translated by people: no generated mark)`);
  const unused = conversionIssues(plan).filter((i) => i.code === 'unused-override');
  for (const u of unused) console.warn(`${u.file}:${u.line}  ${u.message}`);
  console.log(
    `${label}: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} deleted, ${report.kept.length} kept as translated by people`,
  );
  // The API description quotes every language's error messages (functions/contract/refusals.ts).
  if (report.written.some((f) => f.endsWith('/errors.json')))
    console.log('The error messages changed: run `npm run openapi` too, and commit docs/openapi.json and src/lib/api-contract.d.ts.');
}
process.exitCode = failed ? 1 : 0;
