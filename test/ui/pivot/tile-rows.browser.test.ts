// A dashboard tile's table box ends on a row's edge: at a fixed 300 px its last visible row was
// cut in half (rows 23 px tall: 13 rows and 1 px of the 14th).
import { afterEach, describe, expect, it } from 'vitest';
import { dataRowsInView, wholeRowsHeight } from '../../../src/ui/pivot/grid-cut.ts';

let box: HTMLDivElement | null = null;
afterEach(() => box?.remove());

/**
 * A 300 px scroll box over a table of a 40 px header and `rows` body rows of `rowPx` each; with
 * `total`, a grand total row of 30 px after them, pinned with the header as a tile pins them.
 */
function table(rows: number, rowPx: number, tall: number[] = [], total = false): HTMLDivElement {
  box = document.createElement('div');
  box.style.cssText = 'overflow:auto;max-height:300px;width:300px';
  const body = Array.from(
    { length: rows },
    (_, i) =>
      `<tr class="data" style="height:${tall.includes(i) ? 3 * rowPx : rowPx}px"><td>${i}</td></tr>`,
  ).join('');
  const pin = 'position:sticky;background:#fff';
  const foot = total ? `<tr class="total" style="height:30px;${pin};bottom:0"><td>T</td></tr>` : '';
  const head = total ? ` style="${pin};top:0"` : '';
  box.innerHTML = `<table style="border-collapse:collapse"><thead${head}><tr style="height:40px"><th>h</th></tr></thead><tbody>${body}${foot}</tbody></table>`;
  document.body.append(box);
  return box;
}

describe('wholeRowsHeight', () => {
  it('ends the box on the last row that fits whole', () => {
    const el = table(12, 23);
    const cut = () => {
      const boxBottom = el.getBoundingClientRect().bottom;
      return [...el.querySelectorAll('tbody tr')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top < boxBottom && b.bottom > boxBottom + 0.5;
      });
    };
    // What the tile did: the 12th row half shown.
    expect(cut()).toHaveLength(1);
    // 40 + 11 × 23 = 293 fits; the 12th row would end at 316.
    expect(wholeRowsHeight(el, 300)).toBe(293);
    el.style.maxHeight = `${wholeRowsHeight(el, 300)}px`;
    expect(cut()).toHaveLength(0);
  });

  it('a wrapped (taller) row moves the edge up to the row before it', () => {
    const el = table(12, 23, [9]);
    // Rows 0–8 end at 40 + 9 × 23 = 247; row 9 is 69 px and would end at 316.
    expect(wholeRowsHeight(el, 300)).toBe(247);
  });

  it('no cap when the whole table fits', () => {
    expect(wholeRowsHeight(table(5, 23), 300)).toBeNull();
  });
});

// The grand total pinned at the box's foot stays in sight (Managers' was under the edge until
// one scrolled), and a tile's note counts the rows out of sight, not only those past the 12 drawn.
describe('a pinned total and the rows in view', () => {
  it('ends the box on the row that fits whole above the pinned total', () => {
    const el = table(12, 23, [], true);
    // 40 + 10 × 23 = 270, + 30 for the total = 300; an 11th row would end the box at 323.
    expect(wholeRowsHeight(el, 300)).toBe(300);
    el.style.maxHeight = '300px';
    const total = el.querySelector('tr.total')!.getBoundingClientRect();
    expect(total.bottom).toBeLessThanOrEqual(el.getBoundingClientRect().bottom + 0.5);
    expect(dataRowsInView(el)).toBe(10);
  });

  it('counts the rows in view as the box scrolls, under the pinned header', () => {
    const el = table(20, 23, [], true);
    el.style.maxHeight = `${wholeRowsHeight(el, 300)}px`;
    // Five rows and 10 px up: row 5 is half under the header, rows 6–14 whole, row 15 half
    // under the total.
    el.scrollTop = 23 * 5 + 10;
    expect(dataRowsInView(el)).toBe(9);
  });

  it('every row in view when the whole table fits', () => {
    const el = table(5, 23, [], true);
    expect(wholeRowsHeight(el, 300)).toBeNull();
    expect(dataRowsInView(el)).toBe(5);
  });
});
