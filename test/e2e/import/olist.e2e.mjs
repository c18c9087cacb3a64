// A real export picked through the page, as a person would, in Russian and in English: Olist's
// marketing funnel (8,000 leads, 842 closed deals, 3,095 sellers from ../shared/data). The numbers
// a user checks — leads and won deals per source, won deals per sales rep and per business segment,
// conversion, the cycle's median, the declared revenue — against the dataset's reference.json
// (computed from the CSVs with Python's csv module); what a Russian page shows is Russian; the
// printed dashboard says whose period its tiles have.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const FILES = [
  'olist_marketing_qualified_leads_dataset.csv',
  'olist_closed_deals_dataset.csv',
  'olist_sellers_dataset.csv',
];

/** Runs a pivot spec on the page and reads its rows from the result (totals have _grouping ≠ 0). */
async function pivotRows(page, patch) {
  await page.evaluate((p) => {
    const wb = window.__crm;
    const base = { ...wb.report.spec, columns: [], filters: [], period: null, compare: null };
    wb.report.update({
      ...base,
      ...{ analysis: 'pivot', sort: [], limit: null, totals: true, options: {}, chart: 'auto' },
      ...p,
    });
  }, patch);
  await page.waitForTimeout(300);
  await ready(page);
  await page.waitForFunction(
    (p) => {
      const r = window.__crm.run.result;
      return r && JSON.stringify(r.spec.rows) === JSON.stringify(p.rows) && !r.spec.period;
    },
    patch,
    { timeout: 60_000 },
  );
  return page.evaluate(() =>
    window.__crm.run.result.table.toArray().map((r) => {
      const o = r.toJSON();
      for (const k of Object.keys(o)) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
      return o;
    }),
  );
}

const t = (page, key) => page.evaluate((k) => window.__crm.locale.t(k), key);
const byKey = (rows, key) =>
  Object.fromEntries(rows.filter((r) => r._grouping === 0).map((r) => [r[key] ?? '(blank)', r]));
const total = (rows) => rows.find((r) => r._grouping !== 0);

async function importOlist(page, dir, lang, shots) {
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => join(dir, f)));
  const importButton = page.getByRole('button', {
    name: await t(page, 'importAction'),
    exact: true,
  });
  await importButton.waitFor({ timeout: 90_000 });
  // The declared catalog size is a number about the seller, not the deal's product.
  const role = page.getByRole('combobox', {
    name: `${await t(page, 'columnRole')}: declared_product_catalog_size`,
    exact: true,
  });
  assert((await role.inputValue()) === '', `catalog size: no role, got ${await role.inputValue()}`);
  await page.screenshot({ path: `${shots}/olist-mapping-${lang}.png` });
  await importButton.click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 120_000 });
  const report = await page.getByTestId('import-report').innerText();
  const counts = lang === 'ru' ? ['8 000', '842', '3 095'] : ['8,000', '842', '3,095'];
  for (const n of counts)
    assert(report.replaceAll('\u00a0', ' ').includes(n), `${lang}: ${n} rows in: ${report}`);
  await ready(page);
}

