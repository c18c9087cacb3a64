import type { PivotLabels } from '../../../src/charts/pivot/pivot.ts';

/** Pivot labels in plain English that name each column by its key, for tests that read cells. */
export const KEY_LABELS: PivotLabels = {
  lang: 'en',
  empty: '(empty)',
  total: 'Total',
  all: 'All',
  subtotal: (g) => `Total ${g}`,
  dimension: (c) => c.key,
  value: (c) => c.key,
};
