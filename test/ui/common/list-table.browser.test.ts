// The list tables of the analyses (a row per client, a row per deal) as a person sees them: at a
// tablet's width (768 px: 502 px beside the field list) they used to scroll sideways with most
// numbers out of view. Now nothing scrolls sideways and no number is cut, on screen and printed:
// a list that fits is a table with wrapped headers and clamped long text (whole on hover and
// focus); one whose numbers cannot fit side by side shows a row per block.
import { afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import { createRawSnippet, flushSync, mount, unmount, type ComponentProps } from 'svelte';
import '../../../src/ui/shell/global.css';
import ListTable from '../../../src/ui/common/ListTable.svelte';
import { listMinWidth } from '../../../src/ui/common/list-fit.ts';
import { buildFlatTable } from '../../../src/charts/pivot/flat-table.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { CLIENTS_GROWTH, STATUS } from '../../charts/pivot/dynamics-columns.ts';

let host: HTMLElement | null = null;
let app: ReturnType<typeof mount> | null = null;
afterEach(async () => {
  if (app) void unmount(app);
  host?.remove();
  app = null;
  await cdp().send('Emulation.setEmulatedMedia', { media: '' });
});

const h = (label: string, numeric = true) => ({ key: label, label, numeric });

const HASH = '00065220becb8785e2cf78355eb9bf68';

/** The demo's LTV list: a client, a dozen numbers and dates, a segment (Russian, the widest). */
const ltv = {
  headers: [
    h('Клиент', false),
    h('Выручка'),
    h('Покупки'),
    { ...h('Первая покупка', false), date: true },
    { ...h('Последняя покупка', false), date: true },
    h('Срок жизни'),
    h('Покупок в год'),
    h('Средняя покупка'),
    h('С последней покупки'),
    h('R'),
    h('F'),
    h('M'),
    h('Сегмент', false),
  ],
  rows: Array.from({ length: 40 }, (_, i) => [
    `ООО «Меридиан Системс ${i}»`,
    `${1_237_927 - i * 1000} ₽`.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0'),
    String(6 + i),
    '19 июн. 2025 г.',
    '29 дек. 2025 г.',
    `${193 + i} дн.`,
    '6',
    '206\u00a0321 ₽',
    `${217 + i} дн.`,
    '5',
    '4',
    '5',
    'Перспективные',
  ]),
};

/** Olist's clients are named by a hash: one word, however narrow the box. */
const ltvHashed = { ...ltv, rows: ltv.rows.map((r, i) => (i === 0 ? [HASH, ...r.slice(1)] : r)) };

/** The forecast's deals: a long title that has to wrap. */
const TITLE = 'Лицензия CRM Корпорация — ООО «Вега Системс», продление на три года с поддержкой';
const deals = {
  headers: [
    h('Сделка', false),
    h('Название', false),
    h('Этап', false),
    h('Дней на этапе'),
    h('Менеджер', false),
    h('Сумма'),
    h('Шанс выигрыша'),
    h('Ожидаемая выручка'),
    h('Доля ожидаемой выручки'),
  ],
  rows: Array.from({ length: 12 }, (_, i) => [
    `D0167${String(i).padStart(2, '0')}`,
    i === 0 ? TITLE : 'Лицензия CRM Бизнес — ПАО «Балтика Энерго»',
    'Коммерческое предложение',
    String(100 + i),
    'Ольга Карпова',
    '919\u00a0290 ₽',
    '52,6 %',
    '483\u00a0348 ₽',
    '3,3 %',
  ]),
};

function show(
  table: ComponentProps<typeof ListTable>['table'],
  width: number,
  fit: 'scroll' | 'wrap' = 'scroll',
) {
  host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.append(host);
  app = mount(ListTable, { target: host, props: { table, fit, caption: 'list' } });
  flushSync();
  const wrap = host.querySelector<HTMLElement>('.wrap')!;
  const el = wrap.querySelector('table')!;
  return { wrap, el };
}

/** Waits for the box's measured width to reach the component (a ResizeObserver callback). */
async function settle(): Promise<void> {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  flushSync();
}

/** No sideways scroll, and every number whole and inside the box. */
function expectAllNumbersInView(wrap: HTMLElement): void {
  expect(wrap.scrollWidth, 'the list scrolls sideways').toBeLessThanOrEqual(wrap.clientWidth);
  const box = wrap.getBoundingClientRect();
  const cells = [...wrap.querySelectorAll<HTMLElement>('td.num')];
  expect(cells.length).toBeGreaterThan(0);
  for (const td of cells) {
    const r = td.getBoundingClientRect();
    expect(r.width, td.textContent ?? '').toBeGreaterThan(0);
    expect(r.right, td.textContent ?? '').toBeLessThanOrEqual(box.right + 0.5);
    expect(td.scrollWidth, `“${td.textContent}” cut`).toBeLessThanOrEqual(td.clientWidth);
  }
}

describe('list tables fit their box', () => {
  it('a row per client at 768 px (502 px wide): no sideways scroll, every number shown', async () => {
    const { wrap, el } = show(ltvHashed, 502);
    await settle();
    expectAllNumbersInView(wrap);
    // Too many numbers to stand side by side: a row per block, still a table to assistive tech.
    expect(el.classList.contains('stacked')).toBe(true);
    expect(el.getAttribute('role')).toBe('table');
    expect(wrap.querySelectorAll('[role="columnheader"]').length).toBe(13);
    const first = wrap.querySelector('tbody tr')!;
    expect([...first.querySelectorAll('td')].map((td) => td.dataset.label)).toEqual(
      ltv.headers.map((x) => x.label),
    );
    // The row's name heads its block, across it, whole even without a space to break at.
    const name = first.querySelector<HTMLElement>('td .clip')!;
    expect(name.textContent).toBe(HASH);
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth);
    const cells = [...first.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
    expect(cells.slice(1).every((c) => c.top >= cells[0]!.bottom - 0.5)).toBe(true);
  });

  /** AnalysisResult.svelte's `.drill`: a link-like button, no border or padding of its own. */
  const DRILL = 'border: 0; background: none; padding: 0; font: inherit; color: blue';

  it('stacked, a number that is a link stands under its name as the other numbers do', async () => {
    // The LTV list's revenue and purchases are drill buttons: stretched across their cell, a
    // button centred its text, indented beside the left-aligned numbers of the same block.
    const cell = createRawSnippet((text: () => string, _row: () => number, col: () => number) => ({
      render: () =>
        col() === 1 || col() === 2
          ? `<button type="button" style="${DRILL}">${text()}</button>`
          : `<span>${text()}</span>`,
    }));
    host = document.createElement('div');
    host.style.width = '502px';
    document.body.append(host);
    app = mount(ListTable, { target: host, props: { table: ltv, caption: 'list', cell } });
    flushSync();
    await settle();
    expect(host.querySelector('table')!.classList.contains('stacked')).toBe(true);
    const first = host.querySelector('tbody tr')!;
    const tds = [...first.querySelectorAll<HTMLElement>('td')];
    // Where a cell's text starts, against the cell's own left edge.
    const indent = (td: HTMLElement) => {
      const range = document.createRange();
      range.selectNodeContents(td.lastElementChild!);
      return range.getBoundingClientRect().left - td.getBoundingClientRect().left;
    };
    const drills = [tds[1]!, tds[2]!];
    expect(drills.every((td) => td.querySelector('button'))).toBe(true);
    const plain = indent(tds[5]!);
    for (const td of drills) expect(Math.abs(indent(td) - plain), td.textContent!).toBeLessThan(1);
  });

  it('the same list at 1440 px is a table, its numbers on one line', async () => {
    const { wrap, el } = show(ltv, 1174);
    await settle();
    expect(el.classList.contains('stacked')).toBe(false);
    expect(el.getAttribute('role')).toBeNull();
    expectAllNumbersInView(wrap);
    const line = wrap.querySelector<HTMLElement>('td.num')!.getBoundingClientRect().height;
    for (const td of wrap.querySelectorAll<HTMLElement>('td.num'))
      expect(td.getBoundingClientRect().height).toBeLessThanOrEqual(line + 0.5);
  });

  /** A split compared funnel: 77 rows, each measure's now | earlier | Δ under its name. */
  const part = (key: string, label: string, group: string, short: string) => ({
    ...h(label),
    key,
    group: { label: group, short },
  });
  const funnel = {
    headers: [
      h('Источник', false),
      h('Этап', false),
      h('Шаг'),
      part('r', 'Дошли', 'Дошли', '3 кв. 2025'),
      part('rp', 'Дошли, пред.', 'Дошли', '3 кв. 2024'),
      part('rd', 'Дошли, Δ', 'Дошли', 'Δ'),
      part('rg', 'Дошли, Δ %', 'Дошли', 'Δ %'),
      part('c', 'Конверсия шага', 'Конверсия шага', '3 кв. 2025'),
      part('cp', 'Конверсия шага, пред.', 'Конверсия шага', '3 кв. 2024'),
      part('cd', 'Конверсия шага, Δ', 'Конверсия шага', 'Δ'),
    ],
    rows: Array.from({ length: 77 }, (_, i) => [
      'Контекстная реклама',
      'Коммерческое предложение',
      String(1 + (i % 7)),
      '1 466',
      '1 163',
      '303',
      '26,1 %',
      '82,9 %',
      '82,8 %',
      '+0,1 п.п.',
    ]),
  };

  it('compared measures: named once over their parts; stacked, a measure a line, no header shown', async () => {
    const wide = show(funnel, 900);
    await settle();
    expect(wide.el.classList.contains('stacked')).toBe(false);
    expect([...wide.el.querySelectorAll('thead th.band')].map((th) => th.textContent)).toEqual([
      'Дошли',
      'Конверсия шага',
    ]);
    expectAllNumbersInView(wide.wrap);
    void unmount(app!);
    host?.remove();
    // A long list scrolls in its box: stacked there, its two header rows stay hidden as one
    // (a sticky rule for the table's header showed them over the first block).
    const { wrap, el } = show(funnel, 420);
    await settle();
    expect(el.classList.contains('stacked')).toBe(true);
    expect(el.querySelector('thead')!.getBoundingClientRect().height).toBeLessThanOrEqual(1);
    expectAllNumbersInView(wrap);
    const at = (j: number) => wrap.querySelectorAll('tbody tr:first-child td')[j]!;
    const top = (j: number) => at(j).getBoundingClientRect().top;
    expect([4, 5, 6].every((j) => Math.abs(top(j) - top(3)) < 1)).toBe(true);
    expect(top(7)).toBeGreaterThan(top(3));
    expect((at(3) as HTMLElement).dataset.label).toBe('Дошли, 3 кв. 2025');
  });

  it('a date stays on one line, however tight the table', async () => {
    // "19 июн. 2025 г." broke before "г." in the demo's LTV at 1440 px.
    const { wrap, el } = show(ltv, listMinWidth(ltv) + 4);
    await settle();
    expect(el.classList.contains('stacked')).toBe(false);
    const line = wrap.querySelector<HTMLElement>('td.num')!.getBoundingClientRect().height;
    const dates = [...wrap.querySelectorAll<HTMLElement>('tbody tr:first-child td')].slice(3, 5);
    expect(dates.map((td) => td.textContent)).toEqual(['19 июн. 2025 г.', '29 дек. 2025 г.']);
    for (const td of dates) {
      // Laid out on one line here; on the page, fonts a pixel wider broke it: it must not break.
      expect(getComputedStyle(td).whiteSpace).toBe('nowrap');
      expect(td.getBoundingClientRect().height, td.textContent!).toBeLessThanOrEqual(line + 0.5);
    }
  });

  it('a long deal title is clamped to two lines, whole on hover and on focus', async () => {
    const { wrap, el } = show(deals, 1000, 'wrap');
    await settle();
    expect(el.classList.contains('stacked')).toBe(false);
    expectAllNumbersInView(wrap);
    const clip = [...wrap.querySelectorAll<HTMLElement>('.clip')].find(
      (c) => c.textContent === TITLE,
    )!;
    expect(clip.title).toBe(TITLE);
    expect(clip.tabIndex).toBe(0);
    const lineHeight = parseFloat(getComputedStyle(clip).lineHeight) || 14;
    expect(clip.clientHeight).toBeLessThanOrEqual(2 * lineHeight + 1);
    clip.focus();
    expect(clip.scrollHeight).toBeLessThanOrEqual(clip.clientHeight);
    // Short text is not a tab stop.
    expect(wrap.querySelectorAll('.clip[tabindex]').length).toBe(1);
  });

  it('stacked, every block puts each field where the block before put it', async () => {
    // The forecast's deals at 768 px: a long stage («Коммерческое предложение») took two places
    // in its block only, so the manager and the amount stood elsewhere in every other block.
    const mixed = {
      ...deals,
      rows: deals.rows.map((r, i) => r.map((c, j) => (j === 2 && i % 2 ? 'Лид' : c))),
    };
    const { wrap, el } = show(mixed, 720, 'wrap');
    await settle();
    expect(el.classList.contains('stacked')).toBe(true);
    // Each field's line in its block and its left edge (a title on two lines only moves the
    // lines below it down).
    const places = [...wrap.querySelectorAll('tbody tr')].map((tr) => {
      const row = tr.getBoundingClientRect();
      const cells = [...tr.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
      const tops = [...new Set(cells.map((r) => Math.round(r.top)))].sort((a, b) => a - b);
      return cells.map((r, j) => ({
        field: deals.headers[j]!.label,
        line: tops.indexOf(Math.round(r.top)),
        left: Math.round(r.left - row.left),
      }));
    });
    for (const p of places.slice(1)) expect(p).toEqual(places[0]);
  });

  it('printed on an A4 page, no column is cut and no text is hidden', async () => {
    await cdp().send('Emulation.setEmulatedMedia', { media: 'print' });
    // The printable width of A4 portrait with 14 mm margins.
    const { wrap } = show(deals, 687);
    await settle();
    expectAllNumbersInView(wrap);
    expect(getComputedStyle(wrap).overflow).toBe('visible');
    for (const clip of wrap.querySelectorAll<HTMLElement>('.clip'))
      expect(clip.scrollHeight, clip.textContent ?? '').toBeLessThanOrEqual(clip.clientHeight);
  });
});

describe('bad news on screen', () => {
  it("a compared dynamics' Δ % is red where a rise of lapsed or a fall of new clients tells it", async () => {
    // The analyses' tables showed every change in black while print and tiles coloured them.
    const table = buildFlatTable(
      [STATUS, CLIENTS_GROWTH],
      resultFromRows([
        { status: 'Новые', clients_growth: -0.2 },
        { status: 'Постоянные', clients_growth: 0.1 },
        { status: 'lapsed', clients_growth: 0.25 },
        { status: 'lost', clients_growth: -0.3 },
      ]),
      { lang: 'ru', empty: '', label: (c) => c.key },
    );
    const { wrap } = show(table, 1440);
    await settle();
    const cells = [...wrap.querySelectorAll<HTMLElement>('td[data-key="clients_growth"]')];
    expect(cells.map((td) => td.classList.contains('neg'))).toEqual([true, false, true, false]);
    // Drawn in the page's danger colour, as a tile's red cell.
    const probe = document.createElement('span');
    probe.style.color = 'var(--danger)';
    document.body.append(probe);
    const red = getComputedStyle(probe).color;
    probe.remove();
    expect(cells.map((td) => getComputedStyle(td).color === red)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});
