import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Locale, locales } from '../../src/i18n/config';
import { staffLocales } from '../../src/i18n/staff';
import { hsts, resourceCsp, searchWorkerCsp, serviceWorkerCsp } from '../../src/lib/security-headers';
import { expectPagePolicy } from '../helpers/page-policy';
import { removeDataDir, type SelfHost, startSelfHost } from '../helpers/self-host';
import { runStaffCommand } from '../helpers/staff-cli';
import { backdateForm, launchBrowser, screenshot } from './browser';
import { receiveMasks, staffCookie } from './staff-over-http';

// Every page template in every language, the staff workspace and the transparency chart in
// Debian's Chromium against the self-hosted build: nothing the Content-Security-Policy
// refuses, and the headers on static and on-demand answers. docs/decisions/060.

let server: SelfHost;
let baseURL: string;
let browser: Browser;
let reference: string;
const admin = { email: 'csp-admin@example.org', password: 'a long password for the csp test' };

beforeAll(async () => {
  // Its own server: the donation form is sent once per language here, which must not eat
  // into the offers-per-hour limit the other browser tests share.
  server = await startSelfHost({ env: { RATE_LIMIT_OFFERS_PER_HOUR: '0', RATE_LIMIT_LOOKUPS_PER_HOUR: '0' } });
  baseURL = server.baseURL;
  browser = await launchBrowser();
  const added = await runStaffCommand(server.dataDir, ['add', admin.email, '--role', 'admin', '--password-stdin'], `${admin.password}\n`);
  expect(added.code, added.out).toBe(0);
  // One offer received, so the transparency page draws its chart.
  const cookie = await staffCookie(baseURL, admin);
  reference = await receiveMasks(baseURL, cookie, {
    organization: 'Asociación China de Rosario',
    email: 'ana.csp@example.org',
    masks: 5000,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

interface Watched {
  context: BrowserContext;
  page: Page;
  /** `securitypolicyviolation` events, from every page the tab showed. */
  violations: string[];
  /** Console messages about a policy (Chromium also logs each refusal there). */
  policyMessages: string[];
  /** Each document the tab loaded, with the policy it came with. */
  documents: { url: string; csp: string | undefined }[];
}

async function watchedPage(): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const watched: Watched = { context, page: undefined as unknown as Page, violations: [], policyMessages: [], documents: [] };
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    watched.violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(`${location.pathname}: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/content.security.policy|permissions.policy/i.test(msg.text())) watched.policyMessages.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.request().resourceType() === 'document' && res.frame() === page.mainFrame()) {
      watched.documents.push({ url: res.url(), csp: res.headers()['content-security-policy'] });
    }
  });
  watched.page = page;
  return watched;
}

/** Nothing refused, and every page the tab showed was under a policy with script and style hashes. */
function expectNothingRefused(w: Watched) {
  expect(w.violations).toEqual([]);
  expect(w.policyMessages).toEqual([]);
  expect(w.documents.length).toBeGreaterThan(0);
  for (const { url, csp = '(no policy)' } of w.documents) {
    expect(csp, url).toContain("frame-ancestors 'none'");
    expect(csp, url).toMatch(/script-src 'self'[^;]* 'sha256-/);
    expect(csp, url).toMatch(/style-src 'self'[^;]* 'sha256-/);
    expect(csp, url).not.toContain('unsafe-inline');
  }
}

const searchWords: Record<Locale, string> = { zh: '口罩', en: 'mask', es: 'mascarilla', ja: 'マスク', 'zh-Hant': '口罩' };

describe.each(locales)('every page template in %s, in the browser', (lng) => {
  test('reading pages, the transparency chart, the translation status and the 404: nothing refused', async () => {
    const w = await watchedPage();
    const { page } = w;
    for (const rest of [
      '',
      'guides/',
      'guides/masks/',
      'guides/topic/masks/',
      'guides/for/everyone/',
      'stories/',
      'stories/argentina-150000-masks/',
      'stories/series/overseas-chinese/',
      'stories/page/2/',
      'translation-status/',
    ]) {
      const res = await page.goto(`${baseURL}/${lng}/${rest}`);
      expect(res?.status(), rest).toBe(200);
    }
    await page.goto(`${baseURL}/${lng}/transparency/`);
    await page.locator('#totals').waitFor();
    expect(await page.locator('#totals-chart rect').count()).toBeGreaterThan(0);
    await screenshot(page, `csp-transparency-${lng}`);
    const missing = await page.goto(`${baseURL}/${lng}/no-such-page/`);
    expect(missing?.status()).toBe(404);
    expectNothingRefused(w);
    await w.context.close();
  });

  test('search with a query typed: Pagefind finds pages, in its worker', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${baseURL}/${lng}/search/`);
    await page.fill('#search-q', searchWords[lng]);
    await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('#search-q', 'Enter')]);
    await page.locator('#search-results li').first().waitFor();
    expect(await page.locator('#search-results li').count()).toBeGreaterThan(0);
    await screenshot(page, `csp-search-${lng}`);
    expectNothingRefused(w);
    await w.context.close();
  });

  test('the donation form sent with JavaScript, the thanks page and the status page', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${baseURL}/${lng}/donate/`);
    await page.fill('#f-organization-name', `CSP test association ${lng}`);
    await page.selectOption('#f-organization-country', 'AR');
    await page.fill('#f-contact-name', 'Lin');
    await page.fill('#f-contact-email', `csp.${lng}@example.org`);
    await page.selectOption('#f-goods-0-item', 'surgical_mask');
    await page.fill('#f-goods-0-quantity', '100');
    await page.check('#f-consent-dataProcessing');
    await backdateForm(page);
    await Promise.all([page.waitForURL(/\/donate\/thanks\/\?ref=TX-/), page.click('#send')]);
    const ref = (await page.textContent('.reference'))?.trim() ?? '';
    await screenshot(page, `csp-thanks-${lng}`);
    await page.goto(`${baseURL}/${lng}/donate/status/?ref=${encodeURIComponent(ref)}`);
    await page.fill('#f-contact', `csp.${lng}@example.org`);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
    await page.locator('.current-status').waitFor();
    expectNothingRefused(w);
    expect(w.documents.map((d) => new URL(d.url).pathname)).toEqual([
      `/${lng}/donate/`,
      `/${lng}/donate/thanks/`,
      `/${lng}/donate/status/`,
      `/${lng}/donate/status/`,
    ]);
    await w.context.close();
  });
});

describe.each(staffLocales)('the staff workspace in %s, in the browser', (lng) => {
  test('sign-in, the list, an offer with a step open, the outbox and the password page: nothing refused', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${baseURL}/staff/${lng}/login/`);
    await page.fill('#login-email', admin.email);
    await page.fill('#login-password', admin.password);
    await Promise.all([page.waitForURL(new RegExp(`/staff/${lng}/$`)), page.click('#login-form button[type=submit]')]);
    await page.locator('#offers-table, #list-summary').first().waitFor();
    await page.goto(`${baseURL}/staff/${lng}/offer/?ref=${reference}`);
    await page.locator('#offer').waitFor();
    await page.locator('#transition-buttons button').first().click();
    await page.locator('#transition-form').waitFor();
    await screenshot(page, `csp-staff-offer-${lng}`);
    await page.goto(`${baseURL}/staff/${lng}/outbox/`);
    await page.locator('#outbox-list li').first().waitFor();
    await page.goto(`${baseURL}/staff/${lng}/password/`);
    await page.locator('#password-form').waitFor();
    expectNothingRefused(w);
    await w.context.close();
  });
});

