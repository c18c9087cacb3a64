import { describe, expect, it } from 'vitest';
import { mappingKey } from '../../../../src/ingest/index.ts';
import {
  forgetMappings,
  recallMapping,
  rememberMapping,
  type SavedMapping,
} from '../../../../src/state/dataset/mapping/mapping-memory.ts';
import {
  buildDrafts,
  moveStage,
  percentInput,
  stagePercent,
  toImport,
  toSaved,
} from '../../../../src/state/dataset/mapping/import-draft.ts';
import type { Inspection } from '../../../../src/ingest/read/inspect.ts';

class MemStorage {
  map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const headers = ['ID', 'Сумма', 'Этап', 'Откуда'];
const inspection = (): Inspection => ({
  relations: [],
  errors: [],
  tables: [
    {
      headers,
      preview: [['1', '10', 'Won', 'web']],
      stages: [
        { value: 'Won', outcome: 'won' },
        { value: 'Оплачено', outcome: 'open' },
      ],
      proposal: {
        file: 'd.csv',
        kind: 'deals',
        confidence: 0.9,
        rows: 1,
        format: { type: 'csv', encoding: 'utf-8' },
        warnings: [],
        key: mappingKey(headers),
        columns: headers.map((header, index) => ({
          index,
          header,
          role: (['id', 'amount', 'stage', null] as const)[index]!,
          type: index === 1 ? 'number' : 'text',
          format: {},
          confidence: 0.8,
          nonNull: 1,
          parsed: 1,
          fits: {
            text: { parsed: 1, rounded: 0 },
            number: { parsed: 1, rounded: 0 },
            date: { parsed: 0, rounded: 0 },
            boolean: { parsed: 0, rounded: 0 },
          },
        })),
      },
    },
  ],
});

describe('mapping memory', () => {
  it('remembers a confirmed mapping by header set and re-applies it', () => {
    const storage = new MemStorage();
    const first = buildDrafts(inspection(), [{ name: 'd.csv' }], () => null);
    const t = first.tables[0]!;
    t.columns[3]!.role = 'source';
    t.columns[1]!.type = 'text';
    first.stages[1]!.outcome = 'won';
    rememberMapping(storage, t.key, toSaved(t, first.stages));

    // Same headers in another order and case: same key.
    expect(mappingKey(['откуда', 'этап', 'сумма', 'id'])).toBe(t.key);
    const again = buildDrafts(inspection(), [{ name: 'd.csv' }], (k) => recallMapping(storage, k));
    const t2 = again.tables[0]!;
    expect(t2.remembered).toBe(true);
    expect(t2.columns.map((c) => c.role)).toEqual(['id', 'amount', 'stage', 'source']);
    expect(t2.columns[1]!.type).toBe('text');
    expect(again.stages.find((s) => s.value === 'Оплачено')?.outcome).toBe('won');
  });

  it('moves stages and keeps typed probabilities; both go to the import and are remembered', () => {
    const storage = new MemStorage();
    const first = buildDrafts(inspection(), [{ name: 'd.csv' }], () => null);
    expect(first.stages.map((s) => [s.value, stagePercent(first.stages, s)])).toEqual([
      ['Won', 100],
      ['Оплачено', 50],
    ]);
    expect(toImport([], first.tables, first.stages).options.stageOrder).toBeUndefined();
    const moved = moveStage(first.stages, 1, -1);
    expect(moveStage(moved, 0, -1)).toBe(moved);
    moved[0]!.percent = percentInput('35,5');
    expect(percentInput('abc')).toBeUndefined();
    expect(percentInput(140)).toBe(100);
    const { options } = toImport([], first.tables, moved);
    expect(options.stageOrder).toEqual(['Оплачено', 'Won']);
    expect(options.stageProbabilities).toEqual({ Оплачено: 0.355 });
    rememberMapping(storage, first.tables[0]!.key, toSaved(first.tables[0]!, moved));
    const again = buildDrafts(inspection(), [{ name: 'd.csv' }], (k) => recallMapping(storage, k));
    expect(again.stages.map((s) => [s.value, stagePercent(again.stages, s)])).toEqual([
      ['Оплачено', 35.5],
      ['Won', 100],
    ]);
  });

  it('ignores garbage and forgets everything', () => {
    const storage = new MemStorage();
    storage.setItem('crm-workbench.mapping.x', '{not json');
    storage.setItem('crm-workbench.mapping.y', '"str"');
    storage.setItem('crm-workbench.lang', 'ru');
    expect(recallMapping(storage, 'x')).toBeNull();
    expect(recallMapping(storage, 'y')).toBeNull();
    rememberMapping(storage, 'z', { kind: 'deals', roles: {} } satisfies SavedMapping);
    expect(forgetMappings(storage)).toBe(3);
    expect(storage.getItem('crm-workbench.lang')).toBe('ru');
  });
});
