// Row counts on the mapping screen, the status bar and the drill-down: "1 rows" was what the
// English page said for a one-row lookup file, because the count was filled in as text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../src/lib/i18n.ts';
import { msg, render } from '../../src/lib/message.ts';

const en = (code: Parameters<typeof msg>[0], n: number) => render('en', msg(code, { n }));
const ru = (code: Parameters<typeof msg>[0], n: number) => render('ru', msg(code, { n }));
// ru-RU groups thousands with a no-break space.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('row counts', () => {
  it('one row, many rows, grouped by the language', () => {
    expect(en('rowsCount', 1)).toBe('1 row');
    expect(en('rowsCount', 2)).toBe('2 rows');
    expect(en('rowsCount', 8000)).toBe('8,000 rows');
    expect(plain(ru('rowsCount', 8000))).toBe('строк: 8 000');
    expect(ru('rowsCount', 1)).toBe('строк: 1');
  });

  it('the drill-down, its export and the undated rows say "row" for one', () => {
    expect(en('drillTotal', 1)).toBe('1 row');
    expect(en('drillTotal', 21)).toBe('21 rows');
    expect(en('exporting', 1)).toBe('Exporting… 1 row');
    expect(en('undatedShow', 1)).toBe('Show 1 row without a date');
    expect(en('undatedShow', 1200)).toBe('Show 1,200 rows without a date');
    expect(plain(ru('undatedShow', 1200))).toBe('Показать строки без даты: 1 200');
  });
});

// An analysis's list under its first 200 rows read "Showing 200 of 1426 rows" and, in Russian,
// "Показано 200 из 1426 строк": the one count on the page not grouped by the language.
describe('a long list shows its first rows', () => {
  const shown = (lang: 'en' | 'ru', total: number) =>
    plain(render(lang, msg('rowsShown', { shown: 200, total })));
  const more = (lang: 'en' | 'ru', n: number) => render(lang, msg('showMore', { n }));

  it('says how many of how many, grouped by the language', () => {
    expect(shown('en', 1426)).toBe('Showing 200 of 1,426 rows');
    expect(shown('ru', 1426)).toBe('Показано 200 из 1 426 строк');
    expect(shown('ru', 221)).toBe('Показано 200 из 221 строки');
  });

  it('offers the next rows in the right form', () => {
    expect(more('en', 200)).toBe('Show 200 more rows');
    expect(more('en', 1)).toBe('Show 1 more row');
    expect(more('ru', 200)).toBe('Показать ещё 200 строк');
    expect(more('ru', 21)).toBe('Показать ещё 21 строку');
    expect(more('ru', 23)).toBe('Показать ещё 23 строки');
  });
});

describe('templates with counts are rendered as messages', () => {
  it('no component fills a plural or number template with plain t()', () => {
    const root = join(import.meta.dirname, '../../src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) =>
      /\.(svelte|ts)$/.test(f),
    );
    const misuse: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(/\b(?:locale\.)?t\('(\w+)'/g)) {
        const tpl = (DICTIONARIES.en as Record<string, string>)[m[1]!] ?? '';
        // t() fills {name} only: a {n|one|other} or {n:number} would show as typed.
        if (/\{\w+(:number|\|)/.test(tpl)) misuse.push(`${f}: ${m[1]}`);
      }
    }
    expect(misuse).toEqual([]);
  });
});
