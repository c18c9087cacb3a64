// Periods by name on the built site: the Russian demo's relationship dynamics read «1 кв. 2025»
// in its table and chart, never the engine's key "2025-Q1"; a line chart's month axis reads
// «март 2025» in time order, its names not drawn over each other; a quarter pivot in English
// reads "Q3 2024". Screenshots at 1440 and 768 px into test-results/e2e (periods-*.png).
import { assert, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const KEY = /\b\d{4}-(Q[1-4]|W\d{2}|\d{2})\b/;

/** The texts of the first chart's x axis ticks, in their order across the chart. */
const xTicks = (page) =>
  page.evaluate(() => {
    // The chart's own svg (the first ones on the page are the strip's small pictures); its x
    // axis is named in the UI language (charts/plot/aria.ts).
    const axis = document.querySelector(
      'main .chart svg [aria-label="x-axis tick label"], main .chart svg [aria-label="подписи делений оси X"]',
    );
    return [...(axis?.querySelectorAll('text') ?? [])].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', left: r.left, right: r.right };
    });
  });

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
  return cases;
}
