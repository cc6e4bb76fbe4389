import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const contentRoot = path.resolve('src/content');

export interface ContentFile {
  collection: string;
  locale: string;
  slug: string;
  file: string;
  data: Record<string, unknown>;
  body: string;
}

/** Reads every `src/content/<collection>/<locale>/<slug>.md` with its front matter. */
export function readContentFiles(root = contentRoot): ContentFile[] {
  const files: ContentFile[] = [];
  for (const collection of readdirSync(root)) {
    for (const locale of readdirSync(path.join(root, collection))) {
      for (const name of readdirSync(path.join(root, collection, locale)).filter((n) => n.endsWith('.md'))) {
        const file = path.join(root, collection, locale, name);
        const text = readFileSync(file, 'utf8');
        const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
        if (!match) throw new Error(`${file}: no front matter`);
        files.push({
          collection,
          locale,
          slug: name.replace(/\.md$/, ''),
          file,
          data: parse(match[1] as string),
          body: match[2] as string,
        });
      }
    }
  }
  return files;
}
