// Keyboard users: the first Tab offers "skip to the table", which lands past every control so the
// next Tab is inside the result.
import { assert, openPage } from './harness.mjs';
import { ready } from './main.e2e.mjs';

export function tests({ browser, url }) {
  return [
    [
      'the first Tab is a skip link to the table, in English and Russian',
      async () => {
        for (const [lang, text] of [
          ['en', 'Skip to the table'],
          ['ru', 'Перейти к таблице'],
        ]) {
          const { page, context } = await openPage(browser, `${url}?lang=${lang}`);
          try {
            await ready(page);
            await page.keyboard.press('Tab');
            const focused = await page.evaluate(() => ({
              text: document.activeElement?.textContent?.trim(),
              top: document.activeElement?.getBoundingClientRect().top ?? -1,
            }));
            assert(focused.text === text, `skip link focused first, got ${focused.text}`);
            assert(focused.top >= 0, `the focused skip link is on screen, top ${focused.top}`);
            await page.keyboard.press('Enter');
            assert(
              await page.evaluate(() => document.activeElement?.id === 'report-result'),
              'Enter moves focus to the result',
            );
            await page.keyboard.press('Tab');
            const inResult = await page.evaluate(() => {
              const a = document.activeElement;
              const anchor = document.getElementById('report-result');
              return (
                !!a &&
                !!anchor &&
                !!a.closest('main') &&
                !!(anchor.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)
              );
            });
            assert(inResult, 'the next Tab is in the result, past the controls');
          } finally {
            await context.close();
          }
        }
      },
    ],
  ];
}
