/**
 * Header → role on columns whose header only contains a role's word: a number or yes/no column
 * that names a stage, source or product in passing counts or flags something about it.
 */
import { describe, expect, it } from 'vitest';
import { HEADER_SYNONYMS } from '../../../src/crm/synonyms.ts';
import { assignRoles, type ColumnFacts } from '../../../src/ingest/detect/roles.ts';
import type { ValueType } from '../../../src/ingest/types.ts';

const col = (header: string, type: ValueType): ColumnFacts => ({
  header,
  type,
  uniqueness: 0.1,
  nonNull: 100,
});
const roles = (columns: ColumnFacts[]) =>
  assignRoles(columns, HEADER_SYNONYMS.deals).map((m) => m?.role ?? null);

describe('assignRoles: name roles and number columns', () => {
  it('a number column whose header only mentions a name role gets no role (Olist)', () => {
    expect(
      roles([
        col('declared_product_catalog_size', 'number'),
        col('Days in stage', 'number'),
        col('Stage probability', 'number'),
        col('Lead source verified', 'boolean'),
      ]),
    ).toEqual([null, null, null, null]);
  });

  it('the same words over text keep the role', () => {
    expect(
      roles([col('Product category name', 'text'), col('Pipeline stage name', 'text')]),
    ).toEqual(['product', 'stage']);
  });

  it('an exact header keeps its role over numbers (product codes, numbered stages)', () => {
    expect(roles([col('Product', 'number'), col('Stage', 'number')])).toEqual(['product', 'stage']);
  });
});
