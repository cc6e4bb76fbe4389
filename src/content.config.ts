import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { guideSchema, storySchema } from './lib/content-schema';
import { phraseSetSchema } from './lib/phrase-sets';
import { strictMarkdown } from './lib/strict-markdown';

// One file per language: src/content/<collection>/<locale>/<slug>.md. The entry id is
// `<locale>/<slug>`; the same slug in every locale is how translations find each other.
// Every entry must render: raw HTML stops the build (docs/decisions/060-security-headers.md).
const guides = defineCollection({
  loader: strictMarkdown(glob({ pattern: '*/*.md', base: './src/content/guides' })),
  schema: guideSchema,
});

const stories = defineCollection({
  loader: strictMarkdown(glob({ pattern: '*/*.md', base: './src/content/stories' })),
  schema: storySchema,
});

// Phrase cards for the doctor: one YAML file per language, src/data/phrases/<locale>.yaml,
// the entry id its locale. Completeness across languages is checked where the pages load
// them (src/lib/phrase-collection.ts) and by npm run i18n:check (docs/decisions/125-phrase-cards.md).
const phrases = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './src/data/phrases' }),
  schema: phraseSetSchema,
});

export const collections = { guides, stories, phrases };
