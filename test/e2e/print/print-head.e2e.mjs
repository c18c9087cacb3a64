// What a printout says about itself. Under its title a printed report names, in one small line,
// its data, period, comparison, filters and when it was printed — by the print view and by the
// browser's own print (Ctrl+P; page.pdf fires beforeprint) — in the UI language. Read back from
// the PDF with poppler, like print.e2e.mjs.
import { spawnSync } from 'node:child_process';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { pageText } from './print.e2e.mjs';

const squash = (t) => t.replace(/\s+/g, ' ').trim();
/** What the line must say, in the page's language: the labels, the dataset, today's date. */
const expected = (page) =>
  page.evaluate(() => {
    const wb = window.__crm;
    const t = wb.locale.t;
    const locale = wb.locale.lang === 'ru' ? 'ru-RU' : 'en-US';
    return {
      data: `${t('reportData')}: ${t('demoData')}: ${wb.data.model.name}`,
      period: `${t('reportPeriod')}:`,
      filters: `${t('reportFilters')}:`,
      compare: `${t('reportCompare')}:`,
      today: new Date().toLocaleDateString(locale, { dateStyle: 'medium' }),
      printed: t('printedAt', { date: '' }).trim(),
    };
  });

function assertLine(text, want, what, compared) {
  const flat = squash(text);
  for (const k of ['data', 'period', 'filters', ...(compared ? ['compare'] : [])])
    assert(flat.includes(squash(want[k])), `${what}: “${want[k]}” in:\n${flat.slice(0, 400)}`);
  // "Printed Dec 7, 2026, 2:40 AM" / «Напечатано 7 дек. 2026 г., 02:40»: the day and the minute.
  const at = flat.indexOf(squash(want.printed));
  assert(at >= 0, `${what}: “${want.printed}” in:\n${flat.slice(0, 400)}`);
  const rest = flat.slice(at, at + 60);
  assert(rest.includes(squash(want.today)), `${what}: today (${want.today}) in “${rest}”`);
  assert(/\d{1,2}:\d{2}/.test(rest), `${what}: the time in “${rest}”`);
}

async function reportHead({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  try {
    await ready(page);
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({
        ...wb.report.spec,
        period: { from: '2025-01-01', to: '2025-03-31' },
        compare: 'year',
      });
    });
    await ready(page);
    const want = await expected(page);
    // The browser's own print.
    const ctrlp = `${shots}/print-head-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: ctrlp, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    assertLine(pageText(ctrlp, 1).text, want, 'Ctrl+P', true);
    // The print view.
    const print = await page.evaluate(() => window.__crm.locale.t('print'));
    await page.getByRole('button', { name: print }).first().click();
    await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
    assertLine(await page.getByTestId('print-facts').innerText(), want, 'print view', true);
    const viewPdf = `${shots}/print-head-view-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: viewPdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    assertLine(pageText(viewPdf, 1).text, want, 'print view PDF', true);
  } finally {
    await s.context.close();
  }
}

export function tests(ctx) {
  return [
    ...['en', 'ru'].map((lang) => [
      `print head (${lang}): the line under the title names the data, period, comparison, filters and the moment printed`,
      () => reportHead(ctx, lang),
    ]),
  ];
}
