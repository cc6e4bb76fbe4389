import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Locale, localeConfig, locales } from '../../src/i18n/config';
import { writeServiceWorker } from '../../src/integrations/service-worker';
import { offlineCachePrefix } from '../../src/lib/offline';
import { hasPhrases, phrasesFor } from '../../src/lib/phrase-pairs';
import { removeDataDir, type SelfHost, startSelfHost } from '../helpers/self-host';
import { launchBrowser, watchConsole } from './browser';

// Its own server, not the shared one: the last test replaces it, on the same origin (a
// service worker belongs to one), with a changed copy of the build, as a deploy would.
let server: SelfHost;
let browser: Browser;
const client = path.resolve('dist-node/client');
const nextBuild = path.resolve('test-results/offline-next-build');

beforeAll(async () => {
  [server, browser] = await Promise.all([startSelfHost(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  rmSync(nextBuild, { recursive: true, force: true });
});

const common = (lng: Locale) => JSON.parse(readFileSync(path.resolve(`locales/${lng}/common.json`), 'utf8')) as Record<string, string>;
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
/** The title of a built page, as the browser shows it. */
const builtTitle = (dir: string, pathname: string) =>
  decode(/<title>([\s\S]*?)<\/title>/.exec(readFileSync(path.join(dir, pathname, 'index.html'), 'utf8'))?.[1] ?? '');
const guides = (lng: Locale) =>
  readdirSync(path.join(client, lng, 'guides'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['for', 'topic'].includes(d.name))
    .map((d) => `/${lng}/guides/${d.name}/`);

/** Every cache of the page's origin, with the paths it holds. */
const cacheContents = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    }
    return out;
  });

/** Opens `pathname` and waits until the service worker controls the page, its language kept. */
async function visitAndKeep(context: BrowserContext, pathname: string) {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.baseURL}${pathname}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return { page, errors };
}

const offlineCaches = (caches: Record<string, string[]>) => Object.keys(caches).filter((n) => n.startsWith(offlineCachePrefix));

