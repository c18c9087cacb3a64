// A report's chart prints whole on one page, from the print view and by the browser's own print
// (Ctrl+P): after a table of managers by source, a heatmap's colour legend printed at the foot
// of one page and its cells and note on the next. Read back from the PDF: every text only the
// chart has (its legend's and axes' ticks, its notes) is on one page.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { pageText, pages, previewPng } from './print.e2e.mjs';

const settled = (page) =>
  page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });

/** Texts of the chart that the table and the heading do not have, spaces squeezed out. */
export const chartOnly = (page, root) =>
  page.evaluate((root) => {
    const squeeze = (t) => t.replace(/\s+/g, '');
    const around = squeeze(
      [...document.querySelectorAll(`${root} table, ${root} header, ${root} h1, ${root} h2`)]
        .map((e) => e.textContent)
        .join(' '),
    );
    // Its legend and axes (SVG) and its notes under it (what it left out).
    const texts = [
      ...document.querySelectorAll(`${root} .chart svg text, ${root} .chart .note`),
    ].map((t) => squeeze(t.textContent ?? ''));
    return [...new Set(texts)].filter(
      (t) => t.length >= 3 && !/^\d+$/.test(t) && !around.includes(t),
    );
  }, root);

/** The pages of `pdf` each of `texts` is printed on. */
function pagesOf(pdf, texts) {
  const n = pages(pdf);
  const flat = Array.from({ length: n }, (_, i) => pageText(pdf, i + 1).text.replace(/\s+/g, ''));
  return texts.map((t) => [t, flat.flatMap((p, i) => (p.includes(t) ? [i + 1] : []))]);
}

/**
 * Every chart-only text found in the PDF is on one page. Some are not found: a cell's value is
 * drawn anew for the paper's width ("$1,226,525" on screen, "$1.23M" printed).
 */
export function split(pdf, texts, what) {
  const found = pagesOf(pdf, texts).filter(([, p]) => p.length > 0);
  assert(found.length >= 4, `${what}: texts only the chart has, printed: ${JSON.stringify(found)}`);
  const on = new Set(found.flatMap(([, p]) => p));
  return on.size === 1
    ? []
    : [`${what}: the chart is split over pages ${[...on]}: ${JSON.stringify(found)}`];
}

async function chartWhole({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url, {
    width: 1280,
    height: 900,
  });
  const { page } = s;
  try {
    await ready(page);
    // The top 10 managers by source: a table that turns the page to landscape (688 px of room),
    // then their heatmap (legend, 10 rows, note: 420 px), more than the room left under it.
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({
        ...wb.report.spec,
        rows: [{ field: 'manager' }],
        columns: [{ field: 'source' }],
        measures: ['revenue'],
        period: null,
        compare: null,
        chart: 'heatmap',
        limit: 10,
      });
    });
    await ready(page);
    await settled(page);
    await page.locator('.main .chart svg').first().waitFor();

    // The browser's own print of the page.
    const ctrlP = `${shots}/print-chart-page-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    // Laid out for paper the chart is drawn anew at the page's width: its texts as printed.
    await page.waitForTimeout(300);
    const texts = await chartOnly(page, '.main');
    await page.pdf({ path: ctrlP, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const splits = split(ctrlP, texts, `${lang}, Ctrl+P`);

    // The print view.
    const print = await page.evaluate(() => window.__crm.locale.t('print'));
    await page.getByRole('button', { name: print }).first().click();
    await page.locator('.print-overlay .chart svg').first().waitFor({ timeout: 30_000 });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    const viewTexts = await chartOnly(page, '.print-overlay');
    const view = `${shots}/print-chart-view-${lang}.pdf`;
    await page.pdf({ path: view, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    previewPng(view);
    splits.push(...split(view, viewTexts, `${lang}, print view`));
    assert(splits.length === 0, splits.join('\n'));
  } finally {
    await s.context.close();
  }
}

export function tests(ctx) {
  return ['en', 'ru'].map((lang) => [
    `print chart (${lang}): a report's chart prints whole on one page (print view and Ctrl+P)`,
    () => chartWhole(ctx, lang),
  ]);
}
