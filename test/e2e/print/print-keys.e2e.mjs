// The print view by keyboard, as a dialog over the page: opened from "Print / PDF" (the report's
// and the dashboard's), it takes the focus, Tab stays inside it, and Escape gives the focus back
// to the button that opened it. The focus stayed on the button behind the overlay, and Tab walked
// the page it covers.
import { assert, eachLanguage, toDashboard } from '../harness.mjs';

const inOverlay = (page) =>
  page.evaluate(() => !!document.activeElement?.closest('.print-overlay'));

async function walkPrintView(page, opener, what) {
  await opener.focus();
  await page.keyboard.press('Enter');
  await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
  assert(await inOverlay(page), `${what}: the print view has the focus when it opens`);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    assert(await inOverlay(page), `${what}: Tab ${i + 1} stays inside the print view`);
  }
  await page.keyboard.press('Escape');
  await page.locator('.print-overlay').waitFor({ state: 'detached' });
  assert(
    await opener.evaluate((b) => b === document.activeElement),
    `${what}: Escape gives the focus back to “Print / PDF”`,
  );
}

export function tests({ browser, url }) {
  return [
    [
      'print view by keyboard: it takes the focus, keeps Tab inside, gives it back (EN report, RU dashboard)',
      () =>
        eachLanguage(browser, url, async (page, lang) => {
          const print = await page.evaluate(() => window.__crm.locale.t('print'));
          if (lang === 'en') {
            await walkPrintView(
              page,
              page.locator('.result-tools button.print, button.print').first(),
              'report (en)',
            );
          } else {
            await toDashboard(page, 'Клавиатура');
            await walkPrintView(
              page,
              page.locator('.dashboard').getByRole('button', { name: print }),
              'dashboard (ru)',
            );
          }
        }),
    ],
  ];
}
