// An analysis's list (LTV's row per client, dynamics' row per status) is one Tab stop, as the
// pivot is: the LTV list's 200 clients each had three drill buttons in the Tab order, 600 presses
// of Tab to reach "Show 200 more rows" below it. The arrow keys walk its buttons instead.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createRawSnippet, flushSync, mount, unmount } from 'svelte';
import '../../../src/ui/shell/global.css';
import ListTable from '../../../src/ui/common/ListTable.svelte';

let host: HTMLElement | null = null;
let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) void unmount(app);
  host?.remove();
  app = null;
});

const h = (label: string, numeric = true) => ({ key: label, label, numeric });
const table = {
  headers: [h('Client', false), h('Revenue'), h('Purchases'), h('Tenure'), h('Segment', false)],
  rows: Array.from({ length: 30 }, (_, i) => [
    `Client ${i}`,
    `$${1000 + i}`,
    String(i + 1),
    `${i} d`,
    i % 2 ? 'Loyal' : 'New',
  ]),
};

/** Revenue, purchases and the segment are buttons; the third row's purchases are not. */
const cell = createRawSnippet((text: () => string, row: () => number, col: () => number) => ({
  render: () =>
    [1, 2, 4].includes(col()) && !(row() === 2 && col() === 2)
      ? `<button type="button" data-at="${row()},${col()}">${text()}</button>`
      : `<span>${text()}</span>`,
}));

function show() {
  host = document.createElement('div');
  host.style.width = '1000px';
  document.body.append(host);
  app = mount(ListTable, { target: host, props: { table, caption: 'list', cell } });
  flushSync();
  return host;
}

const stops = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>('tbody button')].filter((b) => b.tabIndex >= 0);
const at = () => (document.activeElement as HTMLElement | null)?.dataset.at;

describe('the list of an analysis by keyboard', () => {
  it('is one Tab stop; the arrows walk its buttons, and the stop follows them', async () => {
    const root = show();
    expect(stops(root).map((b) => b.dataset.at)).toEqual(['0,1']);
    stops(root)[0]!.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(at()).toBe('0,2');
    await userEvent.keyboard('{ArrowRight}');
    expect(at()).toBe('0,4');
    await userEvent.keyboard('{ArrowDown}');
    expect(at()).toBe('1,4');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(at()).toBe('1,1');
    await userEvent.keyboard('{ArrowRight}{ArrowDown}');
    // The third row has no button under "Purchases": down goes on to the fourth.
    expect(at()).toBe('3,2');
    await userEvent.keyboard('{ArrowUp}');
    expect(at()).toBe('1,2');
    expect(stops(root).map((b) => b.dataset.at)).toEqual(['1,2']);
    // Tab leaves the list in one press.
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.closest('table')).toBeNull();
  });
});
