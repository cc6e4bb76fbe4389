import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { checkTranslations } from '../../tooling/i18n/i18n-check';
import type { Issue } from '../../tooling/i18n/locale-compare';

/**
 * Small projects in temp folders for the i18n:check tests: file path → JSON object or
 * text. Call at the top of a test file; the folders go when its tests are done.
 */
export function tempProjects() {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });
  return (files: Record<string, unknown>): string => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-i18n-check-'));
    temps.push(root);
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    return root;
  };
}

/** The project's own rules file (locales/glossary.json, locales/register.json), as text. */
export const realFile = (file: string) => readFileSync(path.resolve(file), 'utf8');

/** i18n:check on a project, only the findings with these codes. */
export function findings(root: string, ...codes: Issue['code'][]): Issue[] {
  return checkTranslations({ root, sourceLocale: 'zh' }).issues.filter((i) => codes.includes(i.code));
}

/** A story's Markdown: front matter with a title, then the body. */
export const story = (title: string, body: string, extra = '') =>
  `---\ntitle: "${title}"\nsummary: "…"\ndate: 2020-03-31\nseries: overseas-chinese\nplace:\n  country: CN\n  city: ""\n${extra}sources:\n- title: "来源"\n  publisher: "出版者"\n---\n\n${body}\n`;
