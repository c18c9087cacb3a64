// The dashboard by keyboard. A tile's report opened by keyboard lands the focus on that report's
// name: the tile's button went away with the dashboard and the focus fell to the page's body, so
// the next Tab started again from the top of the page. And the dashboard's own actions are a
// few Tabs away: its Print button took ≈ 67 Tabs at 1440 px, past the header and the field list.
import { assert, eachLanguage, ready, toDashboard } from '../harness.mjs';

/** What has the focus: its tag, id and text. */
const focused = (page) =>
  page.evaluate(() => ({
    tag: document.activeElement?.tagName,
    id: document.activeElement?.id,
    text: document.activeElement?.textContent?.trim().slice(0, 80),
  }));

export function tests({ browser, url }) {
  return [
    [
      'a tile’s report opened by Enter has the focus on its name, the next Tab in its controls (EN, RU)',
      () =>
        eachLanguage(browser, url, async (page, lang) => {
          const name = lang === 'ru' ? 'Выручка по менеджерам' : 'Revenue by manager';
          await toDashboard(page, name);
          await page.locator('.dashboard .tile button.name').first().focus();
          await page.keyboard.press('Enter');
          await page.locator('.dashboard').waitFor({ state: 'detached' });
          await ready(page);
          const f = await focused(page);
          assert(
            f.tag === 'H2' && f.text === name,
            `focus on the report's name: ${JSON.stringify(f)}`,
          );
          await page.keyboard.press('Tab');
          assert(
            await page.evaluate(() => !!document.activeElement?.closest('main .controls')),
            'the next Tab is in the report’s controls',
          );
        }),
    ],
    [
      'on the dashboard the first Tab skips to its toolbar: Print / PDF a few Tabs on (EN, RU)',
      () =>
        eachLanguage(browser, url, async (page, lang) => {
          await toDashboard(page, lang === 'ru' ? 'Клавиатура' : 'Keyboard');
          const [skip, print] = await page.evaluate(() =>
            ['skipToDashboard', 'print'].map((k) => window.__crm.locale.t(k)),
          );
          // From the top of the page, as a keyboard user arrives.
          await page.evaluate(() => {
            const start = document.createElement('span');
            start.tabIndex = -1;
            document.body.prepend(start);
            start.focus();
            start.remove();
          });
          await page.keyboard.press('Tab');
          const first = await focused(page);
          assert(first.text === skip, `${lang}: the first Tab: ${JSON.stringify(first)}`);
          await page.keyboard.press('Enter');
          const target = await focused(page);
          assert(target.id === 'dashboard-top', `${lang}: Enter: ${JSON.stringify(target)}`);
          let tabs = 0;
          while (tabs < 80) {
            await page.keyboard.press('Tab');
            tabs++;
            const f = await focused(page);
            if (f.tag === 'BUTTON' && f.text === print) break;
          }
          assert(tabs <= 6, `${lang}: Print / PDF after ${tabs} Tabs past the skip link`);
          // It opens the dashboard's print view.
          await page.keyboard.press('Enter');
          await page.locator('.print-overlay .tile table td').first().waitFor();
        }),
    ],
    [
      'tiles are moved and removed on the dashboard, by keyboard; the order stays after a reload (EN, RU)',
      () =>
        eachLanguage(browser, url, async (page, lang) => {
          // A tile had no control: the order was the order reports were ticked in My reports,
          // and a tile went only by unticking it there.
          const names =
            lang === 'ru' ? ['Первый', 'Второй', 'Третий'] : ['First', 'Second', 'Third'];
          const back = async () =>
            page
              .getByRole('button', {
                name: await page.evaluate(() => window.__crm.locale.t('backToReport')),
              })
              .click();
          for (const [i, n] of names.entries()) {
            if (i > 0) await back();
            await toDashboard(page, n);
          }
          const shown = () => page.locator('.dashboard .tile header .name').allInnerTexts();
          assert((await shown()).join() === names.join(), `ticked order: ${await shown()}`);
          const label = (key, name) =>
            page.evaluate(([k, n]) => window.__crm.locale.t(k, { name: n }), [key, name]);
          await page.getByRole('button', { name: await label('tileLater', names[0]) }).focus();
          await page.keyboard.press('Enter');
          await page.keyboard.press('Enter');
          const moved = [names[1], names[2], names[0]];
          assert((await shown()).join() === moved.join(), `moved to the end: ${await shown()}`);
          // At the end the focus is on the tile's other arrow, not lost to the page.
          const f = await focused(page);
          assert(f.tag === 'BUTTON' && f.text === '↑', `focus kept: ${JSON.stringify(f)}`);
          await page.getByRole('button', { name: await label('tileRemove', names[1]) }).focus();
          await page.keyboard.press('Enter');
          const left = [names[2], names[0]];
          assert((await shown()).join() === left.join(), `removed: ${await shown()}`);
          assert((await focused(page)).tag === 'BUTTON', 'the focus goes to the next tile');
          await page.reload();
          await ready(page);
          await page.getByRole('button', { name: await label('dashboard') }).click();
          await page.locator('.dashboard .tile').first().waitFor();
          assert((await shown()).join() === left.join(), `after a reload: ${await shown()}`);
          // The saved report removed from the dashboard is still saved.
          const saved = await page.evaluate(() =>
            JSON.parse(localStorage.getItem('crm-workbench.reports.v1') ?? '[]'),
          );
          assert(
            JSON.stringify(saved).includes(names[1]),
            `still in My reports: ${JSON.stringify(saved).slice(0, 200)}`,
          );
        }),
    ],
  ];
}
