// A dashboard tile's table box ends on a row's edge: at a fixed 300 px its last visible row was
// cut in half (rows 23 px tall: 13 rows and 1 px of the 14th).
import { afterEach, describe, expect, it } from 'vitest';
import { wholeRowsHeight } from '../../../src/ui/pivot/grid-cut.ts';

let box: HTMLDivElement | null = null;
afterEach(() => box?.remove());

/** A 300 px scroll box over a table of a 40 px header and `rows` body rows of `rowPx` each. */
function table(rows: number, rowPx: number, tall: number[] = []): HTMLDivElement {
  box = document.createElement('div');
  box.style.cssText = 'overflow:auto;max-height:300px;width:300px';
  const body = Array.from(
    { length: rows },
    (_, i) => `<tr style="height:${tall.includes(i) ? 3 * rowPx : rowPx}px"><td>${i}</td></tr>`,
  ).join('');
  box.innerHTML = `<table style="border-collapse:collapse"><thead><tr style="height:40px"><th>h</th></tr></thead><tbody>${body}</tbody></table>`;
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