function expectSharedHeaders(res: Response, where: string) {
  expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), where).toBe('same-origin');
  expect(res.headers.get('permissions-policy'), where).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\).*payment=\(\)/);
}

describe('headers of the self-hosted server', () => {
  test('a static page carries its own policy, with the hashes of its inline styles, as a header', async () => {
    for (const lng of locales) {
      for (const rest of ['', 'guides/masks/', 'stories/page/2/', 'search/', 'transparency/', 'translation-status/']) {
        const url = `${baseURL}/${lng}/${rest}`;
        const res = await fetch(url);
        expect(res.status, url).toBe(200);
        expectPagePolicy(res.headers.get('content-security-policy'), await res.text(), url);
        expectSharedHeaders(res, url);
        expect(res.headers.get('strict-transport-security'), url).toBeNull();
      }
    }
  });

  test('the same page asked for without its trailing slash gets the same policy', async () => {
    const withSlash = await fetch(`${baseURL}/en/translation-status/`);
    const without = await fetch(`${baseURL}/en/translation-status`);
    expect(withSlash.headers.get('content-security-policy')).toMatch(/style-src 'self'[^;]* 'sha256-/);
    expect(without.headers.get('content-security-policy')).toBe(withSlash.headers.get('content-security-policy'));
  });

  test('an on-demand page (donation, thanks, status, staff, 404) carries Astro’s policy and the shared headers', async () => {
    for (const path of [
      '/es/donate/',
      `/es/donate/thanks/?ref=${reference}`,
      '/es/donate/status/',
      '/staff/en/login/',
      '/staff/zh/',
      '/ja/no-such-page/',
    ]) {
      const res = await fetch(`${baseURL}${path}`);
      expectPagePolicy(res.headers.get('content-security-policy'), await res.text(), path);
      expectSharedHeaders(res, path);
    }
  });

  test('what is not a page may load nothing: the API, feeds, scripts, images, the search index, `/`', async () => {
    const donate = await (await fetch(`${baseURL}/en/donate/`)).text();
    const script = /<script type="module" src="([^"]+)"/.exec(donate)?.[1];
    expect(script).toBeDefined();
    for (const path of [
      '/api/health',
      '/api/no/such/thing',
      '/en/rss.xml',
      '/robots.txt',
      '/sitemap.xml',
      '/favicon.svg',
      script,
      '/pagefind/pagefind.js',
      '/',
    ]) {
      const res = await fetch(`${baseURL}${path}`, { redirect: 'manual' });
      expect(res.headers.get('content-security-policy'), path).toBe(resourceCsp);
      expectSharedHeaders(res, path as string);
    }
    const worker = await fetch(`${baseURL}/pagefind/pagefind-worker.js`);
    expect(worker.headers.get('content-security-policy')).toBe(searchWorkerCsp);
    // The service worker: at the root (its scope is the site, no Service-Worker-Allowed),
    // asked for again at each check (no long caching), fetching the site's own pages only.
    const sw = await fetch(`${baseURL}/sw.js?lng=en`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('content-security-policy')).toBe(serviceWorkerCsp);
    expect(sw.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(sw.headers.get('service-worker-allowed')).toBeNull();
    expectSharedHeaders(sw, '/sw.js');
  });

  test('no HSTS over plain HTTP, even when the client claims HTTPS and no proxy is trusted', async () => {
    for (const path of ['/en/', '/en/donate/', '/api/health', '/favicon.svg']) {
      const res = await fetch(`${baseURL}${path}`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });
});

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  let proxied: SelfHost;
  beforeAll(async () => {
    proxied = await startSelfHost({ env: { TRUST_PROXY: '1' } });
  }, 120_000);
  afterAll(async () => {
    await proxied?.stop();
    if (proxied) removeDataDir(proxied.dataDir);
  });

  test('HSTS on every answer when the proxy says the reader came over HTTPS', async () => {
    for (const path of ['/en/', '/en/guides/masks/', '/en/donate/', '/api/health', '/favicon.svg']) {
      const res = await fetch(`${proxied.baseURL}${path}`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' } });
      expect(res.headers.get('strict-transport-security'), path).toBe(hsts);
    }
  });

  test('none when the proxy says HTTP, or says nothing, or only the client said HTTPS', async () => {
    for (const proto of ['http', undefined, 'https, http']) {
      const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.7', ...(proto ? { 'x-forwarded-proto': proto } : {}) };
      for (const path of ['/en/', '/en/donate/', '/api/health']) {
        const res = await fetch(`${proxied.baseURL}${path}`, { headers });
        expect(res.headers.get('strict-transport-security'), `${path} ${proto}`).toBeNull();
      }
    }
  });
});
