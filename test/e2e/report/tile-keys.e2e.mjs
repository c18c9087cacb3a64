// A dashboard tile's report opened by keyboard lands the focus on that report's name: the tile's
// button went away with the dashboard and the focus fell to the page's body, so the next Tab
// started again from the top of the page.
import { assert, openPage } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';

export function tests({ browser, url }) {
  return [
    [
      'a tile’s report opened by Enter has the focus on its name, the next Tab in its controls (EN, RU)',
      async () => {
        for (const lang of ['en', 'ru']) {
          const { page, context } = await openPage(browser, `${url}?lang=${lang}`, {
            width: 1440,
            height: 900,
          });
          try {
            await ready(page);
            const name = lang === 'ru' ? 'Выручка по менеджерам' : 'Revenue by manager';
            await toDashboard(page, name);
            await page.locator('.dashboard .tile button.name').first().focus();
            await page.keyboard.press('Enter');
            await page.locator('.dashboard').waitFor({ state: 'detached' });
            await ready(page);
            const focused = await page.evaluate(() => ({
              tag: document.activeElement?.tagName,
              text: document.activeElement?.textContent?.trim().slice(0, 80),
            }));
            assert(
              focused.tag === 'H2' && focused.text === name,
              `focus on the report's name: ${JSON.stringify(focused)}`,
            );
            await page.keyboard.press('Tab');
            assert(
              await page.evaluate(() => !!document.activeElement?.closest('main .controls')),
              'the next Tab is in the report’s controls',
            );
          } finally {
            await context.close();
          }
        }
      },
    ],
  ];
}
