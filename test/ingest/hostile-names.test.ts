/**
 * Names that are also properties of every JavaScript object (`constructor`, `__proto__`,
 * `toString`, `hasOwnProperty`) behave as plain names: as column headers they load as custom
 * fields that group like any other; as a measure id, an unknown measure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { compileReport } from '../../src/crm/report.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { english, MessageError } from '../../src/lib/message.ts';
import { defaultSpec } from '../../src/query/spec/spec.ts';
import { validateSpec } from '../../src/query/spec/validate.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { compileDrill } from '../../src/query/drill.ts';
import type { CellKey } from '../../src/query/spec/cell.ts';
import { toRows } from '../../src/cli/output.ts';
import { estimateImport } from '../../src/state/dataset/memory.ts';
import { own, hasOwn } from '../../src/lib/own.ts';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;
const utf8 = (s: string) => new TextEncoder().encode(s);
// Two of each value per name column: x for deals 1-2 (amounts 100 + 200), y for deal 3 (50).
const CSV =
  `id,amount,status,${NAMES.join(',')}\n` +
  `1,100,won,x,x,x,x\n` +
  `2,200,lost,x,x,x,x\n` +
  `3,50,won,y,y,y,y\n`;

let engine: Engine;
let model: DatasetModel;
beforeAll(async () => {
  engine = await createNodeEngine();
  ({ model } = await importFiles(engine, [{ name: 'hostile.csv', bytes: utf8(CSV) }]));
});
afterAll(async () => {
  await engine.close();
});

describe('hostile column headers', () => {
  it('are detected as plain columns without a role', async () => {
    const d = await detect([{ name: 'hostile.csv', bytes: utf8(CSV) }]);
    const t = d.tables[0]!;
    expect(t.columns.filter((c) => c.role === null).map((c) => c.header)).toEqual([...NAMES]);
  });

  it('load as custom fields of the deals', () => {
    const deals = model.tables.find((t) => t.name === 'deals')!;
    for (const n of NAMES) expect(deals.columns.map((c) => c.name)).toContain(n);
    expect(deals.rows).toBe(3);
  });

  it.each(NAMES)('%s groups as a dimension', async (name) => {
    const catalog = buildCatalog(model);
    const field = catalog.fields.find((f) => f.column === name && f.table === 'deals');
    expect(field, `${name} in the catalog`).toBeDefined();
    const spec = { ...defaultSpec(), rows: [{ field: field!.id }], measures: ['deals', 'revenue'] };
    const compiled = compileReport(validateSpec(spec), catalog);
    const res = await engine.query(compiled.sql);
    const [keys, deals, revenue] = [field!.id, 'deals', 'revenue'].map((c) => res.getChild(c)!);
    const byValue = new Map<string, number[]>();
    for (let i = 0; i < res.numRows; i++)
      byValue.set(String(keys!.get(i)), [Number(deals!.get(i)), Number(revenue!.get(i))]);
    // Deals 1 and 3 are won: revenue is 100 under x and 50 under y.
    expect(byValue.get('x')).toEqual([2, 100]);
    expect(byValue.get('y')).toEqual([1, 50]);
  });
});

describe('hostile measure ids and spec keys', () => {
  it.each(NAMES)('a measure id %s is rejected as unknown, not a crash', (id) => {
    const catalog = buildCatalog(model);
    const spec = validateSpec({ ...defaultSpec(), measures: [id] });
    let err: unknown;
    try {
      compileReport(spec, catalog);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MessageError);
    expect(english((err as MessageError).msg)).toContain(id);
  });
});

describe('hostile names elsewhere', () => {
  it('own and hasOwn see only own entries', () => {
    const r: Record<string, number> = { a: 1 };
    for (const n of NAMES) {
      expect(own(r, n)).toBeUndefined();
      expect(hasOwn(r, n)).toBe(false);
    }
    const parsed = JSON.parse('{"__proto__": 5, "constructor": 6}') as Record<string, number>;
    expect([own(parsed, '__proto__'), own(parsed, 'constructor')]).toEqual([5, 6]);
  });

  it.each(NAMES)('drilling into the %s = x cell lists the deals with x', async (name) => {
    const catalog = buildCatalog(model);
    const field = catalog.fields.find((f) => f.column === name && f.table === 'deals')!;
    const spec = validateSpec({
      ...defaultSpec(),
      rows: [{ field: field.id }],
      measures: ['deals'],
    });
    const cell = Object.fromEntries([[field.id, 'x']]) as CellKey;
    const d = compileDrill(spec, catalog, 'deals', cell, { limit: 50, offset: 0, sort: [] });
    const res = await engine.query(d.sql);
    const ids = res.getChild('id')!.toArray() as unknown as string[];
    expect([...ids].map(String).sort()).toEqual(['1', '2']);
  });

  it('stage names like constructor get a computed probability, not a prototype member', async () => {
    const csv = 'id,amount,stage\n1,10,constructor\n2,20,toString\n3,30,won\n4,40,lost\n';
    const { model: m } = await importFiles(engine, [{ name: 'stages.csv', bytes: utf8(csv) }], {
      stageProbabilities: {},
    });
    for (const s of m.stages) expect(typeof s.probability, s.stage).toBe('number');
    expect(m.stages.map((s) => s.stage)).toEqual(
      expect.arrayContaining(['constructor', 'toString']),
    );
  });

  it('a file named constructor takes its detected roles, not a prototype member as its mapping', async () => {
    const { model: m } = await importFiles(
      engine,
      [{ name: 'constructor', bytes: utf8('id,amount,status\n1,10,won\n') }],
      { maps: {} },
    );
    const deals = m.tables.find((t) => t.name === 'deals')!;
    expect(deals.columns.find((c) => c.name === 'amount')?.role).toBe('amount');
  });

  it('the CLI keeps a column named __proto__ in its rows', async () => {
    const res = await engine.query(`SELECT 'x' AS "__proto__", 1 AS "constructor"`);
    const rows = toRows(res, [
      { key: '__proto__', name: '__proto__' },
      { key: 'constructor', name: 'constructor' },
    ] as Parameters<typeof toRows>[1]);
    expect(JSON.stringify(rows)).toBe('[{"__proto__":"x","constructor":1}]');
  });

  it('the memory guard estimates a file named *.constructor like any text file', () => {
    expect(estimateImport([{ name: 'deals.constructor', size: 1000 }])).toBe(
      estimateImport([{ name: 'deals.csv', size: 1000 }]),
    );
  });
});

describe('column types given by the user', () => {
  it('a type that is not one (a tampered stored mapping) is ignored; a real one applies', async () => {
    const csv = 'id,amount,status,score,code\n1,10,won,5,007\n2,20,lost,6,008\n';
    const { model: m } = await importFiles(engine, [
      {
        name: 'typed.csv',
        bytes: utf8(csv),
        types: JSON.parse('{"score":"constructor","code":"text"}') as Record<string, 'text'>,
      },
    ]);
    const cols = m.tables.find((t) => t.name === 'deals')!.columns;
    expect(cols.find((c) => c.name === 'score')?.type).toBe('number');
    expect(cols.find((c) => c.name === 'code')?.type).toBe('text');
  });
});
