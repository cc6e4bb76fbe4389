import { type CountForms, countText } from '../lib/count-text';

// The only script of the reading pages, loaded by the search page alone. It reads `?q=`,
// asks the Pagefind index built for this page's language, and lists what it finds.

interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

export interface SearchMessages {
  loading: string;
  none: string;
  failed: string;
  results: CountForms;
}

const decoder = new DOMParser();
const decode = (html: string) => decoder.parseFromString(html, 'text/html').body.textContent ?? '';

/** Pagefind's excerpt as DOM nodes: its <mark> highlights kept, everything else as text. */
function excerptNodes(html: string): Node[] {
  const nodes: Node[] = [];
  let inside = false;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      inside = part === '<mark>';
      continue;
    }
    const text = document.createTextNode(decode(part));
    if (inside) {
      const mark = document.createElement('mark');
      mark.append(text);
      nodes.push(mark);
    } else nodes.push(text);
  }
  return nodes;
}

export async function runSearch() {
  const messages = JSON.parse(document.getElementById('search-messages')?.textContent ?? '{}') as SearchMessages;
  const status = document.getElementById('search-status') as HTMLElement;
  const list = document.getElementById('search-results') as HTMLOListElement;
  const query = new URLSearchParams(location.search).get('q')?.trim() ?? '';
  if (!query) return;
  const input = document.getElementById('search-q') as HTMLInputElement | null;
  if (input) input.value = query;
  status.textContent = messages.loading;
  try {
    const pagefindUrl = '/pagefind/pagefind.js';
    const pagefind = (await import(/* @vite-ignore */ pagefindUrl)) as Pagefind;
    const { results } = await pagefind.search(query);
    const data = await Promise.all(results.slice(0, 20).map((r) => r.data()));
    list.replaceChildren(
      ...data.map((d) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = d.url;
        a.textContent = d.meta.title ?? d.url;
        const p = document.createElement('p');
        p.append(...excerptNodes(d.excerpt));
        li.append(a, p);
        return li;
      }),
    );
    status.textContent = results.length ? countText(messages.results, results.length, document.documentElement.lang) : messages.none;
  } catch {
    status.textContent = messages.failed;
  }
}
