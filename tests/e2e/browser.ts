import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export { launchBrowser } from '../helpers/chromium';

/** Collects what the page logs as an error, so a test can insist there is none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/**
 * Opens `url` in a new context on a phone-sized screen (`options` may change that), with
 * what the page logs as an error and the scripts it requests, so a test can insist there
 * are none. The test closes `context`.
 */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  const page = await context.newPage();
  const errors = watchConsole(page);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  const response = await page.goto(url);
  return { context, page, response, errors, scripts };
}

/** axe-core violations on the page, summarised so a failure says what and where. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

export const artifactsDir = path.resolve('test-results');

export async function screenshot(page: Page, name: string) {
  const dir = path.join(artifactsDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Makes the open donation form look opened ten seconds ago, as if the donor had taken
 * their time: the API discards a form sent faster than a person could fill it
 * (MIN_FILL_MS), and a test should not sleep for that. The rule itself is tested with an
 * injected clock (tests/api/offers.test.ts).
 */
export async function backdateForm(page: Page, ms = 10_000) {
  await page.$eval(
    'input[name="startedAt"]',
    (input, by) => {
      (input as HTMLInputElement).value = String(Number((input as HTMLInputElement).value) - by);
    },
    ms,
  );
}
