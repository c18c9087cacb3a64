// The page itself never scrolls: the field list and the report scroll in their own panes. A
// table's hidden caption (for screen readers) once hung below the window from the report pane and
// let the whole page scroll into blank space at 768 px.
import { assert, openGalleryPreset, openPage } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';

const openPreset = (page, id) => openGalleryPreset(page, id, 'main table td');

/** How far each scroll pane of the result runs past its box, in px (0: no sideways scroll). */
export const sideways = (page, selector) =>
  page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((el) => el.scrollWidth - el.clientWidth),
    selector,
  );

/**
 * At 768 px a pivot of four measures fits the report pane without scrolling sideways, in English
 * and Russian, and so do the dashboard's tiles: the field list (236 px, a third of the width)
 * folds away behind a “Fields” button and comes back over the report when asked for.
 */
async function narrowPivot({ browser, url }, lang) {
  const { page, context } = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url, {
    width: 768,
    height: 900,
  });
  try {
    await ready(page);
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({
        ...wb.report.spec,
        rows: [{ field: 'manager' }],
        columns: [],
        measures: ['won', 'lost', 'win_rate', 'revenue'],
        period: null,
        compare: null,
      });
    });
    await ready(page);
    await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(300);
    const over = await sideways(page, '.main .wrap');
    assert(over.length > 0, 'the pivot’s scroll pane');
    assert(
      over.every((d) => d <= 1),
      `${lang}: the pivot scrolls sideways by ${over} px at 768`,
    );

    // The field list is still there to add a field: its button opens it over the report.
    const fields = await page.evaluate(() => window.__crm.locale.t('fields'));
    const toggle = page.getByRole('button', { name: fields, exact: true });
    await toggle.click();
    const side = page.locator('aside.side');
    await side.locator('input').first().waitFor({ state: 'visible' });
    assert((await toggle.getAttribute('aria-expanded')) === 'true', 'the button says it is open');
    await page.keyboard.press('Escape');
    await side.waitFor({ state: 'hidden' });
    // By keyboard: the list stands before its button in the page, so it takes the focus when it
    // opens (the next Tab went on into the report), and Escape gives the focus back to the button.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await side.locator('input').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    assert(
      await side.evaluate((el) => el.contains(document.activeElement)),
      `${lang}: Tab after opening the field list is in it`,
    );
    await page.keyboard.press('Escape');
    await side.waitFor({ state: 'hidden' });
    assert(
      await toggle.evaluate((el) => el === document.activeElement),
      `${lang}: Escape gives the focus back to the button`,
    );
    // Focus gone on past the button into the report closes it: it stayed over the zones, and the
    // chips Tab reached sat under it.
    await page.keyboard.press('Enter');
    await side.locator('input').first().waitFor({ state: 'visible' });
    await toggle.focus();
    await page.keyboard.press('Tab');
    await side.waitFor({ state: 'hidden', timeout: 2_000 });
    // A press on the report closes it too.
    await toggle.click();
    await side.locator('input').first().waitFor({ state: 'visible' });
    await page.mouse.click(700, 880);
    await side.waitFor({ state: 'hidden' });

    // The same report as a dashboard tile.
    await toDashboard(page, 'Narrow');
    await page.waitForTimeout(300);
    const tile = await sideways(page, '.dashboard .tile .table');
    assert(
      tile.length > 0 && tile.every((d) => d <= 1),
      `${lang}: a dashboard tile scrolls sideways by ${tile} px at 768`,
    );
  } finally {
    await context.close();
  }
}

/**
 * LTV's and the funnel's tiles fit their width at 768 and 1440 px, in English and Russian: their
 * lists (13 and 8 columns) scrolled sideways inside the tile. Headers wrap, and the columns that
 * still do not fit are left out and counted under the table — LTV's keep its segment — and the
 * count of the rows left out stays in sight.
 */
