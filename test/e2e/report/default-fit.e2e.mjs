// The report the page opens with fits its box: the table's columns are sized to what they hold
// (ui/pivot/pivot-grid.ts), and in Russian they came out 8 px too wide for it at 1440 px, and
// 98 px at 1280, where five «Выиграно» columns were as wide as their unbreakable word; at 768 and
// 1024 px (the field list beside it) 196 px too wide in English and 229 in Russian, until a
// narrow box set the table tight (ui/pivot/tight.ts).
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { sideways } from './viewport.e2e.mjs';

/**
 * The report the page opens with (revenue and won deals by manager × quarter) fits its box at
 * 1440, 1280, 1024 and 768 px, in English and Russian, with every header and number whole. In
 * Russian it ran 8 px past its box at 1440: each «Выиграно» column kept room for a sort arrow
 * only one column shows; at 1280, 98 px, until the word could break with a hyphen
 * («Выиг-рано»); at 1024 and 768 it scrolled by 176–229 px. A row label (a manager) may be cut
 * with an ellipsis on a narrow screen, its whole name its title; the arrow keys reach every cell.
 */
async function defaultReportFits({ browser, url, shots }, lang) {
  for (const width of [1440, 1280, 1024, 768]) {
    const { page, context } = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url, {
      width,
      height: 900,
    });
    try {
      await ready(page);
      await page.waitForTimeout(300);
      const over = await sideways(page, '.main .wrap');
      assert(over.length === 1, `${lang} ${width}: one table`);
      assert(
        over[0] <= 0,
        `${lang}: the default report scrolls sideways by ${over} px at ${width}`,
      );
      const cut = await page.evaluate(() =>
        [
          ...document.querySelectorAll(
            '.main .wrap thead th.value button, .main .wrap thead th.dim, .main .wrap tbody td',
          ),
        ]
          .filter((el) => el.scrollWidth > el.clientWidth)
          .map((el) => el.textContent?.trim()),
      );
      assert(cut.length === 0, `${lang} ${width}: cut ${JSON.stringify(cut.slice(0, 5))}`);
      // A manager's name cut short keeps its whole text: the title, and the cell's own text.
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll('.main .wrap tbody th')].map((el) => ({
          text: el.textContent?.trim(),
          title: el.getAttribute('title'),
          cut: el.scrollWidth > el.clientWidth,
        })),
      );
      assert(labels.length > 0, `${lang} ${width}: row labels`);
      const lost = labels.filter((l) => l.cut && l.title !== l.text);
      assert(lost.length === 0, `${lang} ${width}: cut without a title ${JSON.stringify(lost)}`);
      // Nothing laid over anything: each header cell and body cell of a row sits beside the last.
      const overlaps = await page.evaluate(() =>
        [...document.querySelectorAll('.main .wrap tr')].flatMap((tr) => {
          const boxes = [...tr.children].map((c) => c.getBoundingClientRect());
          return boxes
            .slice(1)
            .filter((b, i) => b.left < boxes[i].right - 0.5)
            .map(() => tr.textContent);
        }),
      );
      assert(overlaps.length === 0, `${lang} ${width}: cells overlap in ${overlaps[0]}`);
      // The arrow keys walk from the first value to the last column and the Total row.
      const leaves = await page.evaluate(
        () => document.querySelectorAll('.main .wrap tbody tr:first-child td[data-leaf]').length,
      );
      await page.locator('.main .wrap td[data-row="0"][data-leaf="0"]').focus();
      for (let i = 1; i < leaves; i++) await page.keyboard.press('ArrowRight');
      for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
      const at = await page.evaluate(() => {
        const td = document.activeElement;
        const wrap = document.querySelector('.main .wrap').getBoundingClientRect();
        const b = td?.getBoundingClientRect();
        return {
          leaf: Number(td?.getAttribute('data-leaf')),
          total: td?.closest('tr')?.classList.contains('total'),
          inView: !!b && b.left >= wrap.left && b.right <= wrap.right,
        };
      });
      assert(
        at.leaf === leaves - 1 && at.total && at.inView,
        `${lang} ${width}: the arrows end at ${JSON.stringify(at)}`,
      );
      await page.screenshot({ path: `${shots}/viewport-default-${lang}-${width}.png` });
    } finally {
      await context.close();
    }
  }
}

export function tests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `default report (${lang}): fits 1440, 1280, 1024 and 768 px, no header or number cut`,
    () => defaultReportFits({ browser, url, shots }, lang),
  ]);
}
