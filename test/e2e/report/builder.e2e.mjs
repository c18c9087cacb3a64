// A report built as an analyst builds one — a client's custom field across, three measures, a
// compared period, a filter on a custom field — exported, and its numbers read back against plain
// SQL over the same tables (the page's own engine, none of the compiler's SQL).
import { readFile } from 'node:fs/promises';
import { assert, openPage, parseCsv } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

// 17 client cities × 3 measures × (value, previous, Δ, Δ %) = 204 value columns: more than the
// page's table shows (160).
const WIDE =
  'v=1&rows=source&cols=clients.city&m=deals,revenue,win_rate&from=2024-01-01&to=2024-12-31' +
  '&cmp=year&f=' +
  encodeURIComponent(JSON.stringify([{ field: 'clients.headcount', op: 'gte', values: [50] }]));

/** Plain SQL over the demo's tables: each measure by its own date, as docs/metrics says. */
const REFERENCE = `
  SELECT d.source, c.city,
    count(*) FILTER (WHERE d.created_at >= '2024-01-01' AND d.created_at < '2025-01-01') AS deals,
    sum(d.amount) FILTER (WHERE d.status = 'won' AND d.closed_at >= '2024-01-01'
      AND d.closed_at < '2025-01-01') AS revenue,
    count(*) FILTER (WHERE d.status = 'won' AND d.closed_at >= '2024-01-01'
      AND d.closed_at < '2025-01-01')::DOUBLE
      / nullif(count(*) FILTER (WHERE d.status IN ('won', 'lost') AND d.closed_at >= '2024-01-01'
      AND d.closed_at < '2025-01-01'), 0) AS win_rate,
    count(*) FILTER (WHERE d.created_at >= '2023-01-01' AND d.created_at < '2024-01-01') AS deals_before
  FROM deals d JOIN clients c ON c.client = d.client
  WHERE c.headcount >= 50
  GROUP BY ALL`;

export function tests({ browser, url }) {
  return [
    [
      'builder: a CSV of a pivot wider than the screen holds every column, and its cells equal plain SQL',
      async () => {
        const { page, context } = await openPage(browser, `${url}?lang=en#${WIDE}`, {
          width: 1440,
          height: 900,
        });
        try {
          await ready(page);
          const hidden = await page.locator('.hint', { hasText: 'more columns not shown' }).count();
          assert(hidden === 1, 'the page’s table leaves columns out and says so');
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.locator('button[data-export="csv"]').click(),
          ]);
          const csv = parseCsv(await readFile(await download.path(), 'utf8'));
          const ref = await page.evaluate(async (sql) => {
            const t = await window.__crmEngine.query(sql);
            return t.toArray().map((r) => {
              const o = r.toJSON();
              for (const k of Object.keys(o)) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
              return o;
            });
          }, REFERENCE);
          const cities = [...new Set(ref.map((r) => r.city))].sort();
          const groups = csv[0].filter((h) => h.replace('\ufeff', '') !== '');
          // Every city the data has is a column group of the file, then the total.
          assert(
            JSON.stringify(groups) === JSON.stringify([...cities, 'Total']),
            `the CSV's column groups: ${groups} (the data's cities: ${cities})`,
          );
          const header = csv[1];
          const column = (city, name) => {
            const from = csv[0].indexOf(city);
            return from + header.slice(from).indexOf(name);
          };
          const row = (source) => csv.find((r) => r[0] === source);
          // Three cells by hand, the last city included (the screen's table stops before it).
          const last = cities.at(-1);
          const picks = [
            ['Website', cities[0]],
            ['Partner', cities[5]],
            ['Cold call', last],
          ];
          for (const [source, city] of picks) {
            const r = ref.find((x) => x.source === source && x.city === city);
            const line = row(source);
            assert(r && line, `${source} × ${city} in both`);
            const deals = Number(line[column(city, 'Deals')]);
            const before = Number(line[column(city, 'Deals, previous')]);
            const revenue = Number(line[column(city, 'Revenue, $')]);
            const rate = Number(line[column(city, 'Win rate')]);
            assert(deals === r.deals, `${source} × ${city} deals ${deals} vs SQL ${r.deals}`);
            assert(before === r.deals_before, `${source} × ${city} previous ${before}`);
            assert(Math.abs(revenue - (r.revenue ?? 0)) < 0.5, `${source} × ${city} revenue`);
            assert(Math.abs(rate - r.win_rate) < 1e-9, `${source} × ${city} win rate ${rate}`);
          }
          // The cities' deals add up to the row total, as they did not when columns fell away.
          const website = row('Website');
          const sum = cities.reduce((a, c) => a + Number(website[column(c, 'Deals')] || 0), 0);
          assert(sum === Number(website[column('Total', 'Deals')]), `Website's cities sum ${sum}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'builder: a filter on a custom number field is applied from its editor (≥, then between), EN and RU',
      async () => {
        for (const lang of ['en', 'ru']) {
          const { page, context } = await openPage(browser, `${url}?lang=${lang}`);
          try {
            await ready(page);
            const t = (k, p) => page.evaluate(([key, q]) => window.__crm.locale.t(key, q), [k, p]);
            const name = await page.evaluate(() =>
              window.__crm.labels.fieldLabel('clients.headcount'),
            );
            await page.getByRole('button', { name: await t('addMenu', { name }) }).click();
            await page.getByRole('menuitem', { name: await t('addToFilters') }).click();
            const dialog = page.getByRole('dialog');
            // The condition and its value are named in the UI language (the condition was 'op').
            const [cond, value] = lang === 'ru' ? ['Условие', 'Значение'] : ['Condition', 'Value'];
            await dialog.getByRole('combobox', { name: cond }).selectOption('gte');
            await dialog.getByRole('spinbutton', { name: value, exact: true }).fill('50');
            // The number input's binding holds a number: the editor called .trim() on it, threw,
            // and Apply stayed disabled whatever was typed.
            await dialog.getByRole('button', { name: await t('apply') }).click({ timeout: 5_000 });
            await page.waitForFunction(
              () =>
                JSON.stringify(window.__crm.report.spec.filters) ===
                '[{"field":"clients.headcount","op":"gte","values":[50]}]',
              null,
              { timeout: 5_000 },
            );
            await page.locator('.zone-filters .chip').first().focus();
            await page.keyboard.press('Enter');
            await dialog.locator('select').selectOption('between');
            await dialog.getByRole('spinbutton').nth(1).fill('200');
            await dialog.getByRole('button', { name: await t('apply') }).click({ timeout: 5_000 });
            await page.waitForFunction(
              () => JSON.stringify(window.__crm.report.spec.filters[0]?.values) === '[50,200]',
              null,
              { timeout: 5_000 },
            );
          } finally {
            await context.close();
          }
        }
      },
    ],
  ];
}
