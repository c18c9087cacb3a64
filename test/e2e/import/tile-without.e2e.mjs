// A dashboard tile the data cannot answer offers what the report's panel offers, in English and
// in Russian: two reports saved on the demo and put on the dashboard — deals, weighted pipeline
// and revenue by manager, and the sales funnel — then a deals file without stages imported. The
// first tile says what it needs and offers "Open without: Weighted pipeline", which (by keyboard)
// opens the report with exactly that left out, deals and revenue per manager as the file says;
// the saved report and its tile stay as they were, and undo brings the report back as it came.
// The funnel's tile offers nothing: the stages are its core, as on the panel.
import { assert, openPage } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';
import { WANT, importCsv, same, settled, spec, t } from './kept.e2e.mjs';

const CUSTOM = {
  v: 1,
  analysis: 'pivot',
  rows: [{ field: 'manager' }],
  columns: [],
  measures: ['deals', 'weighted_pipeline', 'revenue'],
  filters: [],
  date: 'auto',
  period: { from: '2024-01-01', to: '2024-03-31' },
  compare: null,
  sort: [{ key: 'weighted_pipeline', dir: 'desc' }],
  limit: null,
  totals: true,
  show: 'value',
  chart: 'auto',
  options: {},
};

async function shoot(page, shots, name) {
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** The rows of the report shown, bigints as numbers. */
const rows = (page) =>
  page.evaluate(() =>
    window.__crm.run.result.table.toArray().map((r) => {
      const o = r.toJSON();
      for (const k of Object.keys(o)) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
      return o;
    }),
  );

export function tests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `tile without (${lang}): a dashboard tile the data cannot answer opens its report without what is missing`,
    async () => {
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        const pipelineName = lang === 'ru' ? 'Взвешенная по менеджерам' : 'Weighted by manager';
        const funnelName = lang === 'ru' ? 'Воронка' : 'Funnel';
        await page.evaluate((s) => window.__crm.report.update(s), CUSTOM);
        await page.locator('main table td').first().waitFor({ timeout: 60_000 });
        await settled(page);
        await toDashboard(page, pipelineName);
        await page.getByRole('button', { name: await t(page, 'backToReport') }).click();
        await page.getByRole('button', { name: /^▤/ }).click();
        await page.locator('dialog[open] button[data-preset="funnel"]').click();
        await page.locator('table[data-analysis="funnel"] td').first().waitFor({ timeout: 60_000 });
        await settled(page);
        await toDashboard(page, funnelName);
        const saved = await page.evaluate(() => localStorage.getItem('crm-workbench.reports.v1'));

        await importCsv(page, `tile-deals-${lang}.csv`);
        if ((await page.locator('.dashboard').count()) === 0)
          await page
            .getByRole('button', { name: await t(page, 'dashboard') })
            .first()
            .click();
        // A tile by its title (a measure's name in a tile's text can hold the other's).
        const tileOf = (name) =>
          page
            .locator('.dashboard .tile')
            .filter({ has: page.getByRole('button', { name, exact: true }) });
        const tile = tileOf(pipelineName);
        await tile.getByTestId('tile-not-in-data').waitFor({ timeout: 60_000 });
        const button = tile.getByTestId('tile-open-without');
        const measure = await page.evaluate(() =>
          window.__crm.labels.measureLabel('weighted_pipeline'),
        );
        const label = (await button.innerText()).trim();
        assert(
          label === (await t(page, 'openWithout', { names: measure })),
          `${lang}: the offer: ${label}`,
        );
        assert(label.startsWith(lang === 'ru' ? 'Открыть без' : 'Open without'), label);
        const funnel = tileOf(funnelName);
        await funnel.getByTestId('tile-not-in-data').waitFor({ timeout: 60_000 });
        assert(
          (await funnel.getByTestId('tile-open-without').count()) === 0,
          `${lang}: the funnel's stages are its core`,
        );
        if (lang === 'ru') {
          const text = await page.locator('.dashboard').innerText();
          const english = text.replace(/tile-deals-ru\.csv/g, '').match(/\b[a-z]{4,}\b/gi);
          assert(!english, `ru: English on the dashboard: ${english}`);
        }
        await shoot(page, shots, `tile-without-${lang}`);

        // By keyboard, as any button.
        await button.focus();
        await page.keyboard.press('Enter');
        await page.locator('main table td').first().waitFor({ timeout: 60_000 });
        await settled(page);
        assert((await page.getByTestId('not-in-data').count()) === 0, `${lang}: the rest runs`);
        const now = await spec(page);
        assert(
          same(now, {
            ...CUSTOM,
            measures: ['deals', 'revenue'],
            sort: [],
            title: pipelineName,
          }),
          `${lang}: exactly the weighted pipeline left out: ${JSON.stringify(now)}`,
        );
        const got = await rows(page);
        for (const [manager, want] of Object.entries(WANT)) {
          const r = got.find((x) => x._grouping === 0 && x.manager === manager);
          assert(
            r?.deals === want.deals && r?.revenue === want.revenue,
            `${lang}: ${manager} ${JSON.stringify(r)}, not ${JSON.stringify(want)}`,
          );
        }
        await shoot(page, shots, `tile-without-open-${lang}`);
        const after = await page.evaluate(() => localStorage.getItem('crm-workbench.reports.v1'));
        assert(after === saved, `${lang}: the saved report is not changed`);

        // Undo: the report as saved, on its panel.
        await page.evaluate(() => window.__crm.report.undo());
        await page.getByTestId('not-in-data').waitFor({ timeout: 30_000 });
        assert(
          (await spec(page)).measures.includes('weighted_pipeline'),
          `${lang}: undo brings it back`,
        );
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
