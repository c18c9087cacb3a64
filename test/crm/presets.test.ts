import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import {
  PRESETS,
  PRESET_IDS,
  droppedName,
  findPreset,
  presetLacks,
  resolvePreset,
  type PresetContext,
} from '../../src/crm/presets.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { queryCompiled } from '../query/helpers.ts';
import { compileReport } from '../../src/crm/report.ts';
import { compile } from '../../src/query/compile.ts';
import type { ReportSpec } from '../../src/query/spec/spec.ts';
import { validateSpec } from '../../src/query/spec/validate.ts';
import { TINY_MODEL, loadTiny } from '../fixtures/tiny-crm.ts';

type Row = Record<string, unknown>;
const rows = (t: Table): Row[] => t.toArray().map((r: { toJSON(): Row }) => r.toJSON());

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await loadTiny(engine);
});
afterAll(async () => {
  await engine.close();
});

const tinyCtx = (
  model: DatasetModel = TINY_MODEL,
  extra: Partial<PresetContext> = {},
): PresetContext => ({
  catalog: buildCatalog(model),
  model,
  ...extra,
});

async function run(spec: ReportSpec, ctx: PresetContext): Promise<Row[]> {
  return rows(await queryCompiled(engine, compileReport({ ...spec, totals: false }, ctx.catalog)));
}

/** Rows keyed by one column, so row order never matters. */
function byKey(list: Row[], key: string): Map<unknown, Row> {
  return new Map(list.map((r) => [r[key], r]));
}

function expectSameRows(actual: Row[], expected: Row[], key: string) {
  expect(actual.length).toBe(expected.length);
  const want = byKey(expected, key);
  for (const row of actual) {
    const w = want.get(row[key]);
    expect(w, `row ${String(row[key])}`).toBeDefined();
    for (const [k, v] of Object.entries(w!)) {
      if (typeof v === 'number') expect(row[k], `${String(row[key])}.${k}`).toBeCloseTo(v, 9);
      else expect(row[k], `${String(row[key])}.${k}`).toEqual(v);
    }
  }
}

