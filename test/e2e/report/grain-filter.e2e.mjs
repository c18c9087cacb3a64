// A filter by periods made from the UI, in English and in Russian: on the demo's default report
// (revenue and deals won by manager by quarter), "Closed" is added as a filter, switched from its
// dates to Month with the keyboard, March and April 2025 are ticked by name, and Apply writes
// the filter a link has ({"grain":"month","op":"in","values":["2025-03","2025-04"]}). The
// report's totals are then the same question asked of DuckDB in plain SQL over a date range.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const WANT = {
  field: 'closed_at',
  op: 'in',
  grain: 'month',
  values: ['2025-03', '2025-04'],
};
// Revenue and deals won, closed in March or April 2025: by dates, not by the engine's keys.
const REFERENCE = `
  SELECT sum(amount) FILTER (WHERE status = 'won')::DOUBLE AS revenue,
    count(*) FILTER (WHERE status = 'won')::DOUBLE AS won
  FROM deals WHERE closed_at >= DATE '2025-03-01' AND closed_at < DATE '2025-05-01'`;

async function settled(page) {
  await page.waitForFunction(
    () =>
      ['ready', 'idle', 'error'].includes(window.__crm.run.phase) &&
      !document.querySelector('.dot.busy'),
    null,
    { timeout: 90_000 },
  );
}

