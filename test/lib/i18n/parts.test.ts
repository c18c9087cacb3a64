/**
 * The UI dictionaries are composed of one part per feature (`src/lib/i18n/<part>-<lang>.ts`) by
 * spreading: a key defined in two parts would silently let the later one win, and a part left out
 * of the composition would go unnoticed by the types. Every key lives in exactly one part.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/lib/i18n-en.ts';
import { ru } from '../../../src/lib/i18n-ru.ts';

const dir = new URL('../../../src/lib/i18n/', import.meta.url);

async function parts(lang: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(`-${lang}.ts`))
    .sort()) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, object>;
    out[file] = Object.values(mod).flatMap((part) => Object.keys(part));
  }
  return out;
}

describe('UI dictionary parts', () => {
  for (const [lang, dict] of [
    ['en', en],
    ['ru', ru],
  ] as const) {
    it(`${lang}: every key in exactly one part, every part in the dictionary`, async () => {
      const byPart = await parts(lang);
      expect(Object.keys(byPart).length).toBeGreaterThan(1);
      const seen = new Map<string, string>();
      const twice: string[] = [];
      for (const [file, keys] of Object.entries(byPart)) {
        for (const k of keys) {
          if (seen.has(k)) twice.push(`${k}: ${seen.get(k)} and ${file}`);
          seen.set(k, file);
        }
      }
      expect(twice).toEqual([]);
      expect([...seen.keys()].sort()).toEqual(Object.keys(dict).sort());
    });
  }
  it('the parts are the same in both languages', async () => {
    const names = async (lang: string) =>
      Object.keys(await parts(lang)).map((f) => f.replace(`-${lang}.ts`, ''));
    expect(await names('ru')).toEqual(await names('en'));
  });
});
