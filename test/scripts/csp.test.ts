import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, cspPlugin, cspValue, SECURITY_HEADERS } from '../../scripts/csp.mjs';

const docs = readFileSync(new URL('../../docs/datasets.md', import.meta.url), 'utf8');
const section = docs.slice(docs.indexOf('## Security headers'));

describe('the Content-Security-Policy', () => {
  it('allows no evaluated script, plugin, base or form target', () => {
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
    expect(CSP_DIRECTIVES['base-uri']).toEqual(["'none'"]);
    expect(CSP_DIRECTIVES['form-action']).toEqual(["'none'"]);
    expect(cspValue()).not.toMatch(/ 'unsafe-eval'|frame-ancestors/);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(
      `${cspValue()}; frame-ancestors 'none'`,
    );
  });

  it('docs/datasets.md quotes the same policy, as meta and as header', () => {
    const block = /```\n(default-src[^`]*)```/.exec(section)?.[1];
    expect(block?.replace(/\n/g, ' ').trim()).toBe(cspValue());
    expect(section).toContain(`"${SECURITY_HEADERS['Content-Security-Policy']}"`);
    expect(section).toContain('X-Content-Type-Options nosniff');
    expect(section).toContain('Referrer-Policy no-referrer');
  });

  it('is written into the built index.html, before any script', () => {
    const plugin = cspPlugin() as unknown as {
      apply: string;
      transformIndexHtml: { handler: () => { attrs: Record<string, string>; injectTo: string }[] };
    };
    expect(plugin.apply).toBe('build');
    const [tag] = plugin.transformIndexHtml.handler();
    expect(tag?.attrs).toEqual({ 'http-equiv': 'Content-Security-Policy', content: cspValue() });
    expect(tag?.injectTo).toBe('head-prepend');
  });
});
