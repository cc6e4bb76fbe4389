// `npm run i18n:status [root] [--json]`: what is left to translate, per locale.
// The same numbers as the /{lng}/translation-status/ page (tooling/i18n/translation-status.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadLocaleSetup } from '../tooling/i18n/locale-project.ts';
import { type ContentFile, historyNote, type NamespaceCoverage, translationStatus } from '../tooling/i18n/translation-status.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run i18n:status [-- [root] [--json] [--all]]

Per locale: interface coverage (locales/<lng>/*.json) and strings whose Chinese text
changed after they were translated; for every guide and story,
whether its translation is complete, missing or outdated (the zh file changed after
the translation last did, from git history). --all lists complete items too;
--json prints everything for scripts. See CONTRIBUTING-TRANSLATIONS.md.`);
  process.exit(0);
}

const root = path.resolve(positionals[0] ?? '.');
const status = translationStatus({ root, ...(await loadLocaleSetup(root)) });

if (values.json) {
  console.log(JSON.stringify(status, null, 2));
  process.exit(0);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  return [header, ...rows].map((r) => `  ${r.map((v, c) => v.padEnd(widths[c] as number)).join('  ')}`.trimEnd()).join('\n');
}

const keys = (namespaces: NamespaceCoverage[], which: 'missing' | 'outdated') =>
  namespaces
    .filter((n) => n[which].length)
    .map((n) => `${n.namespace}: ${n[which].join(', ')}`)
    .join('; ') || '—';

const day = (f?: ContentFile) => {
  if (!f) return '—';
  if (f.uncommitted) return 'not committed';
  if (!f.date) return '?';
  return `${f.beforeHistory ? '≤ ' : ''}${f.date.slice(0, 10)}`;
};

const out: string[] = [];
out.push(`Translation status (source: ${status.sourceLocale})`, '');
out.push(`Interface strings (locales/<lng>/*.json)`);
out.push(
  table(
    ['locale', 'coverage', 'strings', 'missing', 'outdated (zh changed since)'],
    status.locales.map((l) => [
      l.locale,
      `${l.interface.percent} %`,
      `${l.interface.translated}/${l.interface.total}`,
      keys(l.interface.namespaces, 'missing'),
      keys(l.interface.namespaces, 'outdated'),
    ]),
  ),
);
const limited = Object.entries(status.namespaceLocales).map(([ns, locales]) => `${ns} (${locales.join(', ')})`);
if (limited.length) out.push(`  Only in some locales, not counted for the others: ${limited.join('; ')}`);
out.push('');

const collections = status.collections.map((c) => `${c.name} (${c.count})`).join(', ') || 'none';
out.push(`Guides and stories (src/content/<collection>/<lng>/): ${collections}`);
out.push(
  table(
    ['locale', 'complete', 'outdated', 'missing', 'unknown'],
    status.locales.map((l) => [l.locale, ...(['complete', 'outdated', 'missing', 'unknown'] as const).map((s) => String(l.content[s]))]),
  ),
  '',
);

const rows = status.locales.flatMap((l) =>
  l.content.items
    .filter((i) => values.all || i.state !== 'complete')
    .map((i) => [l.locale, i.state, `${i.collection}/${i.slug}`, `zh ${day(i.source)}`, `${l.locale} ${day(i.translation)}`]),
);
if (rows.length) {
  out.push(values.all ? 'Every item' : 'To do', table(['locale', 'state', 'item', 'source changed', 'translation changed'], rows), '');
} else if (status.locales.length) {
  out.push('Every guide and story is translated and up to date.', '');
}

const note = historyNote(status.history);
if (note) out.push(`Note: ${note}`);
console.log(out.join('\n').trimEnd());
