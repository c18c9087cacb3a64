// Print fits the page, read back from the PDF Chromium makes of the print view: a wide report
// turns the page (and scales down to its width) so its rightmost column is printed, and a long
// report repeats its header row on every page. Needs poppler's pdftotext/pdfinfo
// (scripts/test-all.mjs and .ci/run install them like Chromium); without them this test fails.
import { spawnSync } from 'node:child_process';
import { assert, openPage } from './harness.mjs';
import { ready } from './main.e2e.mjs';

export function poppler(tool, args) {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error)
    throw new Error(
      `${tool} is needed to read the printed PDF: apt-get install -y poppler-utils (${r.error.message})`,
    );
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The text of one page, only what lies on the page (cropped to its size). */
export function pageText(pdf, n) {
  const info = poppler('pdfinfo', ['-f', String(n), '-l', String(n), pdf]);
  const m = /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  assert(m, `page size of page ${n}: ${info}`);
  const [w, h] = [Math.floor(Number(m[1])), Math.floor(Number(m[2]))];
  const text = poppler('pdftotext', [
    ...['-f', String(n), '-l', String(n), '-x', '0', '-y', '0', '-W', String(w), '-H', String(h)],
    ...['-r', '72', '-layout', pdf, '-'],
  ]);
  return { text, width: w, height: h };
}

export const pages = (pdf) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [pdf]))[1]);

/**
 * A small PNG of the first page beside the PDF (`x.pdf` → `x-1.png`), for a person to look at;
 * best effort: no PNG is not a failure, the text checks above are the test.
 */
export function previewPng(pdf) {
  spawnSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, pdf.replace(/\.pdf$/, '')]);
}

/** Shows a report, opens the print view and prints it to a PDF. */
async function print(page, spec, path) {
  await page.evaluate((patch) => {
    const wb = window.__crm;
    wb.report.update({ ...wb.report.spec, ...patch });
  }, spec);
  await ready(page);
  await page
    .getByRole('button', { name: /Print \/ PDF/ })
    .first()
    .click();
  await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
  await page.emulateMedia({ media: 'print' });
  const headers = await page
    .locator('.print-overlay table thead tr')
    .last()
    .locator('th')
    .allInnerTexts();
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Close' }).first().click();
  return headers.map((h) => h.trim()).filter(Boolean);
}

export function tests({ browser, url, shots }) {
  let s;
  return [
    [
      'print: a wide report turns the page and keeps its rightmost column on it',
      async () => {
        s = await openPage(browser, url);
        await ready(s.page);
        const pdf = `${shots}/print-wide.pdf`;
        const headers = await print(
          s.page,
          {
            rows: [{ field: 'manager' }],
            columns: [{ field: 'created_at', grain: 'month' }],
            measures: ['revenue'],
            period: null,
            compare: null,
            chart: 'none',
          },
          pdf,
        );
        assert(headers.length > 12, `a wide table: ${headers.length} columns`);
        const first = pageText(pdf, 1);
        assert(first.width > first.height, `landscape: ${first.width}×${first.height}`);
        const last = headers.at(-1);
        assert(first.text.includes(last), `the rightmost column "${last}" is on the page`);
        previewPng(pdf);
      },
    ],
    [
      'print: a long report repeats its header row on the next page; title and signatures stay',
      async () => {
        const pdf = `${shots}/print-long.pdf`;
        const headers = await print(
          s.page,
          {
            rows: [{ field: 'client' }],
            columns: [],
            measures: ['deals', 'revenue'],
            period: null,
            compare: null,
            limit: null,
            chart: 'none',
            title: 'Deals by client',
          },
          pdf,
        );
        const n = pages(pdf);
        assert(n >= 3, `a long report: ${n} pages`);
        const one = pageText(pdf, 1).text;
        const two = pageText(pdf, 2).text;
        assert(/Deals by client/.test(one), 'title on page 1');
        assert(/Period/.test(one) && /Filters/.test(one), 'period and filters on page 1');
        for (const h of headers)
          assert(
            two.includes(h.split('\n')[0]),
            `header "${h}" repeated on page 2:\n${two.slice(0, 400)}`,
          );
        const end = pageText(pdf, n).text;
        assert(/Manager/.test(end) && /Date/.test(end), 'signature lines on the last page');
        const first = pageText(pdf, 1);
        assert(first.width < first.height, 'a narrow table stays portrait');
        await s.context.close();
      },
    ],
  ];
}
