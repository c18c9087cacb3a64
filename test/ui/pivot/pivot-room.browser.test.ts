// A pivot table fits the box it is given, its frame included: the columns were fitted to the
// box's width while the table sits inside the scroll pane's 1 px border on each side, so a table
// 1 or 2 px narrower than the box still scrolled sideways.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import '../../../src/ui/shell/global.css';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import PivotTable from '../../../src/ui/pivot/PivotTable.svelte';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

let host: HTMLElement | null = null;
let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) void unmount(app);
  host?.remove();
  app = null;
});

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const measures: OutputColumn[] = ['won', 'activities_per_won', 'revenue'].map((m) => ({
  key: m,
  role: 'measure',
  measure: m,
  format: 'int',
}));
const NAMES: Record<string, string> = {
  won: 'Won',
  activities_per_won: 'Activities per won deal',
  revenue: 'Revenue of the period',
};
const layout = buildPivot(
  [manager, ...measures],
  resultFromRows([
    { manager: 'Ann', won: 1, activities_per_won: 12, revenue: 1000 },
    { manager: 'Bob', won: 2, activities_per_won: 3, revenue: 2000 },
  ]),
  { ...KEY_LABELS, value: (c) => NAMES[c.key] ?? c.key },
);

/** Mounts the table in a box `width` px wide; its scroll pane. */
function show(width: number): HTMLElement {
  host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.append(host);
  app = mount(PivotTable, {
    target: host,
    props: {
      layout,
      formats: layout.leaves.map(() => (v: number | null) => String(v ?? '')),
      onsort: () => {},
      sortTitle: 'Sort',
      caption: 'Table',
    },
  });
  flushSync();
  return host.querySelector<HTMLElement>('.wrap')!;
}

const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

describe('the pivot table’s room', () => {
  it('fits inside its frame when the box is a pixel wider than the table', async () => {
    const wide = show(2000);
    await settle();
    const table = wide.querySelector('table')!.getBoundingClientRect().width;
    const frame = wide.offsetWidth - wide.clientWidth;
    expect(frame).toBe(2);
    void unmount(app!);
    host!.remove();

    // One px more than the table: the box holds it, the pane inside its border does not.
    const pane = show(table + 1);
    await settle();
    flushSync();
    await settle();
    expect(pane.scrollWidth - pane.clientWidth).toBeLessThanOrEqual(0);
  });
});
