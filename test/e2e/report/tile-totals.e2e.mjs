// A dashboard tile's totals and the rows it does not show, as its user sees them without
// scrolling: the Total row stays in sight at the foot of the tile's table (Managers' was under
// the 300 px box's edge until one scrolled inside the tile), and the note under it counts every
// data row out of view — those past the 12 drawn and those the box hides. It counted only the
// rows past 12, and said nothing of a funnel's last steps under the box's edge.
import { assert, eachLanguage, openGalleryPreset, settled, toDashboard } from '../harness.mjs';

/** Data rows of the result on screen: rows of no subtotal (a pivot's `_grouping` 0). */
const resultRows = (page) =>
  page.evaluate(() => {
    const t = window.__crm.run.result.table;
    const g = t.getChild('_grouping');
    return g ? [...g.toArray()].filter((v) => Number(v) === 0).length : t.numRows;
  });

/**
 * What the user of tile `i` sees: whether the Total row is wholly in sight, the data rows in
 * sight (the row is what the page shows at its top and bottom edge, nothing pinned over it),
 * and the note.
 */
const tileView = (page, i) =>
  page.evaluate((i) => {
    const tile = document.querySelectorAll('.dashboard .tile')[i];
    const box = tile.querySelector('.table');
    // In the window (the page scrolls, not the box), where the page can be asked what it shows.
    box.scrollIntoView({ block: 'center' });
    const b = box.getBoundingClientRect();
    const bottom = b.top + box.clientTop + box.clientHeight;
    const seen = (r) => {
      const x = r.getBoundingClientRect();
      if (x.top < b.top - 0.5 || x.bottom > bottom + 0.5) return false;
      const cx = x.left + 4;
      return [x.top + 1, x.bottom - 1].every(
        (y) => document.elementFromPoint(cx, y)?.closest('tr') === r,
      );
    };
    const total = tile.querySelector('tbody tr.total');
    return {
      total: total ? seen(total) : null,
      rows: [...tile.querySelectorAll('tbody tr.data')].filter(seen).length,
      note: tile.querySelector('.more.rows')?.textContent.trim() ?? '',
      scrolls: box.scrollHeight > box.clientHeight + 1,
    };
  }, i);

/** The note under tile `i` counts the data rows out of sight: none, none is said. */
function counted(view, rows, lang, what) {
  const hidden = rows - view.rows;
  if (hidden === 0) {
    assert(view.note === '', `${what}: every row in sight, yet the note “${view.note}”`);
    return;
  }
  const n = hidden.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US');
  const said = /(\d[\d\s ]*)/.exec(view.note)?.[1].replace(/\s/g, '');
  assert(
    said === n.replace(/\s/g, ''),
    `${what}: ${view.rows} of ${rows} rows in sight, the note says “${view.note}”`,
  );
}

export function tests({ browser, url }) {
  return [1440, 768].map((width) => [
    `dashboard tiles at ${width} px: the Total row in sight, the note counts the rows out of sight (EN, RU)`,
    () =>
      eachLanguage(
        browser,
        url,
        async (page, lang) => {
          const rows = [];
          for (const id of ['managers', 'funnel']) {
            await openGalleryPreset(page, id, '.main table td');
            await settled(page);
            rows.push(await resultRows(page));
            await toDashboard(page, id);
            if (id === 'managers')
              await page
                .getByRole('button', {
                  name: await page.evaluate(() => window.__crm.locale.t('backToReport')),
                })
                .first()
                .click();
          }
          await page.locator('.dashboard .tile').nth(1).locator('table td').first().waitFor();
          await page.waitForTimeout(400);
          for (const [i, id] of ['managers', 'funnel'].entries()) {
            const what = `${lang} ${width} px, ${id}`;
            const view = await tileView(page, i);
            if (view.total !== null) assert(view.total, `${what}: the Total row is out of sight`);
            counted(view, rows[i], lang, what);
            if (!view.scrolls) continue;
            // Scrolled to its end inside the tile: the note counts what is out of sight now.
            await page.evaluate((i) => {
              const box = document.querySelectorAll('.dashboard .tile .table')[i];
              box.scrollTop = box.scrollHeight;
            }, i);
            await page.waitForTimeout(200);
            const end = await tileView(page, i);
            if (end.total !== null) assert(end.total, `${what}, scrolled: the Total row`);
            counted(end, rows[i], lang, `${what}, scrolled`);
          }
        },
        { width, height: 900 },
      ),
  ]);
}
