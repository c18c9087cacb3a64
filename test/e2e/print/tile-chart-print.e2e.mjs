// A chart on paper fits its printed box. A dashboard tile half the window wide at 1440 px printed
// its chart at its screen width (547 px) in a tile the page's width (687 px); now it is drawn for
// the page. And a chart taller than a page (a top 40 of clients: 40 bars) ran on over two pages,
// its bars on one and its axis on the next, from the report's print view and from the
// dashboard's Ctrl+P; now it is drawn shorter to fit one, its labels at their size.
import { assert, eachLanguage, openGalleryPreset, settled, toDashboard } from '../harness.mjs';
import { pages, poppler, previewPng } from './print.e2e.mjs';
import { chartOnly, split } from './print-chart.e2e.mjs';

/** The report of revenue by client: its chart draws the top 40, 40 bars (≈ 1,010 px tall). */
async function showClients(page) {
  await page.evaluate(() => {
    const wb = window.__crm;
    wb.report.update({
      ...wb.report.spec,
      rows: [{ field: 'client' }],
      columns: [],
      measures: ['revenue'],
      sort: [],
      totals: true,
      period: null,
      compare: null,
      chart: 'auto',
    });
  });
  await settled(page);
  await page.locator('.main .chart svg').first().waitFor();
}

const label = (page, k) => page.evaluate((key) => window.__crm.locale.t(key), k);

/** Prints the page as it is (Ctrl+P fires the same beforeprint) to `path`. */
async function pdf(page, path) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  previewPng(path);
}

/**
 * Every chart's x-axis title ("Deals →") ends near the right edge of what the page prints (its
 * tables run edge to edge): where a chart is drawn for the page, not for a narrower screen box.
 * Read from the PDF's word boxes, page by page.
 */
function chartsSpanPage(path, what) {
  const wide = [];
  for (let n = 1; n <= pages(path); n++) {
    const words = [
      ...poppler('pdftotext', ['-bbox', '-f', String(n), '-l', String(n), path, '-']).matchAll(
        /xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</g,
      ),
    ].map((m) => ({ left: Number(m[1]), right: Number(m[2]), text: m[3] }));
    if (words.length === 0) continue;
    const left = Math.min(...words.map((w) => w.left));
    const right = Math.max(...words.map((w) => w.right));
    for (const w of words.filter((w) => w.text === '→'))
      wide.push({ page: n, share: (w.right - left) / (right - left) });
  }
  assert(wide.length >= 2, `${what}: the charts' axis titles in the PDF: ${JSON.stringify(wide)}`);
  const narrow = wide.filter((w) => w.share < 0.93);
  assert(narrow.length === 0, `${what}: a chart short of the page: ${JSON.stringify(narrow)}`);
}

/** The rendered height of the chart's smallest tick label, in CSS px (10 px at its own size). */
const tickHeight = (page, root) =>
  page.evaluate(
    (root) =>
      Math.min(
        ...[...document.querySelectorAll(`${root} .chart svg [aria-label*="tick label"] text`)].map(
          (t) => t.getBoundingClientRect().height,
        ),
      ),
    root,
  );

export function tests({ browser, url, shots }) {
  return [
    [
      'dashboard Ctrl+P at 1440 px: half-width tiles’ charts span the page, a 40-bar chart on one page (EN, RU)',
      () =>
        eachLanguage(browser, url, async (page, lang) => {
          await showClients(page);
          await toDashboard(page, 'Clients');
          await page
            .getByRole('button', { name: await label(page, 'backToReport') })
            .first()
            .click();
          await openGalleryPreset(page, 'by-source', '.main table td');
          await toDashboard(page, 'Sources');
          await page.locator('.dashboard .tile').nth(1).locator('.chart svg').waitFor();
          await page.waitForTimeout(300);
          const widths = await page
            .locator('.dashboard .tile')
            .evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().width));
          assert(
            widths.length === 2 && widths.every((w) => w < 687),
            `${lang}: two tiles side by side, narrower than the page: ${widths}`,
          );
          // As laid out for paper (50 rows in the table, not 12): texts only the chart prints.
          await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
          await page.waitForTimeout(300);
          const texts = await chartOnly(page, '.dashboard .tile:first-child');
          await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
          const path = `${shots}/tile-chart-print-dashboard-${lang}.pdf`;
          await pdf(page, path);
          chartsSpanPage(path, `${lang}, dashboard Ctrl+P`);
          const splits = split(path, texts, `${lang}, dashboard Ctrl+P, the 40-bar chart`);
          assert(splits.length === 0, splits.join('\n'));
        }),
    ],
    [
      'report print view: a 40-bar chart prints on one page, its labels at their size (EN, RU)',
      () =>
        eachLanguage(browser, url, async (page, lang) => {
          await showClients(page);
          await page
            .getByRole('button', { name: await label(page, 'print') })
            .first()
            .click();
          await page.locator('.print-overlay .chart svg').first().waitFor({ timeout: 30_000 });
          await page.waitForTimeout(300);
          const texts = await chartOnly(page, '.print-overlay');
          const tick = await tickHeight(page, '.print-overlay');
          assert(tick >= 9, `${lang}: the chart's tick labels ${tick} px tall, too small to read`);
          const path = `${shots}/tile-chart-print-report-${lang}.pdf`;
          await pdf(page, path);
          const splits = split(path, texts, `${lang}, print view`);
          assert(splits.length === 0, splits.join('\n'));
        }),
    ],
  ];
}