describe.each(['zh', 'es'] as const)('reading offline in %s', (lng) => {
  const other = locales.find((l) => l !== lng) as Locale;

  test('after one visit, the guides, the emergency numbers and the phrase cards of this language open offline; nothing else does', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const [first, second, third] = guides(lng);
    const { page, errors } = await visitAndKeep(context, first as string);

    // One cache, of this language: its pages, every language's offline page, the icon.
    const caches = await cacheContents(page);
    const names = offlineCaches(caches);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(new RegExp(`^${offlineCachePrefix}${lng}-[0-9a-f]{16}$`));
    const kept = caches[names[0] as string] ?? [];
    const expected = [
      `/${lng}/index.html`,
      `/${lng}/guides/index.html`,
      `/${lng}/emergency/index.html`,
      ...guides(lng).map((g) => `${g}index.html`),
      ...(hasPhrases(lng) ? [`/${lng}/phrases/index.html`, ...phrasesFor(lng).map((s) => `/${lng}/phrases/${s}/index.html`)] : []),
      ...locales.map((l) => `/${l}/offline/index.html`),
      '/favicon.svg',
    ];
    expect([...kept].sort()).toEqual([...expected].sort());
    for (const url of Object.values(caches).flat())
      expect(url, 'never the API, staff or donation pages').not.toMatch(/^\/(api|staff)\/|\/donate\//);

    await context.setOffline(true);
    // The page read, two other guides, the emergency numbers and the phrase cards.
    await page.reload();
    expect(await page.title()).toBe(builtTitle(client, (first as string).slice(1)));
    for (const pathname of [second, third, `/${lng}/emergency/`, `/${lng}/`, ...(hasPhrases(lng) ? [`/${lng}/phrases/`] : [])]) {
      await page.goto(`${server.baseURL}${pathname}`);
      expect(await page.title(), pathname).toBe(builtTitle(client, (pathname as string).slice(1)));
      expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    }
    if (hasPhrases(lng)) {
      const set = `/${lng}/phrases/${phrasesFor(lng)[0]}/`;
      await page.click(`.phrase-sets a[href="${set}"]`);
      await page.waitForURL(`${server.baseURL}${set}`);
      expect(await page.locator('[data-phrase]').count()).toBeGreaterThan(0);
    }

    // A page not kept: the offline page in this language, linking to what is kept.
    await page.goto(`${server.baseURL}/${lng}/stories/`);
    expect(await page.locator('h1').textContent()).toBe(common(lng)['offline.title']);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    const links = await page.locator('.offline-kept a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining([`/${lng}/`, `/${lng}/guides/`, `/${lng}/emergency/`]));
    await page.click(`.offline-kept a[href="/${lng}/guides/"]`);
    await page.waitForURL(`${server.baseURL}/${lng}/guides/`);
    expect(await page.title()).toBe(builtTitle(client, `${lng}/guides`));

    // Another language's guide is never answered with this language's page.
    await page.goto(`${server.baseURL}/${other}/guides/masks/`);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[other].htmlLang);
    expect(await page.locator('h1').textContent()).toBe(common(other)['offline.title']);

    // The donation form is not kept: offline, it is the offline page too.
    await page.goto(`${server.baseURL}/${lng}/donate/`);
    expect(await page.locator('h1').textContent()).toBe(common(lng)['offline.title']);

    // The policy refused nothing, offline or online.
    expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);

    // The API is never answered from a cache: offline, it fails.
    expect(
      await page.evaluate(() =>
        fetch('/api/health').then(
          (r) => r.status,
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    await context.close();
  });
});

describe('the donation form offline', () => {
  test('says that it needs a connection, and keeps the draft', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/en/donate/`);
    const note = page.locator('#offline-note');
    expect(await note.isVisible()).toBe(false);
    await page.fill('input[name="organization.name"]', 'Offline Association');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('tongxin:donate-draft:v1') ?? '')).toContain('Offline Association');
    await context.setOffline(true);
    await expect.poll(() => note.isVisible()).toBe(true);
    expect(await note.textContent()).toBe(
      (JSON.parse(readFileSync(path.resolve('locales/en/donate.json'), 'utf8')) as Record<string, string>)['form.offline'],
    );
    await context.setOffline(false);
    await expect.poll(() => note.isVisible()).toBe(false);
    await page.reload();
    expect(await page.inputValue('input[name="organization.name"]')).toBe('Offline Association');
    await context.close();
  });
});

describe('a new deploy', () => {
  test('replaces the kept pages at the next visit, leaving none of the old build', async () => {
    const changed = '/zh/guides/masks/';
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await visitAndKeep(context, changed);
    const [oldCache] = offlineCaches(await cacheContents(page));
    expect(oldCache).toBeTruthy();

    // The next build: a copy with one guide changed, its compressed copies gone, and the
    // service worker written again the way the build writes it (new revisions, new version).
    rmSync(nextBuild, { recursive: true, force: true });
    cpSync(path.resolve('dist-node'), nextBuild, { recursive: true });
    const nextClient = path.join(nextBuild, 'client');
    const file = path.join(nextClient, changed, 'index.html');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/<title>/, '<title>v2 · '));
    for (const f of [file, path.join(nextClient, 'sw.js')]) for (const twin of ['.br', '.gz']) rmSync(`${f}${twin}`, { force: true });
    await writeServiceWorker(nextClient);

    await server.stop();
    removeDataDir(server.dataDir);
    server = await startSelfHost({ port: server.port, env: { BUILD_DIR: nextBuild } });

    // Online, the reload reads the new page; the new worker takes over and drops the old cache.
    await page.reload();
    expect(await page.title()).toBe(builtTitle(nextClient, changed.slice(1)));
    expect(await page.title()).toMatch(/^v2 · /);
    await expect
      .poll(async () => offlineCaches(await cacheContents(page)), { timeout: 30_000, interval: 250 })
      .toSatisfy(
        (names: string[]) => names.length === 1 && names[0] !== oldCache && names[0]?.startsWith(`${offlineCachePrefix}zh-`) === true,
      );

    await context.setOffline(true);
    for (const pathname of [
      changed,
      ...guides('zh')
        .filter((g) => g !== changed)
        .slice(0, 2),
    ]) {
      await page.goto(`${server.baseURL}${pathname}`);
      expect(await page.title(), pathname).toBe(builtTitle(nextClient, pathname.slice(1)));
    }
    await context.close();
  });
});
