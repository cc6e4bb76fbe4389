import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findings, story, tempProjects } from '../helpers/i18n-project';

const project = tempProjects();

describe('i18n:check: no raw HTML in guides and stories, found before the build', () => {
  test('every tag, comment and script link of tests/fixtures/raw-html-story is an error at its line, as the build reports them', () => {
    const issues = findings(path.resolve('tests/fixtures/raw-html-story'), 'raw-html', 'unsafe-link');
    const file = 'src/content/stories/es/raw-html-story.md';
    expect(issues.map((i) => [i.code, i.file, i.line, i.column])).toEqual([
      ['raw-html', file, 14, 10],
      ['raw-html', file, 16, 1],
      ['raw-html', file, 18, 1],
      ['unsafe-link', file, 22, 17],
    ]);
    expect(issues[0]?.message).toBe(
      'raw HTML <img src="x" onerror="fetch(\'/api/staff/export.json\')">: guides and stories are Markdown only, and the build refuses tags and comments. Write it in Markdown (**bold**, [link](https://…), lists, tables), or delete it',
    );
    expect(issues[1]?.message).toMatch(/^raw HTML <!-- nota para traductores -->: /);
    expect(issues[3]?.message).toMatch(/^a link to "javascript:" \(javascript:alert\(document\.cookie\)\): links may only go to https:/);
  });

  test('a <script> in the Chinese source counts too: the build refuses every language', () => {
    const root = project({ 'src/content/guides/zh/masks.md': story('口罩', '请戴口罩。\n\n<script>alert(1)</script>') });
    expect(findings(root, 'raw-html').map((i) => [i.file, i.line, i.column])).toEqual([['src/content/guides/zh/masks.md', 16, 1]]);
  });

  test('autolinks, code spans and fences, and links to the web, mail and phone are fine', () => {
    const body = [
      'See <https://www.who.int/> and [the CDC](https://www.cdc.gov/), write to [us](mailto:x@example.org) or call [us](tel:+5491112345678).',
      '',
      'A tag in code is text: `<div>` and',
      '',
      '```html',
      '<img src="x" onerror="alert(1)">',
      '```',
      '',
      'Back to [the guides](/en/guides/) [[1]](#source-1).',
    ].join('\n');
    const root = project({
      'src/content/guides/zh/masks.md': story('口罩', '请戴口罩。'),
      'src/content/guides/en/masks.md': story('Masks', body),
    });
    expect(findings(root, 'raw-html', 'unsafe-link')).toEqual([]);
  });
});
