// Print fits the page, read back from the PDF Chromium makes of the print view: a wide report
// turns the page (and prints in bands of columns when still wider) so its rightmost column is
// printed, and a long report repeats its header row on every page. Needs poppler's
// pdftotext/pdfinfo (scripts/test-all.mjs and .ci/run install them like Chromium); without them
// this test fails.
import { spawnSync } from 'node:child_process';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

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
  // The last header row of every table: a wide one prints in bands of columns.
  const headers = await page
    .locator('.print-overlay table')
    .evaluateAll((tables) =>
      tables.flatMap((t) =>
        [...t.querySelectorAll('thead tr:last-child th')].map((th) => th.innerText),
      ),
    );
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Close' }).first().click();
  return headers.map((h) => h.trim()).filter(Boolean);
}

const label = (page, key) => page.evaluate((k) => window.__crm.locale.t(k), key);
const settled = (page) =>
  page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });

/** Opens a preset from the gallery and waits for its result. */
export async function openPreset(page, preset) {
  await page.getByRole('button', { name: /^▤/ }).click();
  await page.locator(`dialog[open] button[data-preset="${preset}"]`).click();
  await page.waitForTimeout(300);
  await ready(page);
  await settled(page);
}

/** Saves the report shown under `name` and puts it on the dashboard. */
async function toDashboard(page, name) {
  await page
    .getByRole('button', { name: await label(page, 'saved') })
    .first()
    .click();
  await page.getByTestId('save-name').fill(name);
  await page.getByRole('button', { name: await label(page, 'saveReport') }).click();
  await page.locator('.dialog li', { hasText: name }).locator('input[type=checkbox]').check();
  await page.keyboard.press('Escape');
}

/** Every line of a PDF's text, runs of spaces as one (pdftotext -layout pads columns). */
function pdfLines(pdf) {
  const out = [];
  for (let i = 1; i <= pages(pdf); i++)
    out.push(
      ...pageText(pdf, i)
        .text.split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim()),
    );
  return out;
}

/**
 * A dashboard printed from its print view, where a tile's table wraps to the sheet: a forecast
 * tile (its slices' dates) and a wide pivot by quarter. What the screen and the sheet show, and
 * the PDF's lines.
 */
