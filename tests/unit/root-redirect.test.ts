import { describe, expect, test } from 'vitest';
import { rootRedirect } from '../../src/lib/root-redirect';

const request = (headers: Record<string, string>) => new Request('http://localhost/', { headers });

describe('rootRedirect', () => {
  test('sends an Argentinian browser to Spanish', () => {
    const res = rootRedirect(request({ 'accept-language': 'es-AR,es;q=0.9,en;q=0.8' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/es/');
  });

  test('sends a Taiwanese browser to Traditional Chinese and a mainland one to Simplified', () => {
    expect(rootRedirect(request({ 'accept-language': 'zh-TW,zh;q=0.9' })).headers.get('location')).toBe('/zh-Hant/');
    expect(rootRedirect(request({ 'accept-language': 'zh-CN,zh;q=0.9' })).headers.get('location')).toBe('/zh/');
  });

  test('a remembered choice beats the browser', () => {
    const res = rootRedirect(request({ 'accept-language': 'es-AR', cookie: 'tx_lang=ja' }));
    expect(res.headers.get('location')).toBe('/ja/');
  });

  test('is never cached across readers', () => {
    const res = rootRedirect(request({}));
    expect(res.headers.get('location')).toBe('/zh/');
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
  });

  test('lists every language in its own script for clients that do not follow redirects', async () => {
    const html = await rootRedirect(request({ 'accept-language': 'en' })).text();
    for (const [href, name] of [
      ['/zh/', '简体中文'],
      ['/en/', 'English'],
      ['/es/', 'Español'],
      ['/ja/', '日本語'],
      ['/zh-Hant/', '繁體中文'],
    ]) {
      expect(html).toContain(`href="${href}"`);
      expect(html).toContain(name);
    }
  });
});
