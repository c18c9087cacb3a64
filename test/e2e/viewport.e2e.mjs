// The page itself never scrolls: the field list and the report scroll in their own panes. A
// table's hidden caption (for screen readers) once hung below the window from the report pane and
// let the whole page scroll into blank space at 768 px.
import { assert, openPage } from './harness.mjs';
import { ready } from './main.e2e.mjs';

async function openPreset(page, id) {
  await page.getByRole('button', { name: /^▤/ }).click();
  await page.locator(`dialog[open] button[data-preset="${id}"]`).click();
  await page.waitForFunction((p) => location.href.includes(`preset=${p}`), id, {
    timeout: 10_000,
  });
  await page.waitForSelector('main table td', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });
}

export function tests({ browser, url }) {
  return [
    [
      'viewport: no report makes the page itself scroll (768 and 1440 px)',
      async () => {
        for (const width of [768, 1440]) {
          const { page, context } = await openPage(browser, url, { width, height: 900 });
          try {
            await ready(page);
            for (const id of ['forecast', 'compare', 'ltv']) {
              await openPreset(page, id);
              const { scroll, window } = await page.evaluate(() => ({
                scroll: document.documentElement.scrollHeight,
                window: innerHeight,
              }));
              assert(
                scroll <= window,
                `${id} at ${width} px: page is ${scroll} px tall in ${window}`,
              );
            }
          } finally {
            await context.close();
          }
        }
      },
    ],
  ];
}
