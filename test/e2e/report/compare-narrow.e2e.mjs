// A report compared with the previous period on a narrow screen: the default report compared
// (manager × quarter, revenue and won deals) scrolled sideways before its first quarter's won
// deals' Δ % at 768 px, 40 columns of four each. The previous period's columns are left out there
// (value, Δ and Δ % stay, a note says so and gives them back), the row labels stay in view as
// the table scrolls, and the arrow keys bring a cell beside them, never under them.
import { assert, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const t = (page, key) => page.evaluate((k) => window.__crm.locale.t(k), key);

/** The table's scroll pane and what its first screen shows (scrolled to the left). */
function firstScreen(page) {
  return page.evaluate(() => {
    const wrap = document.querySelector('.main .wrap');
    const box = wrap.getBoundingClientRect();
    const right = box.left + wrap.clientLeft + wrap.clientWidth;
    const rows = [...wrap.querySelectorAll('thead tr')];
    const first = rows[0].querySelector('th.member, th.total');
    const span = first.getBoundingClientRect();
    // The value headers under the first column member (its quarter).
    const heads = [...rows.at(-1).querySelectorAll('th.value')].filter((th) => {
      const r = th.getBoundingClientRect();
      return r.left >= span.left - 1 && r.right <= span.right + 1;
    });
    return {
      member: first.textContent.trim(),
      heads: heads.map((th) => th.textContent.replace(/\u00ad/g, '').trim()),
      cut: heads.filter((th) => th.getBoundingClientRect().right > right + 0.5).length,
      all: [...rows.at(-1).querySelectorAll('th.value')].map((th) => th.textContent),
      over: wrap.scrollWidth - wrap.clientWidth,
    };
  });
}

async function compare(page) {
  await page.getByRole('button', { name: await t(page, 'comparePrevious'), exact: true }).click();
  await settled(page);
  await page.waitForTimeout(300);
}

const WORDS = {
  en: { previous: 'previous', growth: 'Δ %' },
  ru: { previous: 'пред.', growth: 'Δ %' },
};

async function narrow({ browser, url, shots }, lang) {
  const w = WORDS[lang];
  const { page, context } = await openPage(browser, `${url}?lang=${lang}`, {
    width: 768,
    height: 900,
  });
  try {
    await ready(page);
    await compare(page);
    const note = page.getByTestId('previous-left-out');
    assert(
      await note.isVisible(),
      `${lang}: a note says the previous period's columns are left out`,
    );
    const s = await firstScreen(page);
    assert(
      !s.all.some((h) => h.includes(w.previous)),
      `${lang}: no previous-period column at 768: ${s.all.slice(0, 8).join(' | ')}`,
    );
    // Revenue and won deals: value, Δ and Δ % each, every one in the first screen.
    assert(s.heads.length === 6, `${lang}: ${s.member} has 6 columns: ${s.heads.join(' | ')}`);
    assert(s.heads.filter((h) => h.includes(w.growth)).length === 2, `${lang}: both growths`);
    assert(s.cut === 0, `${lang}: ${s.cut} of ${s.member}'s columns need a sideways scroll`);
    await page.screenshot({ path: `${shots}/compare-narrow-${lang}-768.png` });

    // The row labels stay as the table scrolls sideways; the arrow keys keep a cell beside them.
    await page.evaluate(() => {
      const cell = document.querySelector('.main .wrap td[data-row="0"][data-leaf="0"]');
      cell.focus();
    });
    for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowRight');
    const right = await page.evaluate(() => {
      const wrap = document.querySelector('.main .wrap');
      const cell = document.activeElement;
      const label = wrap.querySelector('tbody tr:not(.pad) th');
      const box = wrap.getBoundingClientRect();
      return {
        leaf: cell.dataset.leaf,
        scrolled: wrap.scrollLeft,
        labelLeft: label.getBoundingClientRect().left - box.left - wrap.clientLeft,
        inView:
          cell.getBoundingClientRect().right <= box.left + wrap.clientLeft + wrap.clientWidth + 0.5,
      };
    });
    assert(Number(right.leaf) > 12, `${lang}: ArrowRight walked right: leaf ${right.leaf}`);
    assert(right.scrolled > 0 && right.inView, `${lang}: the cell is scrolled into view`);
    assert(
      Math.abs(right.labelLeft) < 0.5,
      `${lang}: the row label stays at the left edge: ${right.labelLeft}`,
    );
    // Back to the first cell, each one beside the row labels, never under them.
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('ArrowLeft');
      const at = await page.evaluate(() => {
        const cell = document.activeElement;
        const label = document.querySelector('.main .wrap tbody tr:not(.pad) th');
        return {
          leaf: cell.dataset.leaf,
          gap: cell.getBoundingClientRect().left - label.getBoundingClientRect().right,
        };
      });
      assert(at.gap >= -0.5, `${lang}: leaf ${at.leaf} is under the row labels by ${-at.gap} px`);
      if (at.leaf === '0') break;
    }
    await page.screenshot({ path: `${shots}/compare-narrow-keys-${lang}-768.png` });

    // The previous period on demand, and back.
    await page.getByRole('button', { name: await t(page, 'previousShow') }).click();
    await page.waitForTimeout(300);
    const shown = await firstScreen(page);
    assert(
      shown.all.some((h) => h.includes(w.previous)),
      `${lang}: the previous period is back`,
    );
    await page.getByRole('button', { name: await t(page, 'previousFit') }).click();
    await page.waitForTimeout(300);
    const fitted = await firstScreen(page);
    assert(!fitted.all.some((h) => h.includes(w.previous)), `${lang}: left out again`);
  } finally {
    await context.close();
  }

  // A wide screen keeps them: the first quarter reads whole with its previous values.
  const wide = await openPage(browser, `${url}?lang=${lang}`, { width: 1440, height: 900 });
  try {
    await ready(wide.page);
    await compare(wide.page);
    const s = await firstScreen(wide.page);
    assert(
      s.heads.length === 8 && s.cut === 0,
      `${lang} 1440: ${s.heads.join(' | ')}, ${s.cut} cut`,
    );
    assert(!(await wide.page.getByTestId('previous-left-out').count()), `${lang} 1440: no note`);
  } finally {
    await wide.context.close();
  }
}

export function tests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `compare-narrow (${lang}): the default report compared shows value, Δ and Δ % at 768 px, labels sticky, arrow keys`,
    () => narrow({ browser, url, shots }, lang),
  ]);
}
