import { chromium } from 'playwright-core';
const base = process.argv[2];
const pages = process.argv.slice(3);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
const page = await ctx.newPage();
for (const p of pages) {
  await page.goto(base + p, { waitUntil: 'networkidle' });
  const name = p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
  await page.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: true });
  console.log(name);
}
await browser.close();
