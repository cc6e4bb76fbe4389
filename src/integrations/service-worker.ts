import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getManifest } from '@serwist/build';
import { build } from 'esbuild';
import { locales } from '../i18n/config';
import { keptPageGlobs, type OfflineManifest, serviceWorkerPath, sharedGlobs } from '../lib/offline';

/** What one language keeps may not exceed this (docs/decisions/135-offline-guides.md). */
export const OFFLINE_BUDGET_BYTES = 1024 * 1024;

export interface ServiceWorkerReport {
  /** Bytes each language keeps (the files as served uncompressed, as a cache holds them). */
  bytes: Record<string, number>;
  files: Record<string, number>;
  warnings: string[];
}

/**
 * Writes `sw.js` into the built client folder: src/sw/service-worker.ts bundled with, for
 * each language, the files it keeps (their URL and a hash of their content, by Serwist's
 * getManifest) and a version made of those hashes. Run after everything else has written
 * its files, and before the compressed copies are made. The browser tests run it again on
 * a changed copy of the build, as a new deploy would.
 */
export async function writeServiceWorker(clientDir: string): Promise<ServiceWorkerReport> {
  const manifest: OfflineManifest = { locales: {} };
  const report: ServiceWorkerReport = { bytes: {}, files: {}, warnings: [] };
  for (const locale of locales) {
    const { manifestEntries, size, warnings } = await getManifest({
      globDirectory: clientDir,
      globPatterns: [...keptPageGlobs(locale), ...sharedGlobs],
      globIgnores: ['**/*.br', '**/*.gz'],
      modifyURLPrefix: { '': '/' },
      maximumFileSizeToCacheInBytes: OFFLINE_BUDGET_BYTES,
    });
    const entries = (manifestEntries ?? [])
      .map((e) => ({ url: e.url, revision: e.revision ?? null }))
      .sort((a, b) => a.url.localeCompare(b.url));
    if (size > OFFLINE_BUDGET_BYTES) {
      throw new Error(`offline: ${locale} keeps ${size} bytes, over the budget of ${OFFLINE_BUDGET_BYTES}`);
    }
    const version = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
    manifest.locales[locale] = { version, entries };
    report.bytes[locale] = size;
    report.files[locale] = entries.length;
    report.warnings.push(...warnings.map((w) => `${locale}: ${w}`));
  }
  const bundled = await build({
    entryPoints: [path.resolve('src/sw/service-worker.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    define: { __OFFLINE_MANIFEST__: JSON.stringify(manifest), 'process.env.NODE_ENV': '"production"' },
  });
  const code = bundled.outputFiles[0]?.text;
  if (!code) throw new Error('offline: esbuild wrote no service worker');
  writeFileSync(path.join(clientDir, serviceWorkerPath.slice(1)), code);
  return report;
}