/** Every figure a user would check, from the page's results, against reference.json. */
async function checkNumbers(page, ref, lang) {
  const bySource = await pivotRows(page, {
    rows: [{ field: 'source' }],
    measures: ['deals', 'won', 'conversion'],
  });
  const src = byKey(bySource, 'source');
  assert(
    Object.keys(src).sort().join() === Object.keys(ref.by_origin).sort().join(),
    `${lang}: the sources ${Object.keys(src)}`,
  );
  for (const [origin, r] of Object.entries(ref.by_origin)) {
    const got = src[origin];
    assert(got.deals === r.mql && got.won === r.won, `${lang} ${origin}: ${JSON.stringify(got)}`);
    assert(Math.abs(got.conversion - r.conversion_rate) < 1e-12, `${lang} ${origin} conversion`);
  }
  const all = total(bySource);
  assert(all.deals === ref.row_counts.mql && all.won === ref.row_counts.closed_deals, 'totals');
  assert(Math.abs(all.conversion - ref.overall_conversion_rate) < 1e-12, 'overall conversion');
  // The table on screen shows the same: organic search's leads, won deals and conversion.
  const organic = await page.locator('main table tr', { hasText: 'organic_search' }).innerText();
  const shown = organic.replaceAll('\u00a0', ' ');
  const want = lang === 'ru' ? ['2 296', '271', '11,8 %'] : ['2,296', '271', '11.8%'];
  for (const w of want) assert(shown.includes(w), `${lang}: ${w} in the row: ${shown}`);

  const byRep = await pivotRows(page, { rows: [{ field: 'manager' }], measures: ['won'] });
  const reps = byKey(byRep, 'manager');
  for (const [rep, n] of ref.top5_sales_reps_by_deals)
    assert(reps[rep]?.won === n, `${lang}: rep ${rep} won ${reps[rep]?.won}, not ${n}`);

  const bySegment = await pivotRows(page, {
    rows: [{ field: 'business_segment' }],
    measures: ['won', 'cycle_days', 'sum:declared_monthly_revenue'],
  });
  const seg = byKey(bySegment, 'business_segment');
  for (const [name, n] of Object.entries(ref.deals_by_business_segment))
    assert(seg[name]?.won === n, `${lang}: segment ${name} won ${seg[name]?.won}, not ${n}`);
  const segTotal = total(bySegment);
  assert(segTotal.cycle_days === ref.days_first_contact_to_won.median, 'median days to won');
  assert(
    segTotal['sum:declared_monthly_revenue'] === ref.declared_monthly_revenue.sum,
    `${lang}: declared revenue ${segTotal['sum:declared_monthly_revenue']}`,
  );

  // A yes/no field reads in the UI language.
  await pivotRows(page, { rows: [{ field: 'has_company' }], measures: ['won'] });
  const flags = (await page.locator('main table tbody th, main table tbody td').allInnerTexts())
    .map((s) => s.trim())
    .filter((s) => /^[a-zа-я]+$/i.test(s));
  const yesNo = lang === 'ru' ? ['да', 'нет'] : ['yes', 'no'];
  assert(
    yesNo.every((w) => flags.includes(w)) && !flags.includes('true') && !flags.includes('false'),
    `${lang}: has_company's members ${flags}`,
  );
}

/** The forecast's deals list names its columns in the UI language, not by role id. */
async function checkForecast(page, lang) {
  await page.getByRole('button', { name: /^▤/ }).click();
  await page.locator('dialog[open] button[data-preset="forecast"]').click();
  await page.waitForTimeout(300);
  await ready(page);
  // The deals list is the second table, under the slices', drawn once its own query returns.
  const list = page.locator('main table').nth(1);
  await list.locator('td').first().waitFor({ timeout: 60_000 });
  const heads = (await list.locator('th').allInnerTexts()).map((h) => h.trim());
  const want = lang === 'ru' ? ['Название', 'Этап'] : ['Title', 'Stage'];
  assert(
    want.every((w) => heads.includes(w)) && !heads.includes('title') && !heads.includes('stage'),
    `${lang}: the forecast list's headers ${heads}`,
  );
}

/** A report on the dashboard, printed: the heading says each tile keeps its own period. */
async function checkDashboardPrint(page, lang, shots) {
  await page.evaluate(() => {
    const wb = window.__crm;
    wb.report.update({
      ...wb.report.spec,
      analysis: 'pivot',
      rows: [{ field: 'source' }],
      columns: [],
      measures: ['deals', 'won'],
      filters: [],
      sort: [],
      limit: null,
      options: {},
      chart: 'auto',
      period: { from: '2018-01-01', to: '2018-12-31' },
    });
  });
  await ready(page);
  await page
    .getByRole('button', { name: await t(page, 'saved') })
    .first()
    .click();
  await page.getByTestId('save-name').fill('Olist');
  await page.getByRole('button', { name: await t(page, 'saveReport') }).click();
  await page.locator('.dialog li', { hasText: 'Olist' }).locator('input[type=checkbox]').check();
  await page.keyboard.press('Escape');
  await page
    .getByRole('button', { name: await t(page, 'dashboard') })
    .first()
    .click();
  await page.locator('.dashboard .tile table td').first().waitFor({ timeout: 30_000 });
  const pdf = `${shots}/olist-dashboard-${lang}.pdf`;
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert(r.status === 0, `pdftotext: ${r.error ?? r.stderr}`);
  const own = await t(page, 'ownPeriods');
  const text = r.stdout.replace(/\s+/g, ' ');
  assert(text.includes(own) && !text.includes(await t(page, 'allTime')), `${lang}: ${text}`);
}

export function tests({ browser, url, shots, root }) {
  const dir = process.env.OLIST_DIR ?? join(root, '..', 'shared', 'data', 'olist-marketing-funnel');
  const ref = () => JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8'));
  return ['ru', 'en'].map((lang) => [
    `olist (${lang}): imported through the page, its numbers equal reference.json, the UI speaks ${lang}`,
    async () => {
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        await importOlist(page, dir, lang, shots);
        await checkNumbers(page, ref(), lang);
        await checkForecast(page, lang);
        await checkDashboardPrint(page, lang, shots);
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
