import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Text files worth compressing; fonts, images and Pagefind's own (already gzip'd) files are not. */
const COMPRESSIBLE = /\.(?:html|css|js|mjs|json|xml|svg|txt|webmanifest|map)$/;

/** Below this, the headers outweigh what compression saves (the `compression` middleware's own threshold). */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export interface PrecompressReport {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return textFiles(full);
    return COMPRESSIBLE.test(name) && statSync(full).size >= MIN_BYTES ? [full] : [];
  });
}

/**
 * Writes `x.br` (Brotli at its best quality) and `x.gz` (gzip level 9) beside every text
 * file of `dir`, so the self-hosted server sends a page as a file instead of compressing
 * it on every request (scripts/serve.mjs). A copy that would not be smaller is not
 * written. Each copy takes its original's modification time, so the three forms of a
 * file say the same Last-Modified.
 */
export async function precompress(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  const files = textFiles(dir);
  // A few at a time: Brotli's best quality is slow, and the build runs on small machines.
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const raw = readFileSync(file);
      const [br, gzipped] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        }),
        gz(raw, { level: 9 }),
      ]);
      const { mtime } = statSync(file);
      report.files += 1;
      report.bytes += raw.length;
      for (const [ext, bytes] of [
        ['.br', br],
        ['.gz', gzipped],
      ] as const) {
        if (bytes.length >= raw.length) continue;
        writeFileSync(`${file}${ext}`, bytes);
        utimesSync(`${file}${ext}`, mtime, mtime);
        if (ext === '.br') report.brotliBytes += bytes.length;
        else report.gzipBytes += bytes.length;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return report;
}