async function shoot(page, shots, name) {
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${shots}/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

export function tests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `grain filter (${lang}): close month in Mar and Apr 2025 made from the editor, totals as plain SQL`,
    async () => {
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await settled(page);
        const t = (k, p) => page.evaluate(([key, q]) => window.__crm.locale.t(key, q), [k, p]);
        const closed = await page.evaluate(() => window.__crm.labels.fieldLabel('closed_at'));
        await page.getByRole('button', { name: await t('addMenu', { name: closed }) }).click();
        await page.getByRole('menuitem', { name: await t('addToFilters') }).click();
        const dialog = page.getByRole('dialog');
        const group = dialog.getByRole('radiogroup', { name: await t('filterBy') });
        const names = await group
          .getByRole('radio')
          .evaluateAll((rs) => rs.map((r) => r.parentElement.textContent.trim()));
        const want =
          lang === 'ru'
            ? ['Даты', 'Месяц', 'Квартал', 'Год']
            : ['Dates', 'Month', 'Quarter', 'Year'];
        assert(JSON.stringify(names) === JSON.stringify(want), `${lang}: the choices ${names}`);
        // A date field opens on its dates, the choice focused: one arrow key makes it months.
        const dates = group.getByRole('radio', { name: want[0] });
        assert(await dates.isChecked(), `${lang}: opens on the dates`);
        assert(
          await dates.evaluate((r) => document.activeElement === r),
          `${lang}: the choice has the focus`,
        );
        await page.keyboard.press('ArrowRight');
        assert(await group.getByRole('radio', { name: want[1] }).isChecked(), `${lang}: month`);
        assert(
          (await dialog.locator('input[type=date]').count()) === 0,
          `${lang}: no date bounds at a grain`,
        );

        const key = 'closed_at:month';
        const [mar, apr] = await page.evaluate(
          (k) => ['2025-03', '2025-04'].map((v) => window.__crm.labels.fieldValueLabel(k, v)),
          key,
        );
        assert(
          mar === (lang === 'ru' ? 'март 2025' : 'Mar 2025'),
          `${lang}: a month by name: ${mar}`,
        );
        const listed = dialog.locator('.values label');
        await listed.first().waitFor({ timeout: 30_000 });
        const texts = await dialog.locator('.values .v').allInnerTexts();
        const at = (n) => texts.indexOf(n);
        assert(at(mar) >= 0 && at(apr) === at(mar) + 1, `${lang}: in time order: ${texts}`);
        await listed.filter({ hasText: mar }).locator('input').check();
        await listed.filter({ hasText: apr }).locator('input').check();
        await shoot(page, shots, `grain-filter-editor-${lang}`);
        await dialog.getByRole('button', { name: await t('apply') }).click({ timeout: 5_000 });
        await page.waitForFunction(
          (w) => JSON.stringify(window.__crm.report.spec.filters) === JSON.stringify([w]),
          WANT,
          { timeout: 10_000 },
        );
        await settled(page);
        await page.locator('main table td').first().waitFor({ timeout: 60_000 });

        const chip = await page.locator('.zone-filters .chip').first().innerText();
        assert(chip.includes(mar) && chip.includes(apr), `${lang}: the chip names them: ${chip}`);
        const href = decodeURIComponent(await page.evaluate(() => location.href));
        assert(
          href.includes('"grain":"month"') && href.includes('"2025-03","2025-04"'),
          `${lang}: the link has the filter: ${href}`,
        );

        const [total, ref] = await page.evaluate(async (sql) => {
          const plain = (r) => {
            const o = r.toJSON();
            for (const k of Object.keys(o)) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
            return o;
          };
          const rows = window.__crm.run.result.table.toArray().map(plain);
          const top = Math.max(...rows.map((r) => r._grouping));
          const ref = (await window.__crmEngine.query(sql)).toArray().map(plain)[0];
          return [rows.find((r) => r._grouping === top), ref];
        }, REFERENCE);
        assert(ref.won > 0 && ref.revenue > 0, `${lang}: the demo closes deals then: ${ref}`);
        assert(
          total?.won === ref.won && Math.abs(total.revenue - ref.revenue) < 0.005,
          `${lang}: total ${JSON.stringify(total)}, plain SQL ${JSON.stringify(ref)}`,
        );
        await shoot(page, shots, `grain-filter-report-${lang}`);

        // Opened again, the editor is on months with both picked; Year clears them.
        await page.locator('.zone-filters .chip').first().focus();
        await page.keyboard.press('Enter');
        assert(await group.getByRole('radio', { name: want[1] }).isChecked(), `${lang}: reopened`);
        await dialog.locator('.values label').first().waitFor({ timeout: 30_000 });
        assert((await dialog.locator('.values input:checked').count()) === 2, `${lang}: picked`);
        await group.getByRole('radio', { name: want[3] }).check();
        await dialog.locator('.values label').first().waitFor({ timeout: 30_000 });
        assert((await dialog.locator('.values input:checked').count()) === 0, `${lang}: cleared`);
        const year = await dialog.locator('.values .v').first().innerText();
        assert(/^\d{4}$/.test(year), `${lang}: years listed: ${year}`);

        // The same question by dates, typed as the UI writes them (the browser's own date input
        // wrote mm/dd/yyyy on the Russian page): the same totals.
        await group.getByRole('radio', { name: want[0] }).check();
        const from = dialog.getByRole('textbox', { name: await t('from'), exact: true });
        const to = dialog.getByRole('textbox', { name: await t('to'), exact: true });
        const pattern = lang === 'ru' ? 'дд.мм.гггг' : 'mm/dd/yyyy';
        assert((await from.getAttribute('placeholder')) === pattern, `${lang}: ${pattern}`);
        assert(
          (await dialog.locator('input[type=date]:not([aria-hidden=true])').count()) === 0,
          `${lang}: native`,
        );
        await from.fill(lang === 'ru' ? '01.03.2025' : '03/01/2025');
        await to.click();
        await to.fill(lang === 'ru' ? '30.04.2025' : '04/30/2025');
        await shoot(page, shots, `grain-filter-dates-${lang}`);
        // Apply straight from the second field: its blur commits it before the click applies.
        await dialog.getByRole('button', { name: await t('apply') }).click({ timeout: 5_000 });
        const RANGE = { field: 'closed_at', op: 'between', values: ['2025-03-01', '2025-04-30'] };
        await page.waitForFunction(
          (w) => JSON.stringify(window.__crm.report.spec.filters) === JSON.stringify([w]),
          RANGE,
          { timeout: 10_000 },
        );
        await settled(page);
        const byDates = await page.evaluate(() => {
          const rows = window.__crm.run.result.table.toArray().map((r) => r.toJSON());
          const top = Math.max(...rows.map((r) => r._grouping));
          const r = rows.find((x) => x._grouping === top);
          return { won: Number(r.won), revenue: Number(r.revenue) };
        });
        assert(
          byDates.won === ref.won && Math.abs(byDates.revenue - ref.revenue) < 0.005,
          `${lang}: by dates ${JSON.stringify(byDates)}, plain SQL ${JSON.stringify(ref)}`,
        );
        // Escape in a date field takes back the typing, a second one closes the editor.
        await page.locator('.zone-filters .chip').first().focus();
        await page.keyboard.press('Enter');
        await from.fill('0');
        await from.press('Escape');
        assert(await dialog.isVisible(), `${lang}: the first Escape is the field's`);
        const back = await from.inputValue();
        assert(back === (lang === 'ru' ? '01.03.2025' : '03/01/2025'), `${lang}: ${back}`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached', timeout: 5_000 });
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