describe('presets: the contract', () => {
  it('has exactly the public ids, in menu order, each with en/ru title and help', () => {
    expect(PRESET_IDS).toEqual([
      'by-source',
      'lost-reasons',
      'by-stage',
      'funnel',
      'managers',
      'clients',
      'custom-field',
      'pipeline',
      'won-size',
      'activities',
      'compare',
      'ltv',
      'cohorts',
      'dynamics',
      'drivers',
      'forecast',
      'pivot',
    ]);
    expect(PRESETS.map((p) => p.id)).toEqual(PRESET_IDS);
    for (const p of PRESETS) {
      for (const lang of ['en', 'ru'] as const) {
        expect(p.title[lang].length, `${p.id} title.${lang}`).toBeGreaterThan(3);
        expect(p.help[lang].length, `${p.id} help.${lang}`).toBeGreaterThan(30);
      }
    }
    expect(findPreset('managers')?.id).toBe('managers');
    expect(findPreset('nope')).toBeUndefined();
  });

  it('drivers and forecast have help in both languages, the Russian one with no English in it', () => {
    for (const id of ['drivers', 'forecast']) {
      const p = PRESETS.find((x) => x.id === id)!;
      expect(p.help.en, id).toMatch(/^[\x20-\x7e“”’–—×]+$/);
      expect(p.help.ru, id).toMatch(/[а-яё]{4}/i);
      expect(p.help.ru.match(/[A-Za-z]{2,}/g) ?? [], id).toEqual([]);
      expect(p.title.ru, id).toMatch(/^[А-Яа-яё ]+$/);
    }
  });

  it('every spec is valid saved-report JSON that round-trips and names its preset', () => {
    const ctx = tinyCtx();
    for (const p of PRESETS) {
      const spec = p.spec(ctx);
      expect(validateSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
      expect(spec.preset).toBe(p.id);
      expect(spec.measures.length, p.id).toBeGreaterThan(0);
    }
    expect(findPreset('funnel')!.spec(ctx).analysis).toBe('funnel');
    expect(findPreset('ltv')!.spec(ctx).analysis).toBe('ltv');
    expect(findPreset('cohorts')!.spec(ctx).analysis).toBe('cohort');
    expect(findPreset('dynamics')!.spec(ctx).analysis).toBe('dynamics');
  });

  it('the shapes the issue asks for', () => {
    const ctx = tinyCtx();
    const s = (id: string) => findPreset(id)!.spec(ctx);
    expect(s('by-source').measures).toEqual(['deals', 'won', 'revenue', 'win_rate']);
    expect(s('managers').measures).toEqual([
      'won',
      'lost',
      'win_rate',
      'revenue',
      'avg_won',
      'median_won',
      'cycle_days',
      'activities',
    ]);
    expect(s('clients')).toMatchObject({
      rows: [{ field: 'client' }],
      sort: [{ key: 'revenue', dir: 'desc' }],
      limit: 50,
    });
    expect(s('custom-field').rows).toEqual([{ field: 'region "note"' }]);
    expect(s('activities')).toMatchObject({
      rows: [{ field: 'manager' }],
      columns: [],
      measures: ['activities', 'win_rate', 'won', 'activities_per_won'],
      chart: 'scatter',
    });
    // No period picked: compare takes the latest year of data, up to its last day.
    expect(s('compare')).toMatchObject({
      compare: 'year',
      period: { from: '2024-01-01', to: '2024-03-20' },
      sort: [{ key: 'revenue_growth', dir: 'desc' }],
    });
    const picked = findPreset('compare')!.spec(
      tinyCtx(TINY_MODEL, { period: { from: '2024-02-01', to: '2024-02-29' } }),
    );
    expect(picked.period).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('presets: run on the tiny fixture', () => {
  it('every preset compiles and runs, with and without a period', async () => {
    for (const period of [null, { from: '2023-01-01', to: '2024-12-31' }]) {
      const ctx = tinyCtx(TINY_MODEL, { period });
      for (const p of PRESETS) {
        const spec = p.spec(ctx);
        const out = await run(spec, ctx);
        expect(out.length, p.id).toBeGreaterThan(0);
        // Totals on as well (the UI's default).
        if (spec.analysis === 'pivot') await engine.query(compile(spec, ctx.catalog).sql);
      }
    }
  });

  it('by-source equals plain SQL over the same tables', async () => {
    const period = { from: '2023-02-01', to: '2024-02-29' };
    const ctx = tinyCtx(TINY_MODEL, { period });
    const got = await run(findPreset('by-source')!.spec(ctx), ctx);
    const created = `created_at >= DATE '${period.from}' AND created_at < DATE '2024-03-01'`;
    const closed = `closed_at >= DATE '${period.from}' AND closed_at < DATE '2024-03-01'`;
    const want = rows(
      await engine.query(`
        SELECT source,
          count(*) FILTER (WHERE ${created}) AS deals,
          count(*) FILTER (WHERE status = 'won' AND ${closed}) AS won,
          coalesce(sum(amount) FILTER (WHERE status = 'won' AND ${closed}), 0) AS revenue,
          count(*) FILTER (WHERE status = 'won' AND ${closed})::DOUBLE
            / nullif(count(*) FILTER (WHERE status IN ('won', 'lost') AND ${closed}), 0) AS win_rate
        FROM deals GROUP BY source
        HAVING count(*) FILTER (WHERE ${created} OR ${closed}) > 0`),
    );
    expect(want.length).toBe(3);
    expectSameRows(got, want, 'source');
    // Sorted by revenue, biggest first.
    expect(got.map((r) => r.source)).toEqual(['Web', 'Referral', null]);
  });

  it('managers equals plain SQL, activities counted by the activity’s own manager', async () => {
    const ctx = tinyCtx();
    const got = await run(findPreset('managers')!.spec(ctx), ctx);
    const want = rows(
      await engine.query(`
        WITH d AS (
          SELECT manager,
            count(*) FILTER (WHERE status = 'won') AS won,
            count(*) FILTER (WHERE status = 'lost') AS lost,
            count(*) FILTER (WHERE status = 'won')::DOUBLE / nullif(count(*) FILTER (WHERE status IN ('won', 'lost')), 0) AS win_rate,
            coalesce(sum(amount) FILTER (WHERE status = 'won'), 0) AS revenue,
            avg(amount) FILTER (WHERE status = 'won') AS avg_won,
            quantile_cont(amount, 0.5) FILTER (WHERE status = 'won') AS median_won,
            quantile_cont(closed_at::DATE - created_at::DATE, 0.5) FILTER (WHERE status = 'won') AS cycle_days
          FROM deals WHERE closed_at IS NOT NULL GROUP BY manager),
        a AS (SELECT manager, count(*) AS activities FROM activities GROUP BY manager)
        SELECT coalesce(d.manager, a.manager) AS manager, d.* EXCLUDE (manager), coalesce(a.activities, 0) AS activities
        FROM d FULL JOIN a ON d.manager IS NOT DISTINCT FROM a.manager`),
    );
    expect(want.length).toBe(3);
    expectSameRows(got, want, 'manager');
    expect(byKey(got, 'manager').get('Анна')).toMatchObject({
      won: 2,
      lost: 1,
      revenue: 5000,
      activities: 4,
    });
  });

  it('degrades when the dataset lacks a role or a table: drops it and still runs', async () => {
    const model: DatasetModel = {
      ...TINY_MODEL,
      tables: TINY_MODEL.tables
        .filter((t) => t.name !== 'activities')
        .map((t) =>
          t.name !== 'deals'
            ? t
            : {
                ...t,
                // No lost reason, no source and no amount in this export; no custom column either.
                columns: t.columns
                  .filter((c) => c.name !== 'region "note"')
                  .map((c) =>
                    ['lost_reason', 'source', 'amount'].includes(c.name)
                      ? { name: c.name, type: c.type }
                      : c,
                  ),
              },
        ),
    };
    const ctx = tinyCtx(model);
    const r = (id: Parameters<typeof resolvePreset>[0]) => resolvePreset(id, ctx);

    expect(r('lost-reasons').dropped).toEqual(['lost_reason', 'lost_amount']);
    expect(r('lost-reasons').spec).toMatchObject({ rows: [], measures: ['lost'] });
    expect(r('by-source').dropped).toEqual(['source', 'revenue']);
    expect(r('by-source').spec).toMatchObject({ measures: ['deals', 'won', 'win_rate'], sort: [] });
    expect(r('managers').dropped).toEqual(['revenue', 'avg_won', 'median_won', 'activities']);
    expect(r('managers').spec.sort).toEqual([{ key: 'won', dir: 'desc' }]);
    // Without activities the preset keeps its deal-side measures (win rate, won).
    expect(r('activities').spec.measures).toEqual(['win_rate', 'won']);
    expect(r('activities').dropped).toEqual(['activities', 'activities_per_won']);
    expect(r('custom-field').spec.rows).toEqual([{ field: 'clients.region' }]);
    expect(r('pipeline').spec.measures).toEqual(['open']);

    for (const p of PRESETS) {
      const spec = p.spec(ctx);
      expect(validateSpec(spec)).toEqual(spec);
      await run(spec, ctx);
    }
    const managers = byKey(await run(r('managers').spec, ctx), 'manager');
    expect(managers.get('Анна')).toEqual({
      manager: 'Анна',
      won: 2,
      lost: 1,
      win_rate: 2 / 3,
      cycle_days: 21.5,
    });
  });
});

describe('presets: run on the demo data', () => {
  it('every preset runs and returns rows', async () => {
    const demo = await createNodeEngine();
    try {
      const model = await loadDemo(demo, { deals: 3000 });
      const ctx: PresetContext = { catalog: buildCatalog(model), model };
      for (const p of PRESETS) {
        const { spec, dropped } = resolvePreset(p.id, ctx);
        expect(dropped, p.id).toEqual([]);
        // The demo has every column and file a preset needs: the gallery offers them all.
        expect(presetLacks(p.id, ctx.catalog), p.id).toEqual([]);
        const out = rows(
          await queryCompiled(demo, compileReport({ ...spec, totals: false }, ctx.catalog)),
        );
        expect(out.length, p.id).toBeGreaterThan(0);
        if (p.id === 'clients') expect(out.length).toBe(50);
      }
    } finally {
      await demo.close();
    }
  });
});

describe('presets: docs', () => {
  it('docs/presets.md lists every preset with its exact EN and RU help', () => {
    const doc = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');
    for (const p of PRESETS) {
      expect(doc).toContain(
        `| \`${p.id}\` | ${p.title.en} / ${p.title.ru} | ${p.help.en} | ${p.help.ru} |`,
      );
    }
  });
});

describe('droppedName', () => {
  it('names what a preset left out in the UI language, though the dataset has no such measure', () => {
    expect(droppedName('revenue', 'ru')).toBe('Выручка');
    expect(droppedName('revenue', 'en')).toBe('Revenue');
    expect(droppedName('lost_reason', 'ru')).toBe('Причина отказа');
    expect(droppedName('my_own_field', 'ru')).toBe('my_own_field');
  });
});
