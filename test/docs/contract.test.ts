/**
 * The docs are a public contract (preset ids, measure ids, CLI roles, URL parameters): a user
 * types what they read there. Each list the docs give is compared here with the code's own list,
 * both ways, so a name added to the code and not to the docs (or a stale one left in the docs)
 * fails. docs/presets.md's help texts are checked word for word in test/crm/presets.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEASURE_IDS, measureName } from '../../src/crm/measures.ts';
import { PRESETS, PRESET_IDS } from '../../src/crm/presets.ts';
import { DEFS } from '../../src/crm/preset-defs.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { TINY_MODEL } from '../fixtures/tiny-crm.ts';
import { DEAL_ROLES, TABLE_KINDS } from '../../src/crm/vocabulary.ts';
import { PAGE_KEYS, URL_KEYS } from '../../src/query/spec/url.ts';
import { parseManifest } from '../../src/state/dataset/links/manifest.ts';

const doc = (name: string) =>
  readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

/** The body rows of the markdown table whose header line is `header`, as trimmed cells. */
function table(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === header);
  expect(at, `table "${header}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** The `code` spans of a cell: `by-source`, `clients` → ['by-source', 'clients']. */
const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The names of a cell that lists them in one span or several: `a, b`, `c` → ['a', 'b', 'c']. */
const names = (cell: string) => codes(cell).flatMap((c) => c.split(/,\s*/));

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('docs/metrics.md', () => {
  const rows = table(doc('metrics.md'), '| id | label | definition | counts by | format |');

  it('lists every measure of the code, and no other', () => {
    expect(sorted(rows.map((r) => codes(r[0]!)[0]!))).toEqual(sorted(MEASURE_IDS));
  });

  it("gives each measure its label in English and Russian, as the app shows it", () => {
    for (const [id, label] of rows) {
      const name = measureName(codes(id!)[0]!)!;
      expect(label, id).toBe(`${name.en} / ${name.ru}`);
    }
  });
});

describe('docs/presets.md', () => {
  const text = doc('presets.md');
  const ids = PRESETS.map((p) => p.id);

  it('describes the spec of every preset, in the gallery order, and no other', () => {
    const rows = table(text, '| id | what it answers | the spec |');
    expect(rows.map((r) => codes(r[0]!)[0])).toEqual(ids);
    expect(ids).toEqual([...PRESET_IDS]);
  });

  it("names each preset's analysis, or its pivot's measures and sort, as the code builds them", () => {
    const rows = table(text, '| id | what it answers | the spec |');
    const ctx = { catalog: buildCatalog(TINY_MODEL), model: TINY_MODEL };
    for (const def of DEFS) {
      const cell = rows.find((r) => codes(r[0]!)[0] === def.id)![2]!;
      const wish = def.build(ctx);
      if (wish.analysis && wish.analysis !== 'pivot') {
        expect(cell, def.id).toMatch(new RegExp(`^analysis \`${wish.analysis}\``));
        continue;
      }
      const listed = names(cell);
      for (const m of wish.measures) expect(listed, `${def.id}: ${m}`).toContain(m);
      // The sort a compare gives without a period (`revenue`) is the fallback, not the spec's.
      const sort = wish.sort?.[0]?.key;
      if (sort && !wish.compare) expect(cell, `${def.id}: sort`).toMatch(/sorted by/);
    }
  });

  it('gives the help of every preset and no other', () => {
    const rows = table(text, '| id | title | help (EN) | help (RU) |');
    expect(rows.map((r) => codes(r[0]!)[0])).toEqual(ids);
  });

  it('names what each preset needs once, "nothing beyond deals" exactly for those that need nothing', () => {
    const rows = table(text, '| needs | presets |');
    const listed = rows.flatMap((r) => codes(r[1]!));
    expect(sorted(listed)).toEqual(sorted(ids));
    const none = rows.find((r) => r[0] === 'nothing beyond deals')!;
    expect(sorted(codes(none[1]!))).toEqual(
      sorted(PRESETS.filter((p) => p.needs.length === 0).map((p) => p.id)),
    );
  });
});

describe('docs/cli.md', () => {
  const text = doc('cli.md');
  const option = (name: string) => {
    const row = text.split('\n').find((l) => l.startsWith(`| \`${name}`));
    expect(row, name).toBeDefined();
    return row!;
  };

  it('lists every measure id for --measures', () => {
    const cell = option('--measures').split('Measure ids from the catalog')[1]!.split(';')[0]!;
    expect(sorted(names(cell))).toEqual(sorted(MEASURE_IDS));
  });

  it('lists every deal role for --map', () => {
    const roles = option('--map').split('Roles: ')[1]!.split('.')[0]!;
    expect(names(roles)).toEqual([...DEAL_ROLES]);
  });

  it("shows the unknown-measure error with the measures the demo has, in the catalog's order", () => {
    const line = text.split('\n').find((l) => l.startsWith("crm: unknown measure 'revenu'"));
    expect(line).toBeDefined();
    expect(/\(measures: (.*)\)$/.exec(line!)![1]!.split(', ')).toEqual(MEASURE_IDS);
  });

  it("shows `crm presets`' output with every preset id and English title", () => {
    const block = text.split('$ npm run --silent crm -- presets\n')[1]!.split('```')[0]!;
    const shown = block
      .trim()
      .split('\n')
      .map((l) => l.split(/\s{2,}/));
    expect(shown).toEqual(PRESETS.map((p) => [p.id, p.title.en]));
  });
});

describe('docs/datasets.md', () => {
  const text = doc('datasets.md');

  it('gives a manifest example the page accepts, and the shipped example is a manifest too', () => {
    const at = text.indexOf('## Datasets from a link');
    const example = text.slice(text.indexOf('```json\n', at) + 8, text.indexOf('```\n', text.indexOf('```json\n', at) + 8));
    expect(parseManifest(JSON.parse(example)).files.length).toBe(2);
    const shipped = readFileSync(new URL('../../public/examples/manifest.json', import.meta.url), 'utf8');
    expect(parseManifest(JSON.parse(shipped)).name).toBe('Example: amoCRM export');
  });

  it("lists a manifest file's kinds as the import knows them", () => {
    const row = table(text, '| key | | meaning |').find((r) => r[0] === '`files[].kind`')!;
    expect(codes(row[2]!)).toEqual([...TABLE_KINDS]);
  });

  it('names every page and report parameter of the URL, and no other', () => {
    const rows = table(text, '| parameter | where | meaning |');
    const documented = rows.flatMap((r) => codes(r[0]!));
    expect(sorted(documented)).toEqual(sorted([...Object.values(URL_KEYS), ...PAGE_KEYS]));
    // The page's own parameters stay in the query; a report's go after `#`.
    for (const r of rows) {
      const inQuery = codes(r[0]!).every((k) => (PAGE_KEYS as readonly string[]).includes(k));
      expect(r[1], r[0]).toBe(inQuery ? 'query' : '#');
    }
  });
});
