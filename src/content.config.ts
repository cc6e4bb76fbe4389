import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { guideSchema, storySchema } from './lib/content-schema';
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

export const collections = { guides, stories };
