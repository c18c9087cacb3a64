// Periods by name on the built site: the Russian demo's relationship dynamics read «1 кв. 2025»
// in its table and chart, never the engine's key "2025-Q1"; a line chart's month axis reads
// «март 2025» in time order, its names not drawn over each other; a quarter pivot in English
// reads "Q3 2024"; cohorts split by source under a month filter read "Cold call · Mar 2025" /
// «Cold call · март 2025», the filter's chip and editor name the months while the URL keeps
// "2025-03"; a heatmap's quarters run in time whatever the revenue. Screenshots at 1440 and
// 768 px into test-results/e2e (periods-*.png).
import { assert, openPage, settled } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';

const KEY = /\b\d{4}-(Q[1-4]|W\d{2}|\d{2})\b/;

/** The texts of the first chart's `x` (or `y`) axis ticks, in their order across the chart. */
const xTicks = (page, axis = 'x') =>
  page.evaluate((name) => {
    // The chart's own svg (the first ones on the page are the strip's small pictures); its
    // axes are named by their field in the UI language, Plot's part kept (charts/plot/aria.ts).
    const ticks = document.querySelector(
      `main .chart svg [data-plot-part="${name}-axis tick label"]`,
    );
    return [...(ticks?.querySelectorAll('text') ?? [])].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', left: r.left, right: r.right, top: r.top };
    });
  }, axis);

const MONTH = {
  en: { mar: 'Mar 2025', apr: 'Apr 2025', created: 'Created' },
  ru: { mar: 'март 2025', apr: 'апрель 2025', created: 'Дата создания' },
};
/** A month's name in the UI ("Mar 2025" / «март 2025»), never a key. */
const MONTH_NAME = {
  en: /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/,
  ru: /^(январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь) \d{4}$/,
};
/** A quarter's name as [year, quarter], for order: "Q3 2024" / «3 кв. 2024». */
const quarterOf = (text) => {
  const m = /^Q([1-4]) (\d{4})$/.exec(text) ?? /^([1-4]) кв\. (\d{4})$/.exec(text);
  return m ? Number(m[2]) * 4 + Number(m[1]) : null;
};

