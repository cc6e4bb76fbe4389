import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { offerStatuses } from '../../src/lib/catalog';

// The documents a newcomer reads first say what the code does.

const readme = readFileSync('README.md', 'utf8');
const layout = readme.slice(readme.indexOf('## Repository layout'), readme.indexOf('\n## ', readme.indexOf('## Repository layout') + 1));
const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean);

describe('README, repository layout', () => {
  test('names every top-level folder', () => {
    const folders = [...new Set(tracked.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))];
    for (const folder of folders) expect(layout, folder).toContain(`\`${folder}/`);
  });

  test('names every folder of src/', () => {
    const folders = [...new Set(tracked.filter((f) => /^src\/[^/]+\//.test(f)).map((f) => f.split('/').slice(0, 2).join('/')))];
    for (const folder of folders) expect(layout, folder).toContain(`\`${folder}/`);
  });
});

describe('docs/api.md', () => {
  test('lists the offer statuses the code has, in its order', () => {
    const api = readFileSync('docs/api.md', 'utf8');
    const line = /Statuses: ((?:`[a-z_]+`,?\s*)+)\./.exec(api)?.[1] ?? '';
    expect([...line.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])).toEqual([...offerStatuses]);
  });
});