async function analysisTiles({ browser, url }, lang) {
  for (const width of [768, 1440]) {
    const { page, context } = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url, {
      width,
      height: 900,
    });
    try {
      await ready(page);
      const back = await page.evaluate(() => window.__crm.locale.t('backToReport'));
      for (const id of ['ltv', 'funnel']) {
        await openPreset(page, id);
        await toDashboard(page, id);
        if (id === 'ltv') await page.getByRole('button', { name: back }).first().click();
      }
      await page.locator('.dashboard .tile').nth(1).locator('table td').first().waitFor();
      await page.waitForTimeout(300);
      const tiles = await page.evaluate(() =>
        [...document.querySelectorAll('.dashboard .tile')].map((t) => {
          const box = t.querySelector('.table');
          // Rows the scroll box's lower edge runs through: a fixed 300 px box cut one in half.
          const edge = box.getBoundingClientRect().top + box.clientTop + box.clientHeight;
          const cut = [...box.querySelectorAll('tr')].filter((r) => {
            const b = r.getBoundingClientRect();
            return b.top < edge - 1.5 && b.bottom > edge + 1.5;
          });
          return {
            over: box.scrollWidth - box.clientWidth,
            cut: cut.map((r) => r.textContent.trim().slice(0, 40)),
            heads: [...t.querySelectorAll('thead th')].map((h) => h.textContent.trim()),
            note: t.querySelector(':scope > .more.columns')?.textContent ?? '',
          };
        }),
      );
      assert(tiles.length === 2, `${lang} ${width}: two tiles, not ${tiles.length}`);
      for (const [i, t] of tiles.entries()) {
        const what = `${lang} ${width} px, ${['ltv', 'funnel'][i]} tile`;
        assert(t.over <= 1, `${what}: scrolls sideways by ${t.over} px (${t.heads.join(' | ')})`);
        assert(t.cut.length === 0, `${what}: its box cuts a row in half: ${t.cut.join(' | ')}`);
        assert(t.heads.length >= 4, `${what}: too few columns left: ${t.heads.join(' | ')}`);
      }
      // LTV's 13 columns cannot all stand in a tile: the rest are counted, in the UI language.
      const ltv = tiles[0];
      const left = 13 - ltv.heads.length;
      assert(left > 0, `${lang} ${width}: LTV shows all 13 columns in its tile?`);
      // The note of the rows left out is in sight without scrolling the tile: inside the tile and
      // every box that clips it. LTV's wrapped names made 12 rows taller than the tile's scroll
      // box, and the note, at the end of that box, scrolled out of view below them.
      const notes = await page.evaluate(
        (words) =>
          [...document.querySelectorAll('.dashboard .tile')].map((tile) => {
            const note = [...tile.querySelectorAll('p')].find((p) => p.textContent.includes(words));
            if (!note) return null;
            const r = note.getBoundingClientRect();
            const out = (top, bottom) => r.top < top - 0.5 || r.bottom > bottom + 0.5;
            const clipped = [];
            const t = tile.getBoundingClientRect();
            if (out(t.top, t.bottom)) clipped.push('the tile');
            for (let el = note.parentElement; el !== tile; el = el.parentElement) {
              if (getComputedStyle(el).overflowY === 'visible') continue;
              const top = el.getBoundingClientRect().top + el.clientTop;
              if (out(top, top + el.clientHeight)) clipped.push(`.${el.className}`);
            }
            return { text: note.textContent.trim(), clipped };
          }),
        lang === 'ru' ? 'ещё строк' : 'more rows',
      );
      assert(notes[0], `${lang} ${width}: LTV's tile counts the rows it leaves out`);
      for (const [i, n] of notes.entries())
        assert(
          !n || n.clipped.length === 0,
          `${lang} ${width}, tile ${i}: “${n?.text}” is out of sight of ${n?.clipped.join(', ')}`,
        );
      // What it keeps says the most: the client, revenue and the RFM segment — its last column,
      // which went first when columns were left out from the right — in the report's order. The
      // report opened from the tile still shows every column.
      await page.locator('.dashboard .tile').first().locator('button.name').click();
      await page.waitForFunction(() => window.__crm.run.result?.spec.analysis === 'ltv');
      await ready(page);
      const report = (
        await page.locator('main table thead tr').last().locator('th').allInnerTexts()
      ).map((h) => h.replace(/[↑↓]/g, '').trim());
      const segment = await page.evaluate(() => window.__crm.locale.t('col_segment'));
      assert(report.length === 13, `${lang} ${width}: the report from the tile: ${report}`);
      assert(report[12] === segment, `${lang} ${width}: LTV's last column: ${report}`);
      const keep = [report[0], report[1], segment];
      assert(
        keep.every((h) => ltv.heads.includes(h)),
        `${lang} ${width}: LTV's tile keeps ${keep.join(', ')}: ${ltv.heads.join(' | ')}`,
      );
      const order = ltv.heads.map((h) => report.indexOf(h));
      assert(
        order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])),
        `${lang} ${width}: the tile keeps the report's order: ${ltv.heads.join(' | ')}`,
      );
      const words = lang === 'ru' ? 'не показано столбцов' : 'more columns not shown';
      assert(
        ltv.note.includes(words) && ltv.note.includes(String(left)),
        `${lang} ${width}: LTV's note counts ${left} columns: “${ltv.note}”`,
      );
    } finally {
      await context.close();
    }
  }
}

/**
 * The Managers tile (a plain pivot of eight measures) keeps won deals, win rate and revenue at
 * 1440 and 768 px, EN and RU; alone on the dashboard it takes the dashboard's width (the grid's
 * empty second track left it 560 px wide at 1440 and dropped columns beside blank space).
 */
