/** prefixCtes: every CTE and every reference to one renamed, base tables and columns kept. */
import { describe, expect, it } from 'vitest';
import { col, eq, lit } from '../../../src/query/sql/ast.ts';
import { printQuery } from '../../../src/query/sql/print.ts';
import { cteNames, prefixCtes } from '../../../src/query/sql/rename.ts';
import { select, sub, table, type Query } from '../../../src/query/sql/stmt.ts';

const inner: Query = {
  ...select([[col('g0', 'x'), 'x']], table('g0'), {
    joins: [{ type: 'LEFT', item: table('deals'), on: eq(col('g0', 'x'), col('deals', 'id')) }],
    where: { kind: 'exists', query: select([[lit(1), 'one']], table('merged')) },
  }),
  with: [
    { name: 'g0', query: select([[col(null, 'id'), 'x']], table('deals')) },
    {
      name: 'merged',
      query: select(
        [[col(null, 'x'), 'x']],
        sub(select([[col(null, 'x'), 'x']], table('g0')), 'g0'),
      ),
    },
  ],
};

describe('prefixCtes', () => {
  it('finds every CTE name', () => {
    expect([...cteNames(inner)]).toEqual(['g0', 'merged']);
  });

  it('renames CTEs, FROM/JOIN references, aliases and qualifiers; base tables stay', () => {
    const sql = printQuery(prefixCtes(inner, 'top_'));
    expect(sql).toContain('"top_g0" AS (');
    expect(sql).toContain('"top_merged" AS (');
    expect(sql).toContain('FROM "top_g0"');
    expect(sql).toContain('"top_g0"."x" = "deals"."id"');
    expect(sql).toContain('FROM "top_merged"');
    expect(sql).toContain('AS "top_g0"');
    expect(sql).toContain('FROM "deals"');
    expect(sql).not.toMatch(/"g0"|"merged"/);
  });

  it('leaves the original tree untouched', () => {
    const before = JSON.stringify(inner);
    prefixCtes(inner, 'top_');
    expect(JSON.stringify(inner)).toBe(before);
  });
});
