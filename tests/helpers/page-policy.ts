import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { cspDirectives } from '../../src/lib/security-headers';

/** A CSP hash source for a text, as Astro writes it. */
export const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** One directive of a policy (`style-src 'self' …`), or '' when it has none. */
export const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? '';

/**
 * A page's policy: every fixed directive, and the hash of each inline style and script the
 * page has, so the browser runs them and nothing else. And no style attribute in the page,
 * which such a policy refuses; no `<meta>` policy either (the header is the policy).
 */
export function expectPagePolicy(csp: string | null | undefined, html: string, where: string) {
  expect(csp, where).toBeTruthy();
  const policy = csp ?? '';
  for (const d of cspDirectives) expect(directive(policy, d.split(' ')[0] as string), where).toBe(d);
  for (const [, style] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
    expect(directive(policy, 'style-src'), `${where}: an inline style`).toContain(sha256(style as string));
  }
  for (const [, attributes, script] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc=|type="application\/(ld\+)?json"/.test(attributes as string)) continue;
    expect(directive(policy, 'script-src'), `${where}: an inline script`).toContain(sha256(script as string));
  }
  expect(policy, where).not.toContain('unsafe-inline');
  expect(html, where).not.toMatch(/<meta http-equiv="content-security-policy"/i);
  expect(html, `${where}: a style attribute, which the policy refuses`).not.toMatch(/<[^>]+\sstyle="/);
}
