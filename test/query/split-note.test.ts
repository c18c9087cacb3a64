// A measure that cannot be split by a dimension says so by the field's name in the UI's language,
// and shows no number under that dimension's members (it read 0 won deals for every activity
// type, its whole count under the empty type), only where the dimension is rolled up:
// the Activities preset split by activity type, as its own hint suggests, read «Конверсия в
// выигрыш, Выиграно нельзя разбить по «activities.type»» — an id no user typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { english, render } from '../../src/lib/message.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import { run, spec } from './helpers.ts';

let engine: LazyEngine;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadDemo(engine, { deals: 300 }));
});
afterAll(async () => {
  await engine.close();
});

describe('a dimension a measure cannot reach', () => {
  it('is named by its label in the note (EN, RU), by its id in the CLI’s English', () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'activities.type' }],
      measures: ['activities', 'won'],
    });
    const notes = compile(s, catalog).notes;
    const field = catalog.fields.find((f) => f.id === 'activities.type')!;
    const label = (lang: 'en' | 'ru') =>
      render(lang, { code: 'raw', params: { text: field.label } });
    expect(label('ru')).not.toBe('activities.type');
    expect(notes.map((n) => render('ru', n)).join()).toContain(
      `нельзя разбить по «${label('ru')}»`,
    );
    expect(notes.map((n) => render('en', n)).join()).toContain(
      `cannot be split by '${label('en')}'`,
    );
    expect(notes.map(english).join()).toContain("cannot be split by 'activities.type'");
  });

  for (const totals of [true, false])
    it(`shows the measure only where the dimension is rolled up (totals ${totals})`, async () => {
      const s = spec({
        rows: [{ field: 'manager' }],
        columns: [{ field: 'activities.type' }],
        measures: ['activities', 'won', 'win_rate'],
        totals,
      });
      const { rows } = await run(engine, catalog, s);
      // Independent: the same counts in plain SQL.
      const plain = async (sql: string) =>
        new Map(
          (await engine.query(sql))
            .toArray()
            .map((r) => r.toJSON() as { k: string; n: number })
            .map((r) => [r.k, Number(r.n)]),
        );
      const won = await plain(
        `SELECT coalesce(manager, '∅') AS k, count(*) AS n FROM deals WHERE status = 'won' GROUP BY 1`,
      );
      const acts = await plain(
        // An activity's manager is its own (the catalog's conformed manager on activities).
        `SELECT coalesce(manager, '∅') || '|' || type AS k, count(*) AS n FROM activities GROUP BY 1`,
      );
      // A row under an activity type: its activities counted, no won deals or win rate.
      const split = rows.filter((r) => (Number(r._grouping ?? 0) & 1) === 0);
      expect(split.length).toBeGreaterThan(0);
      for (const r of split) {
        expect([r.won, r.win_rate]).toEqual([null, null]);
        const type = r['activities.type'];
        if (r.manager !== null && type !== null && (r._grouping ?? 0) === 0)
          expect(Number(r.activities)).toBe(acts.get(`${r.manager}|${type}`) ?? 0);
      }
      // A manager's row over all types: their won deals, as plain SQL counts them.
      const rolled = rows.filter((r) => Number(r._grouping) === 1 && r.manager !== null);
      if (!totals) expect(rolled).toEqual([]);
      for (const r of rolled) expect(Number(r.won)).toBe(won.get(String(r.manager)) ?? 0);
      if (totals)
        expect([...won.keys()].filter((k) => k !== '∅').sort()).toEqual(
          rolled
            .filter((r) => Number(r.won) > 0)
            .map((r) => String(r.manager))
            .sort(),
        );
    });
});