async function printDashboardDates({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  try {
    await ready(page);
    await openPreset(page, 'forecast');
    // Split by manager: one more column, so the tile's table wraps on the sheet.
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({ ...wb.report.spec, rows: [{ field: 'manager' }] });
    });
    await ready(page);
    await settled(page);
    const iso = await page.evaluate(() => {
      const t = window.__crm.run.result.table;
      return [...t.getChild('period').toArray(), ...t.getChild('period_end').toArray()];
    });
    assert(iso.length >= 2 && iso.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), `slices: ${iso}`);
    const onScreen = await page
      .locator('table.flat[data-analysis="forecast"] tbody tr')
      .evaluateAll((rows) =>
        rows.flatMap((r) => [...r.cells].slice(1, 3).map((c) => c.innerText.trim())),
      );
    await toDashboard(page, lang === 'ru' ? 'Прогноз' : 'Forecast');
    // LTV: a wide list with each client's first and last purchase.
    await openPreset(page, 'ltv');
    await toDashboard(page, 'LTV');
    // A wide pivot whose rows are quarters: its tile wraps in print.
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({
        ...wb.report.spec,
        analysis: 'pivot',
        rows: [{ field: 'created_at', grain: 'quarter' }],
        columns: [{ field: 'source' }],
        measures: ['deals', 'revenue', 'win_rate'],
        period: null,
        compare: null,
        chart: 'none',
        title: null,
      });
    });
    await ready(page);
    await settled(page);
    await toDashboard(page, lang === 'ru' ? 'Кварталы' : 'Quarters');

    await page
      .getByRole('button', { name: await label(page, 'dashboard') })
      .first()
      .click();
    // Every tile's query done (the report's busy dot is not theirs): one Russian run at load 9–10
    // printed none of the LTV and quarter tiles' dates by Ctrl+P, likely before they had rows.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.dashboard .tile')].filter((t) =>
          t.querySelector('table tbody td'),
        ).length === 3,
      null,
      { timeout: 30_000 },
    );
    await settled(page);
    // The browser's own print of the dashboard (Ctrl+P) wraps the tiles' cells too.
    const pagePdf = `${shots}/print-dashboard-dates-page-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pagePdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await page
      .getByRole('button', { name: await label(page, 'print') })
      .first()
      .click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.print-overlay .tile')].filter((t) =>
          t.querySelector('table tbody td'),
        ).length === 3,
      null,
      { timeout: 30_000 },
    );
    // A tile wider than the page prints in bands of columns (tables one under another): a row's
    // cells are its cells in every band.
    const [forecast = [], ltv = [], quarters = []] = await page
      .locator('.print-overlay .tile')
      .evaluateAll((tiles) =>
        tiles.map((tile) => {
          const bands = [...tile.querySelectorAll('table')].map((t) =>
            [...t.querySelectorAll('tbody tr')].map((r) =>
              [...r.cells].map((c) => c.innerText.trim()),
            ),
          );
          return (bands[0] ?? []).map((_, i) => bands.flatMap((b) => b[i] ?? []));
        }),
      );
    const pdf = `${shots}/print-dashboard-dates-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    previewPng(pdf);
    return {
      iso,
      onScreen,
      printedDays: forecast.flatMap((r) => r.slice(1, 3)),
      // A day as ISO or as either language writes it (2026-01-01, Jan 1, 2026, 1 янв. 2026 г.).
      ltvDays: ltv
        .slice(0, 30)
        .flat()
        .filter((t) =>
          /^\d{4}-\d{2}-\d{2}$|^\w{3} \d{1,2}, \d{4}$|^\d{1,2}\s\S+\s\d{4}\sг\.$/.test(t),
        ),
      // A quarter by its name as either language writes it ("Q1 2025", «1 кв. 2025»).
      periods: quarters
        .map((r) => r[0] ?? '')
        .filter((t) => /^Q[1-4] \d{4}$|^[1-4] кв\. \d{4}$/.test(t.replace(/\s+/g, ' '))),
      lines: pdfLines(pdf),
      pageLines: pdfLines(pagePdf),
    };
  } finally {
    await s.context.close();
  }
}

/**
 * The dates (a forecast's slices) and period labels (a pivot by quarter) of a printed dashboard
 * are each on one line of the PDF, not broken at the hyphen ("2026-" over "01-01") or a space.
 */
async function datesOnOneLine(ctx, lang) {
  const { printedDays, ltvDays, periods, lines, pageLines } = await printDashboardDates(ctx, lang);
  assert(printedDays.length >= 2, `the forecast tile's days: ${printedDays}`);
  assert(ltvDays.length >= 20, `the LTV tile's days: ${ltvDays}`);
  assert(periods.length >= 4, `quarters in the tile: ${periods}`);
  const dates = [...printedDays, ...ltvDays, ...periods].map((t) => t.replace(/\s+/g, ' '));
  const broken = [
    ...dates.filter((t) => !lines.some((l) => l.includes(t))),
    ...dates.filter((t) => !pageLines.some((l) => l.includes(t))).map((t) => `Ctrl+P: ${t}`),
  ];
  assert(
    broken.length === 0,
    `dates and periods on one line of the PDF; broken: ${JSON.stringify([...new Set(broken)])}\n` +
      lines
        .filter((l) => /\d{4}-$|^\d{2}-\d{2}|^Q\d/.test(l))
        .slice(0, 8)
        .join('\n'),
  );
}

/**
 * A forecast's slices are dates written the UI language's way — on screen, in its dashboard
 * tile and in the PDF — as the rest of the UI writes dates; the Russian print had ISO days.
 */
