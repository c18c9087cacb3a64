/**
 * The demo and an import describe the same data the same way: the demo's tables written out as
 * CSV files and imported give the model (and catalog) the demo gives itself.
 */
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import type { TableKind, TableName } from '../../src/crm/vocabulary.ts';
import { generateDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { importFiles } from '../../src/ingest/index.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

function cell(v: unknown, isTime: boolean): string {
  if (v === null || v === undefined) return '';
  if (isTime) return new Date(Number(v)).toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v === 'number') return String(v);
  return `"${String(v).replace(/"/g, '""')}"`;
}

function csv(t: Table): Uint8Array {
  const fields = t.schema.fields;
  const lines = [fields.map((f) => f.name).join(',')];
  for (let i = 0; i < t.numRows; i++)
    lines.push(
      fields
        .map((f) => cell(t.getChild(f.name)!.get(i), String(f.type).startsWith('Timestamp')))
        .join(','),
    );
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** A model with what depends on the producer taken out: ids, row counts, custom labels, stages. */
function shape(model: DatasetModel) {
  return model.tables
    .map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, role: c.role })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('the demo and an import of the same columns', () => {
  it('are described identically, and give the same catalog fields', async () => {
    const demo = generateDemo({ deals: 300, activitiesPerDeal: 2 });
    const files = (
      [
        ['deals', 'deals'],
        ['stage_history', 'stage_history'],
        ['activities', 'activities'],
        ['clients', 'clients'],
        ['managers', 'managers'],
        ['products', 'products'],
      ] as [TableName, TableKind][]
    ).map(([table, kind]) => ({ name: `${table}.csv`, bytes: csv(demo.tables[table]), kind }));
    const { model } = await importFiles(engine, files);

    expect(shape(model)).toEqual(shape(demo.model));
    const fields = (m: DatasetModel) =>
      buildCatalog(m)
        .fields.filter((f) => f.role !== undefined || f.id === 'period')
        .map((f) => ({ id: f.id, type: f.type, label: f.label, role: f.role }));
    expect(fields(model)).toEqual(fields(demo.model));
    expect(fields(model).find((f) => f.id === 'lost_reason')?.label.ru).toBe('Причина отказа');
  });
});
