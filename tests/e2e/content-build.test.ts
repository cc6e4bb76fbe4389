import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// A copy of the project (sharing node_modules) in which content can be broken on purpose.
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'tx-content-'));
  for (const item of ['src', 'locales', 'public', 'functions', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(path.resolve(item), path.join(copy, item), { recursive: true });
  }
  symlinkSync(path.resolve('node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

async function sync(): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['node_modules/astro/bin/astro.mjs', 'sync'], {
      cwd: copy,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Syncs the copy with one more content file, `text` at `file` (relative), removed again afterwards. */
async function syncWith(file: string, text: string) {
  const written = path.join(copy, file);
  writeFileSync(written, text);
  try {
    return await sync();
  } finally {
    rmSync(written);
  }
}

describe('content validation at build time', () => {
  test.each([
    {
      what: 'a guide with a bad date',
      file: 'src/content/guides/es/broken-guide.md',
      text: '---\ntitle: "Guía rota"\nsummary: "x"\naudience: [everyone]\ntopics: [masks]\nreview:\n  facts: { by: "x", on: last-tuesday }\n  language: { by: "x", on: 2026-11-29 }\norder: 99\nsources:\n- title: "t"\n  publisher: "p"\n  url: "https://www.who.int/"\n  accessed: 2026-11-29\n---\n\nTexto.\n',
      field: 'review',
    },
    {
      what: 'a story missing a required field',
      file: 'src/content/stories/ja/broken-story.md',
      text: '---\ntitle: "壊れた物語"\nsummary: "x"\ndate: 2020-03-01\nseries: united\nsources:\n- title: "t"\n  publisher: "p"\n---\n\n本文。\n',
      field: 'place',
    },
  ])('$what stops the build and names the file and the field ($field)', async ({ file, text, field }) => {
    const result = await syncWith(file, text);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(path.basename(file));
    expect(result.output).toContain(field);
  });

  test('a story with raw HTML stops the build and names the file and every line (tests/fixtures/raw-html-story)', async () => {
    const file = path.join(copy, 'src/content/stories/es/raw-html-story.md');
    cpSync(path.resolve('tests/fixtures/raw-html-story/src'), path.join(copy, 'src'), { recursive: true });
    const result = await sync();
    rmSync(file);
    expect(result.ok).toBe(false);
    for (const line of ['14:10: raw HTML <img', '16:1: raw HTML <!--', '18:1: raw HTML <div', '22:17: a link to "javascript:"']) {
      expect(result.output).toContain(`src/content/stories/es/raw-html-story.md:${line}`);
    }
  });
});