async function forecastDatesInLanguage(ctx, lang) {
  const { iso, onScreen, printedDays, lines } = await printDashboardDates(ctx, lang);
  const days = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const expected = iso.map((d) => days.format(new Date(`${d}T00:00:00Z`)));
  for (const d of expected) {
    assert(onScreen.includes(d), `on screen: “${d}” in ${JSON.stringify(onScreen)}`);
    assert(printedDays.includes(d), `in the tile: “${d}” in ${JSON.stringify(printedDays)}`);
  }
  const isoLines = lines.filter((l) => /\d{4}-\d{2}-\d{2}/.test(l));
  assert(isoLines.length === 0, `no ISO day in the PDF: ${isoLines.slice(0, 4).join(' | ')}`);
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
      'print: a compared funnel prints in bands of columns at the sheet’s type, each with its steps',
      async () => {
        // A page of its own: the report it leaves is a funnel, which the next tests do not reset.
        const f = await openPage(browser, url);
        await ready(f.page);
        const pdf = `${shots}/print-funnel-bands.pdf`;
        // Its 16 columns were scaled to one landscape page: type of 3–4 pt (h/walk21's walk).
        const headers = await print(
          f.page,
          {
            analysis: 'funnel',
            rows: [],
            columns: [],
            measures: [],
            period: { from: '2025-01-01', to: '2025-12-31' },
            compare: 'year',
            options: {},
            chart: 'none',
          },
          pdf,
        );
        const stages = headers.filter((h) => h === 'Stage').length;
        assert(stages >= 2, `every band names the steps: ${headers.join(' | ')}`);
        // A compared measure's columns stay in one band: "Reached" and "Reached, previous" meet.
        const i = headers.indexOf('Reached');
        assert(
          headers[i + 1] === 'Reached, previous',
          `Reached's group whole: ${headers.join(' | ')}`,
        );
        const text = Array.from({ length: pages(pdf) }, (_, k) => pageText(pdf, k + 1).text).join(
          '\n',
        );
        for (const h of headers) assert(text.includes(h.split(',')[0]), `"${h}" printed`);
        assert(
          /Columns 1–\d+ of \d+/.test(text),
          `the bands say their columns: ${text.slice(0, 300)}`,
        );
        previewPng(pdf);
        await f.context.close();
      },
    ],
    [
      'print: a report of more weeks than the sheet’s old 40 columns prints every week',
      async () => {
        s ??= await openPage(browser, url);
        await ready(s.page);
        const spec = {
          rows: [{ field: 'manager' }],
          columns: [{ field: 'created_at', grain: 'week' }],
          measures: ['deals'],
          sort: [],
          period: null,
          compare: null,
          chart: 'none',
        };
        // The weeks the data has, counted by the engine apart from the report.
        const weeks = await s.page.evaluate(async () => {
          const wb = window.__crm;
          const t = await wb.data.run({
            sql: `SELECT count(DISTINCT date_trunc('week', created_at)) AS n FROM deals WHERE created_at IS NOT NULL`,
          });
          return Number(t.getChild('n').get(0));
        });
        // Within the 160 columns the report shows on screen, with the row total.
        assert(weeks > 40 && weeks < 160, `the demo spans ${weeks} weeks`);
        const pdf = `${shots}/print-hidden-columns.pdf`;
        await print(s.page, spec, pdf);
        // The sheet used to print 39 weeks and the total, and count the rest as not shown.
        const names = await s.page
          .locator('.main table thead tr')
          .first()
          .locator('th')
          .allInnerTexts();
        const columns = names.map((n) => n.trim()).filter(Boolean);
        assert(
          columns.length === weeks + 1,
          `every week and the total on screen: ${columns.length}`,
        );
        const text = Array.from({ length: pages(pdf) }, (_, i) => pageText(pdf, i + 1).text)
          .join('\n')
          .replace(/\s+/g, ' ');
        const missing = columns.filter((c) => !text.includes(c.replace(/\s+/g, ' ')));
        assert(missing.length === 0, `every week printed; missing ${missing.join(', ')}`);
        assert(!/not shown/.test(text), 'no column left out');
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
    ...['en', 'ru'].map((lang) => [
      `print (${lang}): a dashboard's dates and periods stay on one line`,
      () => datesOnOneLine({ browser, url, shots }, lang),
    ]),
    [
      'print (ru): a forecast’s dates in the UI language on screen, in its tile and the PDF',
      () => forecastDatesInLanguage({ browser, url, shots }, 'ru'),
    ],
  ];
}
