// A measure that cannot be split by a dimension says so by the field's name in the UI's language:
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
import { spec } from './helpers.ts';

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
});