async function managersTile({ browser, url, shots }, lang) {
  for (const width of [1440, 768]) {
    const { page, context } = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url, {
      width,
      height: 900,
    });
    try {
      await ready(page);
      await openPreset(page, 'managers');
      await toDashboard(page, 'Managers');
      await page.waitForTimeout(300);
      const { heads, note, over } = await page.evaluate(() => {
        const t = document.querySelector('.dashboard .tile');
        const box = t.querySelector('.table');
        return {
          heads: [...t.querySelectorAll('thead th')].map((h) => h.textContent.trim()),
          note: t.querySelector(':scope > .more.columns')?.textContent ?? '',
          over: box.scrollWidth - box.clientWidth,
        };
      });
      await page.screenshot({ path: `${shots}/managers-tile-${lang}-${width}.png` });
      const want = await page.evaluate(() =>
        ['won', 'win_rate', 'revenue'].map((m) =>
          window.__crm.labels.columnLabel({ key: m, role: 'measure', measure: m, format: 'int' }),
        ),
      );
      const what = `${lang} ${width}: ${heads.join(' | ')} ${note}`;
      assert(over <= 1, `${what}: scrolls sideways by ${over} px`);
      for (const h of want)
        assert(
          heads.some((x) => x.startsWith(h)),
          `${what}: keeps ${h}`,
        );
      assert(heads.length === 9 && note === '', `${what}: a lone tile shows every column`);
    } finally {
      await context.close();
    }
  }
}

export function tests({ browser, url, shots }) {
  return [
    ...['en', 'ru'].map((lang) => [
      `viewport (${lang}): the Managers tile keeps won deals, win rate and revenue at 1440 and 768 px`,
      () => managersTile({ browser, url, shots }, lang),
    ]),
    ...['en', 'ru'].map((lang) => [
      `viewport (${lang}): LTV and funnel tiles fit their width at 768 and 1440 px`,
      () => analysisTiles({ browser, url }, lang),
    ]),
    ...['en', 'ru'].map((lang) => [
      `viewport (${lang}): a name the field list cuts is whole in its tooltip`,
      async () => {
        const { page, context } = await openPage(browser, `${url}?lang=${lang}`, {
          width: 1440,
          height: 900,
        });
        try {
          await ready(page);
          await page.locator('.side details.generic summary').click();
          // The measures' tooltip was their description alone: a cut name could not be read.
          const cut = await page.locator('.side .item').evaluateAll((items) =>
            items
              .map((it) => {
                const label = it.querySelector('.label');
                return {
                  name: label?.textContent?.trim() ?? '',
                  cut: !!label && label.scrollWidth > label.clientWidth + 1,
                  title: it.getAttribute('title') ?? '',
                };
              })
              .filter((x) => x.cut),
          );
          // Russian names are longer: some are cut there («Активностей на выигранную сде…»).
          if (lang === 'ru') assert(cut.length > 0, 'ru: some name is cut at 236 px');
          const unread = cut.filter((x) => !x.title.startsWith(x.name)).map((x) => x.name);
          assert(unread.length === 0, `${lang}: cut and not in the tooltip: ${unread.join(' | ')}`);
        } finally {
          await context.close();
        }
      },
    ]),
    ...['en', 'ru'].map((lang) => [
      `viewport (${lang}): a four-measure pivot and its tile fit 768 px without sideways scroll`,
      () => narrowPivot({ browser, url }, lang),
    ]),
    [
      'viewport: no report makes the page itself scroll (768 and 1440 px)',
      async () => {
        for (const width of [768, 1440]) {
          const { page, context } = await openPage(browser, url, { width, height: 900 });
          try {
            await ready(page);
            for (const id of ['forecast', 'compare', 'ltv']) {
              await openPreset(page, id);
              const { scroll, window } = await page.evaluate(() => ({
                scroll: document.documentElement.scrollHeight,
                window: innerHeight,
              }));
              assert(
                scroll <= window,
                `${id} at ${width} px: page is ${scroll} px tall in ${window}`,
              );
            }
          } finally {
            await context.close();
          }
        }
      },
    ],
    [
      'viewport (ru): at 768 px a filter added from the folded field list opens its editor above the list, values pickable',
      async () => {
        const { page, context } = await openPage(browser, `${url}?lang=ru`, {
          width: 768,
          height: 900,
        });
        try {
          await ready(page);
          const t = (k, p) => page.evaluate(([key, q]) => window.__crm.locale.t(key, q), [k, p]);
          await page.getByRole('button', { name: await t('fields'), exact: true }).click();
          const city = await page.evaluate(() => window.__crm.labels.fieldLabel('clients.city'));
          await page.getByRole('button', { name: await t('addMenu', { name: city }) }).click();
          await page.getByRole('menuitem', { name: await t('addToFilters') }).click();
          const dialog = page.getByRole('dialog');
          const boxes = dialog.locator('.values input[type=checkbox]');
          await boxes.first().waitFor({ timeout: 30_000 });
          // Playwright refuses a click another element would take: the list once lay over the
          // editor's left half (z-index 20 against 11) and no value could be ticked.
          await boxes.nth(0).click({ timeout: 5_000 });
          await boxes.nth(1).click({ timeout: 5_000 });
          await dialog.getByRole('button', { name: await t('apply') }).click({ timeout: 5_000 });
          await page.waitForFunction(
            () => window.__crm.report.spec.filters.some((f) => f.values?.length === 2),
            null,
            { timeout: 10_000 },
          );
        } finally {
          await context.close();
        }
      },
    ],
  ];
}
