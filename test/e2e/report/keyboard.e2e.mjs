// Keyboard users: the first Tab offers "skip to the table", which lands past every control so the
// next Tab is inside the result.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

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
    [
      'arrow keys move between the value cells of the table, past the rendered rows',
      async () => {
        const { page, context } = await openPage(
          browser,
          `${url}?v=1&rows=manager,source&m=revenue,won`,
        );
        try {
          await ready(page);
          const at = () =>
            page.evaluate(() => {
              const a = document.activeElement;
              return a instanceof HTMLElement && a.dataset.row !== undefined
                ? [Number(a.dataset.row), Number(a.dataset.leaf)]
                : null;
            });
          await page.locator('td[data-row="0"][data-leaf="0"]').focus();
          await page.keyboard.press('ArrowRight');
          const right = await at();
          assert(right?.[0] === 0 && right[1] >= 1, `right moves along the row, got ${right}`);
          await page.keyboard.press('ArrowLeft');
          await page.keyboard.press('ArrowDown');
          assert(JSON.stringify(await at()) === '[1,0]', `down moves to the next row`);
          for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown');
          const far = await at();
          assert(far !== null && far[0] >= 61, `60 more rows down, past the window: got ${far}`);
          const visible = await page.evaluate(() => {
            const r = document.activeElement.getBoundingClientRect();
            const w = document.querySelector('.wrap').getBoundingClientRect();
            return r.top >= w.top && r.bottom <= w.bottom + 1;
          });
          assert(visible, 'the focused cell is scrolled into view');
          await page.keyboard.press('ArrowUp');
          assert((await at())?.[0] === far[0] - 1, 'up moves back one row');
        } finally {
          await context.close();
        }
      },
    ],
    [
      'the table is one Tab stop: Tab leaves it from the cell walked to, Shift+Tab comes back there',
      async () => {
        // A report of 150 stages × managers had one Tab stop per value: 486 presses of Tab to
        // reach the chart's controls below it.
        const { page, context } = await openPage(
          browser,
          `${url}?v=1&rows=manager,source&m=revenue,won`,
        );
        try {
          await ready(page);
          const at = () =>
            page.evaluate(() => {
              const a = document.activeElement;
              return a instanceof HTMLElement && a.dataset.row !== undefined
                ? [Number(a.dataset.row), Number(a.dataset.leaf)]
                : null;
            });
          const stops = () =>
            page.evaluate(
              () => document.querySelectorAll('.wrap td[data-row]:not([tabindex="-1"])').length,
            );
          assert((await stops()) === 1, `one Tab stop in the table, got ${await stops()}`);
          await page.locator('td[data-row="0"][data-leaf="0"]').focus();
          for (const k of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight'])
            await page.keyboard.press(k);
          assert(JSON.stringify(await at()) === '[3,1]', `walked to [3,1], got ${await at()}`);
          assert((await stops()) === 1, `still one Tab stop, got ${await stops()}`);
          await page.keyboard.press('Tab');
          const out = await page.evaluate(() => ({
            inTable: !!document.activeElement?.closest('table'),
            tag: document.activeElement?.tagName,
          }));
          assert(!out.inTable, `one Tab leaves the table, got a ${out.tag} in it`);
          await page.keyboard.press('Shift+Tab');
          assert(JSON.stringify(await at()) === '[3,1]', `back on [3,1], got ${await at()}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'a field’s “+” menu is used by keyboard: focus moves into it, arrows pick, Escape goes back',
      async () => {
        const { page, context } = await openPage(browser, `${url}?lang=ru`);
        try {
          await ready(page);
          const focused = () =>
            page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
          const plus = page.getByRole('button', { name: 'Добавить «Источник»…' });
          await plus.focus();
          await page.keyboard.press('Enter');
          assert((await focused()) === 'В строки', `the first item focused: ${await focused()}`);
          await page.keyboard.press('ArrowDown');
          assert((await focused()) === 'В столбцы', `ArrowDown: ${await focused()}`);
          await page.keyboard.press('End');
          assert((await focused()) === 'В фильтры', `End: ${await focused()}`);
          await page.keyboard.press('ArrowDown');
          assert(
            (await focused()) === 'В строки',
            `ArrowDown wraps to the first: ${await focused()}`,
          );
          await page.keyboard.press('Escape');
          assert(
            (await page.getByRole('menu').count()) === 0 &&
              (await plus.evaluate((b) => b === document.activeElement)),
            'Escape closes the menu and focus is back on its “+”',
          );
          await page.keyboard.press('Enter');
          await page.keyboard.press('ArrowUp');
          assert(
            (await focused()) === 'В фильтры',
            `ArrowUp wraps to the last: ${await focused()}`,
          );
          await page.keyboard.press('ArrowUp');
          await page.keyboard.press('Enter');
          await page.waitForFunction(
            () => window.__crm.report.spec.columns.some((d) => d.field === 'source'),
            null,
            { timeout: 10_000 },
          );
        } finally {
          await context.close();
        }
      },
    ],
    [
      'the dataset menu is used by keyboard: focus moves into it, arrows pick, Escape goes back',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          const focused = () =>
            page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
          const opener = page.getByRole('button', { name: /Demo data: .* ▾/ });
          await opener.focus();
          await page.keyboard.press('Enter');
          assert((await focused()) === 'Demo data', `the first item focused: ${await focused()}`);
          await page.keyboard.press('ArrowDown');
          assert((await focused()) === 'Import files…', `ArrowDown: ${await focused()}`);
          await page.keyboard.press('ArrowUp');
          await page.keyboard.press('ArrowUp');
          assert(/Forget all data/.test(await focused()), `ArrowUp wraps: ${await focused()}`);
          await page.keyboard.press('Escape');
          assert(
            (await page.getByRole('menu').count()) === 0 &&
              (await opener.evaluate((b) => b === document.activeElement)),
            'Escape closes the menu and focus is back on its button',
          );
        } finally {
          await context.close();
        }
      },
    ],
    [
      'a chip moves by Alt+arrows again and again: focus stays on the moved chip',
      async () => {
        const { page, context } = await openPage(
          browser,
          `${url}?lang=ru#v=1&rows=manager&m=deals,revenue,win_rate`,
        );
        try {
          await ready(page);
          const measures = () => page.evaluate(() => window.__crm.report.spec.measures.join());
          const focusedChip = () =>
            page.evaluate(() => {
              const a = document.activeElement;
              return a?.classList.contains('chip')
                ? (a.querySelector('.name')?.textContent ?? '')
                : '';
            });
          const deals = await page.evaluate(() => window.__crm.labels.measureLabel('deals'));
          await page.locator('.zone-measures .chip').first().focus();
          await page.keyboard.press('Alt+ArrowRight');
          await page.waitForFunction(
            () => window.__crm.report.spec.measures.join() === 'revenue,deals,win_rate',
          );
          assert(
            (await focusedChip()) === deals,
            `focus on the moved chip: ${await focusedChip()}`,
          );
          // A second press moves it on: the keyboard alone walks a chip to the end of its zone.
          await page.keyboard.press('Alt+ArrowRight');
          await page.waitForFunction(
            () => window.__crm.report.spec.measures.join() === 'revenue,win_rate,deals',
            null,
            { timeout: 5_000 },
          );
          assert((await focusedChip()) === deals, `still on it: ${await focusedChip()}`);
          await page.keyboard.press('Alt+ArrowLeft');
          await page.waitForFunction(
            () => window.__crm.report.spec.measures.join() === 'revenue,deals,win_rate',
            null,
            { timeout: 5_000 },
          );
          assert((await measures()) === 'revenue,deals,win_rate', 'Alt+← moves it back');
        } finally {
          await context.close();
        }
      },
    ],
    [
      'a dimension chip goes to the columns by Alt+↓ and back by Alt+↑, focus with it (RU)',
      async () => {
        const { page, context } = await openPage(
          browser,
          `${url}?lang=ru#v=1&rows=manager,source&m=deals`,
        );
        try {
          await ready(page);
          const axes = () =>
            page.evaluate(() => {
              const s = window.__crm.report.spec;
              return `${s.rows.map((d) => d.field)}|${s.columns.map((d) => d.field)}`;
            });
          const focused = () =>
            page.evaluate(() => {
              const a = document.activeElement;
              return a?.classList.contains('chip') ? a.className : '';
            });
          const help = await page.locator('.zone-rows .chip').first().getAttribute('title');
          assert(/Alt\+↓ — в столбцы/.test(help ?? ''), `the chip says how: ${help}`);
          await page.locator('.zone-rows .chip').nth(1).focus();
          await page.keyboard.press('Alt+ArrowDown');
          await page.waitForFunction(
            () => window.__crm.report.spec.columns.map((d) => d.field).join() === 'source',
            null,
            { timeout: 5_000 },
          );
          assert((await axes()) === 'manager|source', `source in the columns: ${await axes()}`);
          assert(/chip-columns/.test(await focused()), `focus went with it: ${await focused()}`);
          // A second Alt+↓ in the columns goes nowhere; Alt+↑ takes it back to the rows' end.
          await page.keyboard.press('Alt+ArrowDown');
          assert((await axes()) === 'manager|source', `nowhere below the columns: ${await axes()}`);
          await page.keyboard.press('Alt+ArrowUp');
          await page.waitForFunction(
            () => window.__crm.report.spec.rows.map((d) => d.field).join() === 'manager,source',
            null,
            { timeout: 5_000 },
          );
          assert(/chip-rows/.test(await focused()), `focus back in the rows: ${await focused()}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'no invisible Tab stop after “Import files…”, and “My reports” opens on its name field (EN, RU)',
      async () => {
        for (const [lang, mine] of [
          ['en', 'My reports'],
          ['ru', 'Мои отчёты'],
        ]) {
          const { page, context } = await openPage(browser, `${url}?lang=${lang}`);
          try {
            await ready(page);
            const t = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
            await page.getByRole('button', { name: `⤒ ${await t('importFiles')}` }).focus();
            await page.keyboard.press('Tab');
            // The two file inputs behind the import buttons were the next two stops, 1 px wide.
            const next = await page.evaluate(() => {
              const a = document.activeElement;
              const r = a?.getBoundingClientRect();
              return { text: a?.textContent?.trim() ?? '', width: r?.width ?? 0 };
            });
            assert(next.text.endsWith(mine), `${lang}: Tab goes on to “${mine}”, got ${next.text}`);
            assert(next.width > 10, `${lang}: the next stop is seen, ${next.width} px wide`);
            await page.keyboard.press('Enter');
            const name = page.getByTestId('save-name');
            await name.waitFor();
            assert(
              await name.evaluate((el) => el === document.activeElement),
              `${lang}: the name field has the focus`,
            );
            // Typing replaces the suggested name; Enter saves under it.
            await page.keyboard.type('Q1 review');
            await page.keyboard.press('Enter');
            await page.locator('.dialog li', { hasText: 'Q1 review' }).waitFor({ timeout: 5_000 });
          } finally {
            await context.close();
          }
        }
      },
    ],
    [
      'a chip removed by Delete hands the focus to its neighbour, then to its zone (RU)',
      async () => {
        const spec = 'v=1&rows=manager,source&m=revenue,won';
        const { page, context } = await openPage(browser, `${url}?lang=ru#${spec}`);
        try {
          await ready(page);
          const focused = () =>
            page.evaluate(() => {
              const a = document.activeElement;
              return a?.getAttribute('aria-label')?.split('.')[0] ?? a?.tagName ?? '';
            });
          const measures = () => page.evaluate(() => window.__crm.report.spec.measures.join());
          await page.locator('.zone-measures .chip').first().focus();
          await page.keyboard.press('Delete');
          await page.waitForFunction(() => window.__crm.report.spec.measures.join() === 'won');
          // Focus fell to <body> and the next Tab started at the skip link.
          assert(
            (await focused()) === 'Выиграно',
            `the next chip has the focus: ${await focused()}`,
          );
          await page.keyboard.press('Delete');
          await page.waitForFunction(() => window.__crm.report.spec.measures.length === 0);
          assert(
            (await focused()) === 'Показатели',
            `the emptied zone has the focus: ${await focused()} (${await measures()})`,
          );
          await page.locator('.zone-rows .chip').nth(1).focus();
          await page.keyboard.press('Backspace');
          await page.waitForFunction(() => window.__crm.report.spec.rows.length === 1);
          assert((await focused()) === 'Менеджер', `the chip before it: ${await focused()}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'Tab stays inside the filter editor, and Escape still closes it (EN)',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          const plus = page.getByRole('button', { name: 'Add “Source”…' });
          await plus.focus();
          await page.keyboard.press('Enter');
          await page.keyboard.press('End');
          await page.keyboard.press('Enter');
          const editor = page.getByRole('dialog');
          await editor.locator('input[type=checkbox]').first().waitFor();
          // Past its last control Tab went on into the page behind, where Escape did not reach it.
          const stops = await editor.evaluate(
            (d) =>
              [...d.querySelectorAll('button, input, select, [tabindex]')].filter(
                (e) => e.tabIndex >= 0 && !e.disabled,
              ).length,
          );
          for (let i = 0; i < stops + 2; i++) {
            await page.keyboard.press('Tab');
            assert(
              await editor.evaluate((d) => d.contains(document.activeElement)),
              `Tab ${i + 1} of ${stops + 2} stays in the editor`,
            );
          }
          await page.keyboard.press('Escape');
          await editor.waitFor({ state: 'detached', timeout: 5_000 });
        } finally {
          await context.close();
        }
      },
    ],
  ];
}
