import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { describeDataset, type LoadedDataset } from '../../src/crm/model.ts';
import { HEADER_SYNONYMS, KIND_NAME_HINTS } from '../../src/crm/synonyms.ts';
import {
  ACTIVITY_ROLES,
  CANONICAL,
  DEAL_ROLES,
  HISTORY_ROLES,
  LIST_ORDER,
  LOOKUP_KEYS,
  TABLES,
  TABLE_KINDS,
  kindLabel,
  kindRoles,
  roleColumn,
  roleFieldType,
  roleLabel,
} from '../../src/crm/vocabulary.ts';
import { LANGS } from '../../src/lib/i18n.ts';

const cyrillic = /[а-яё]/i;

describe('the CRM vocabulary', () => {
  it('names every table and role column in English and Russian', () => {
    for (const [table, def] of Object.entries(TABLES)) {
      expect(def.label.en, table).toMatch(/^[A-Z]/);
      expect(def.label.ru, table).toMatch(cyrillic);
      for (const [column, role] of Object.entries(def.columns)) {
        for (const lang of LANGS) expect(role.label[lang], `${table}.${column}`).not.toBe('');
        expect(role.label.ru, `${table}.${column}`).toMatch(cyrillic);
        expect(role.label.en, `${table}.${column}`).not.toMatch(cyrillic);
      }
    }
  });

  it('names every table kind and every role a file of that kind can take', () => {
    for (const kind of TABLE_KINDS) {
      expect(kindLabel(kind).ru, kind).toMatch(cyrillic);
      for (const role of kindRoles(kind)) {
        const label = roleLabel(kind, role);
        expect(label.ru, `${kind}: ${role}`).toMatch(cyrillic);
        // A role never falls back to its bare id on the mapping screen.
        expect(label.en, `${kind}: ${role}`).not.toBe(role);
      }
    }
  });

  it('has one label per column: an activity id is not a deal id, a deal title is a title', () => {
    expect(roleLabel('deals', 'id').en).toBe('Deal ID');
    expect(roleLabel('activities', 'id').en).toBe('Activity ID');
    expect(roleColumn('deals', 'title')?.label).toEqual({ en: 'Title', ru: 'Название' });
    expect(roleColumn('deals', 'lost_reason')?.label.ru).toBe('Причина отказа');
    // Orders are deals: the same roles under the same names.
    expect(kindRoles('orders')).toEqual(DEAL_ROLES);
    expect(roleLabel('orders', 'amount')).toEqual(roleLabel('deals', 'amount'));
  });

  it('derives the canonical layout, role lists and lookup keys from the one table list', () => {
    expect(Object.keys(CANONICAL.deals)).toEqual(DEAL_ROLES);
    expect(Object.keys(CANONICAL.activities)).toEqual(ACTIVITY_ROLES);
    expect(Object.keys(CANONICAL.stage_history)).toEqual(HISTORY_ROLES);
    expect(CANONICAL.deals.amount).toBe('DOUBLE');
    expect(CANONICAL.stages.position).toBe('INTEGER');
    for (const [table, key] of Object.entries(LOOKUP_KEYS))
      expect(Object.keys(TABLES[table as keyof typeof LOOKUP_KEYS].columns)).toEqual([key]);
    const roleNames = new Set(Object.values(TABLES).flatMap((t) => Object.keys(t.columns)));
    for (const c of LIST_ORDER) expect(roleNames.has(c), c).toBe(true);
  });

  it('gives the type a role column is loaded as, in every kind that has the role', () => {
    // The mapping screen shows these in place of what the column's values looked like.
    expect(roleFieldType('deals', 'amount')).toBe('number');
    expect(roleFieldType('orders', 'amount')).toBe('number');
    expect(roleFieldType('deals', 'created_at')).toBe('date');
    expect(roleFieldType('deals', 'id')).toBe('text');
    expect(roleFieldType('stage_history', 'entered_at')).toBe('date');
    expect(roleFieldType('activities', 'at')).toBe('date');
    expect(roleFieldType('clients', 'key')).toBe('text');
    for (const kind of TABLE_KINDS)
      for (const r of kindRoles(kind)) expect(roleFieldType(kind, r), `${kind}.${r}`).toBeDefined();
  });

  it('keys the header synonyms by the vocabulary, in its column order', () => {
    expect(Object.keys(HEADER_SYNONYMS.deals)).toEqual(DEAL_ROLES);
    expect(Object.keys(HEADER_SYNONYMS.activities)).toEqual(ACTIVITY_ROLES);
    expect(Object.keys(HEADER_SYNONYMS.stage_history)).toEqual(HISTORY_ROLES);
    for (const kind of Object.keys(KIND_NAME_HINTS))
      expect(TABLE_KINDS as readonly string[]).toContain(kind);
  });
});

describe('describeDataset', () => {
  const loaded = (roles: string[]): LoadedDataset => ({
    id: 'x',
    name: 'x',
    tables: [
      {
        name: 'deals',
        columns: [
          ...DEAL_ROLES.map((name) => ({
            name,
            type:
              CANONICAL.deals[name] === 'TIMESTAMP'
                ? ('date' as const)
                : CANONICAL.deals[name] === 'DOUBLE'
                  ? ('number' as const)
                  : ('text' as const),
          })),
          { name: 'region', type: 'text' },
        ],
        rows: 1,
        roles: new Set(roles),
      },
      {
        name: 'clients',
        columns: [
          { name: 'client', type: 'text' },
          { name: 'type', type: 'text' },
        ],
        rows: 1,
        roles: new Set(['client']),
      },
    ],
    stages: [],
    minDate: null,
    maxDate: null,
  });

  it('gives a role only to role columns the source fed, and labels only to custom columns', () => {
    const model = describeDataset({
      ...loaded(['id', 'amount', 'region']),
      labels: { deals: { region: { en: 'Region', ru: 'Регион' }, amount: { en: 'x', ru: 'x' } } },
    });
    const deals = model.tables[0]!;
    const col = (n: string) => deals.columns.find((c) => c.name === n)!;
    expect(col('id')).toEqual({ name: 'id', type: 'text', role: 'id' });
    expect(col('amount')).toEqual({ name: 'amount', type: 'number', role: 'amount' });
    expect(col('title')).toEqual({ name: 'title', type: 'text' });
    // A custom column never takes a role, whatever the producer says; its label is kept.
    expect(col('region')).toEqual({
      name: 'region',
      type: 'text',
      label: { en: 'Region', ru: 'Регион' },
    });
    expect(model.tables[1]!.columns).toEqual([
      { name: 'client', type: 'text', role: 'client' },
      { name: 'type', type: 'text' },
    ]);
    // Role columns are named by the vocabulary in the catalog, not by the producer.
    const amount = buildCatalog(model).fields.find((f) => f.id === 'amount')!;
    expect(amount.label).toEqual(TABLES.deals.columns.amount.label);
    expect(amount.money).toBe(true);
  });
});
