// Every role a column can be given reads whole in its dropdown on the mapping screen at 768 px, in
// English and Russian: the dropdown was stretched to its column alone, so a narrow column (an id,
// an amount) cut «Дата создания» or «Причина отказа» to their first letters.
import { join } from 'node:path';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

/** Each role dropdown: its width, and the width the browser gives it to show its widest choice. */
const roleWidths = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('select[data-testid^="role-"]')].map((s) => {
      const free = /** @type {HTMLSelectElement} */ (s.cloneNode(true));
      free.style.cssText =
        'position:absolute;visibility:hidden;width:auto;min-width:0;display:block';
      s.parentElement.append(free);
      const need = free.getBoundingClientRect().width;
      free.remove();
      return { label: s.getAttribute('aria-label'), has: s.getBoundingClientRect().width, need };
    }),
  );

export function tests({ browser, url, shots, root }) {
  const file = join(root, 'test/fixtures/ingest/amocrm-deals.cp1251.csv');
  return ['en', 'ru'].map((lang) => [
    `role-width (${lang}): every role's name reads whole in its dropdown at 768 px`,
    async () => {
      const { page, context } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 768,
        height: 900,
      });
      try {
        await ready(page);
        await page.getByTestId('file-input').setInputFiles(file);
        await page.getByTestId('role-0-0').waitFor({ timeout: 90_000 });
        // The creation date given to the narrowest column, the deal's id, as a user may.
        await page.getByTestId('role-0-0').selectOption('created_at');
        const widths = await roleWidths(page);
        assert(widths.length >= 10, `${lang}: the file's role dropdowns: ${widths.length}`);
        const cut = widths.filter((w) => w.has + 0.5 < w.need);
        assert(
          cut.length === 0,
          `${lang}: dropdowns narrower than their widest role: ${JSON.stringify(cut)}`,
        );
        await page.screenshot({ path: `${shots}/role-width-${lang}-768.png` });
      } finally {
        await context.close();
      }
    },
  ]);
}