export function tests({ browser, url, shots }) {
  const cases = [];
  for (const width of [1440, 768]) {
    cases.push([
      `dynamics (RU, ${width} px): periods named «1 кв. 2025» in the table and the chart`,
      async () => {
        const s = await openPage(browser, `${url}?lang=ru`, { width, height: 900 });
        const { page } = s;
        await ready(page);
        await page.getByRole('button', { name: /^▤/ }).click();
        await page.locator('dialog[open] button[data-preset="dynamics"]').click();
        await page.locator('table.flat[data-analysis="dynamics"]').waitFor({ timeout: 30_000 });
        await settled(page);
        const periods = await page
          .locator('table.flat[data-analysis="dynamics"] tbody tr')
          .evaluateAll((trs) => trs.map((tr) => tr.querySelector('th, td')?.textContent?.trim()));
        const named = periods.filter(Boolean);
        assert(named.length > 0, 'the table has rows');
        assert(
          named.every((p) => /^[1-4] кв\. \d{4}$/.test(p)),
          `every period reads «N кв. YYYY»: ${named.slice(0, 6)}`,
        );
        const table = await page.locator('table.flat[data-analysis="dynamics"]').innerText();
        assert(!/Q[1-4]/.test(table) && !KEY.test(table), 'no "Q1" or bucket key in the table');
        await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
        const chart = await page.locator('main .chart').first().innerText();
        assert(/кв\. \d{4}/.test(chart), `the chart's axis names quarters: ${chart.slice(0, 200)}`);
        assert(!/Q[1-4]/.test(chart) && !KEY.test(chart), 'no "Q1" or bucket key in the chart');
        await page.screenshot({
          path: `${shots}/periods-dynamics-ru-${width}.png`,
          fullPage: true,
        });
        await s.context.close();
      },
    ]);
    cases.push([
      `months on a line chart (RU, ${width} px): the axis reads «март 2025», in time order, apart`,
      async () => {
        const query = 'v=1&rows=period%3Amonth&m=revenue&chart=line&from=2024-01-01&to=2025-06-30';
        const s = await openPage(browser, `${url}?lang=ru&${query}`, { width, height: 900 });
        const { page } = s;
        await ready(page);
        await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
        await settled(page);
        const ticks = await xTicks(page);
        assert(ticks.length > 2, `month ticks on the axis: ${ticks.map((t) => t.text)}`);
        const months = [
          'январь',
          'февраль',
          'март',
          'апрель',
          'май',
          'июнь',
          'июль',
          'август',
          'сентябрь',
          'октябрь',
          'ноябрь',
          'декабрь',
        ];
        const at = ticks.map((t) => {
          const m = /^(\S+) (\d{4})$/.exec(t.text);
          assert(m && months.includes(m[1]), `a tick reads «месяц ГГГГ»: ${t.text}`);
          return Number(m[2]) * 12 + months.indexOf(m[1]);
        });
        assert(
          at.every((v, i) => i === 0 || at[i - 1] < v),
          `ticks in time order: ${ticks.map((t) => t.text)}`,
        );
        assert(
          ticks.every((t, i) => i === 0 || ticks[i - 1].right <= t.left),
          `tick names do not overlap: ${JSON.stringify(ticks)}`,
        );
        const rows = await page.locator('main table tbody').first().innerText();
        assert(!KEY.test(rows), 'no bucket key among the table rows');
        await page.screenshot({ path: `${shots}/periods-months-ru-${width}.png`, fullPage: true });
        await s.context.close();
      },
    ]);
    cases.push([
      `quarter pivot (EN, ${width} px): columns read "Q3 2024"`,
      async () => {
        const query =
          'v=1&rows=manager&cols=period%3Aquarter&m=revenue&from=2024-01-01&to=2024-12-31';
        const s = await openPage(browser, `${url}?${query}`, { width, height: 900 });
        const { page } = s;
        await ready(page);
        await settled(page);
        const members = (await page.locator('thead th.member').allInnerTexts()).map((m) =>
          m.trim(),
        );
        assert(
          JSON.stringify(members.slice(0, 4)) ===
            JSON.stringify(['Q1 2024', 'Q2 2024', 'Q3 2024', 'Q4 2024']),
          `quarters by name, in time order: ${members}`,
        );
        await page.screenshot({
          path: `${shots}/periods-quarters-en-${width}.png`,
          fullPage: true,
        });
        await s.context.close();
      },
    ]);
  }
  for (const [lang, width] of [
    ['en', 1440],
    ['ru', 1440],
    ['en', 768],
    ['ru', 768],
  ]) {
    const words = MONTH[lang];
    cases.push([
      `cohorts split by source, a month filter (${lang.toUpperCase()}, ${width} px): names on screen, keys in the URL`,
      async () => {
        const f = [{ field: 'created_at', op: 'in', grain: 'month', values: ['2025-03'] }];
        const query = `v=1&a=cohort&rows=source&m=buyers&chart=cohort&f=${encodeURIComponent(JSON.stringify(f))}`;
        const s = await openPage(browser, `${url}?lang=${lang}&${query}`, { width, height: 900 });
        const { page } = s;
        await ready(page);
        await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
        await settled(page);
        const rows = (await xTicks(page, 'y')).map((t) => t.text);
        assert(rows.length > 1, `cohort rows on the chart: ${rows}`);
        // Deals created in March: their clients' first purchases (the cohorts) from March on.
        assert(
          rows.every((r) => MONTH_NAME[lang].test(r.split(' · ')[1] ?? '')),
          `each row reads "<source> · <month> <year>": ${rows}`,
        );
        assert(
          rows.some((r) => r.endsWith(` · ${words.mar}`)),
          `a row reads "<source> · ${words.mar}": ${rows}`,
        );
        const chart = await page.locator('main .chart').first().innerText();
        assert(!KEY.test(chart), `no bucket key in the chart: ${chart.slice(0, 200)}`);
        const zones = page.locator('.zones');
        const chip = zones.getByText(`${words.created}: ${words.mar}`, { exact: true });
        await chip.waitFor({ timeout: 10_000 });
        assert(!KEY.test(await zones.innerText()), 'no bucket key among the chips');

        await chip.click();
        const dialog = page.locator('[role="dialog"]');
        await dialog.locator('ul.values li label').first().waitFor({ timeout: 30_000 });
        const listed = await dialog.locator('ul.values li .v').allInnerTexts();
        assert(
          listed.includes(words.mar) && listed.includes(words.apr),
          `months listed: ${listed}`,
        );
        assert(!listed.some((v) => KEY.test(v)), `no bucket key in the list: ${listed}`);
        assert(
          listed.indexOf(words.mar) + 1 === listed.indexOf(words.apr),
          `the list runs in time: ${listed}`,
        );
        const checked = await dialog
          .locator('ul.values li label:has(input:checked) .v')
          .allInnerTexts();
        assert(JSON.stringify(checked) === JSON.stringify([words.mar]), `checked: ${checked}`);
        await page.screenshot({ path: `${shots}/periods-filter-${lang}-${width}.png` });
        await dialog.locator('ul.values li label', { hasText: words.apr }).click();
        await dialog.locator('button.primary').click();
        await settled(page);
        await zones
          .getByText(`${words.created}: ${words.mar}, ${words.apr}`, { exact: true })
          .waitFor({ timeout: 10_000 });
        // The report is written after `#` (state/page/page-params.ts).
        const kept = JSON.parse(
          new URLSearchParams(new URL(page.url()).hash.slice(1)).get('f') ?? '[]',
        );
        assert(
          JSON.stringify(kept) ===
            JSON.stringify([
              { field: 'created_at', op: 'in', grain: 'month', values: ['2025-03', '2025-04'] },
            ]),
          `the URL keeps the grain and the keys: ${JSON.stringify(kept)}`,
        );
        await page.screenshot({ path: `${shots}/periods-cohorts-${lang}-${width}.png` });
        await s.context.close();
      },
    ]);
  }
  for (const [lang, width] of [
    ['en', 1440],
    ['ru', 768],
  ]) {
    cases.push([
      `heatmap of sources × quarters (${lang.toUpperCase()}, ${width} px): quarters in time order`,
      async () => {
        const query =
          'v=1&rows=source&cols=created_at%3Aquarter&m=revenue&chart=heatmap&from=2024-01-01&to=2025-12-31';
        const s = await openPage(browser, `${url}?lang=${lang}&${query}`, { width, height: 900 });
        const { page } = s;
        await ready(page);
        await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
        await settled(page);
        const ticks = (await xTicks(page)).map((t) => t.text);
        const at = ticks.map(quarterOf);
        assert(ticks.length > 3 && at.every((q) => q !== null), `quarters on the axis: ${ticks}`);
        assert(
          at.every((q, i) => i === 0 || at[i - 1] < q),
          `quarters in time order: ${ticks}`,
        );
        await page.screenshot({
          path: `${shots}/periods-heatmap-${lang}-${width}.png`,
          fullPage: true,
        });
        await s.context.close();
      },
    ]);
  }
  for (const [lang, width] of [
    ['en', 1440],
    ['ru', 768],
  ]) {
    cases.push([
      `a report named for a period says its period changed (${lang}, ${width} px): heading, print, file name`,
      async () => {
        const changed = { en: 'Q1 2023 (period changed)', ru: 'Q1 2023 (период изменён)' }[lang];
        const s = await openPage(
          browser,
          `${url}?lang=${lang}#v=1&rows=manager&m=revenue&from=2023-01-01&to=2023-03-31&title=Q1+2023`,
          { width, height: 900 },
        );
        const { page } = s;
        try {
          await ready(page);
          const name = () => page.locator('h2.report-name').innerText();
          assert((await name()) === 'Q1 2023', `the link's name: ${await name()}`);
          const t = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
          await page.getByRole('button', { name: await t('thisYear'), exact: true }).click();
          await settled(page);
          assert((await name()) === changed, `after "this year": ${await name()}`);
          assert(
            page.url().includes('tp=2023-01-01..2023-03-31'),
            `the link keeps the period the name was given for: ${page.url()}`,
          );
          await page.screenshot({ path: `${shots}/periods-title-changed-${lang}-${width}.png` });
          const [dl] = await Promise.all([
            page.waitForEvent('download'),
            page.locator('[data-export=csv]').click(),
          ]);
          assert(
            dl.suggestedFilename().startsWith(changed),
            `the file's name: ${dl.suggestedFilename()}`,
          );
          await page.locator('.tools button.print').click();
          await page.locator('.print-overlay .sheet').waitFor();
          const printed = (await page.getByTestId('print-title').innerText()).trim();
          assert(printed === changed, `the printed title: ${printed}`);
          await page.screenshot({
            path: `${shots}/periods-title-changed-print-${lang}-${width}.png`,
          });
          await page.keyboard.press('Escape');
          await page.locator('.print-overlay').waitFor({ state: 'detached' });
          // Undo brings the named period back, and the name alone.
          await page.keyboard.press('Control+z');
          await settled(page);
          assert((await name()) === 'Q1 2023', `back on Q1 2023: ${await name()}`);
          // Saved and on the dashboard: the dashboard's own period changes the tile's too.
          await toDashboard(page, 'Q1 2023');
          const tile = page.locator('.dashboard .tile .name').first();
          assert((await tile.innerText()) === 'Q1 2023', `the tile: ${await tile.innerText()}`);
          await page
            .getByRole('combobox', { name: await t('sharedPeriod') })
            .selectOption('thisYear');
          await page.waitForFunction(
            (text) =>
              document.querySelector('.dashboard .tile .name')?.textContent?.trim() === text,
            changed,
            { timeout: 30_000 },
          );
          await page.screenshot({
            path: `${shots}/periods-title-changed-tile-${lang}-${width}.png`,
          });
        } finally {
          await s.context.close();
        }
      },
    ]);
  }
  return cases;
}
