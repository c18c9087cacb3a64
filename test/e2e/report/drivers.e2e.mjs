// Drivers of change on the production build: the preset draws its waterfall, a click on a bar lists
// the deals behind that member (as many as the bar's member counts), the period compared lists its
// own deals, and the view reads in Russian too.
import { assert, drillTotal, openGalleryPreset, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const openDrivers = (page) =>
  openGalleryPreset(page, 'drivers', '[data-testid="drivers-view"] g.step');

export function tests({ browser, url, shots }) {
  return [
    [
      'drivers: the waterfall renders and a bar click lists its deals, now and in the period compared',
      async () => {
        const { page, context, errors } = await openPage(browser, url, {
          width: 1440,
          height: 900,
        });
        try {
          await ready(page);
          await openDrivers(page);
          const bars = page.locator('[data-testid="drivers-view"] g.step');
          const n = await bars.count();
          assert(n >= 2, `contribution bars: ${n}`);
          // The waterfall opens and closes on the two totals.
          const kinds = await page
            .locator('[data-testid="drivers-view"] svg rect')
            .evaluateAll((rs) =>
              rs.map((r) => r.getAttribute('class') ?? r.parentElement?.getAttribute('class')),
            );
          assert(/start/.test(kinds[0] ?? '') && /end/.test(kinds.at(-1) ?? ''), `steps: ${kinds}`);
          await page.screenshot({ path: `${shots}/drivers-en-1440.png`, fullPage: true });
          await bars.first().click();
          const now = await drillTotal(page);
          assert(now > 0, `deals listed: ${now}`);
          const rows = await page.locator('.dialog table.drill tbody tr').count();
          assert(rows === Math.min(now, 100), `rows shown ${rows} of ${now}`);
          await page.screenshot({ path: `${shots}/drivers-drill-en.png` });
          await page.keyboard.press('Escape');
          await page.locator('.dialog').waitFor({ state: 'detached', timeout: 5000 });
          await page.getByRole('button', { name: 'the period compared' }).click();
          const before = await drillTotal(page);
          const caption = await page.locator('.dialog .shown').innerText();
          assert(caption.includes('the period compared'), `caption: ${caption}`);
          assert(before >= 0, `previous deals: ${before}`);
          assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'drivers: Russian at 768 px, no English in the view',
      async () => {
        const { page, context, errors } = await openPage(browser, `${url}?lang=ru`, {
          width: 768,
          height: 900,
        });
        try {
          await ready(page);
          await openDrivers(page);
          const text = await page.locator('[data-testid="drivers-view"]').innerText();
          for (const ru of ['Разбивка водопада:', 'Больше всего подняли', 'Больше всего опустили'])
            assert(text.includes(ru), `missing "${ru}"`);
          for (const en of ['Waterfall', 'Moved it', 'Other members', 'Click a bar'])
            assert(!text.includes(en), `English "${en}" in the Russian view`);
          // The best and worst members are read whole: at 768 px they ended in “…” a few letters
          // in («Статус клиента: Акт…»).
          const members = await page
            .locator('[data-testid="drivers-view"] .lists li button')
            .evaluateAll((bs) =>
              bs.map((b) => {
                const m = b.querySelector('.member');
                return {
                  text: m?.textContent ?? '',
                  cut: !m || m.scrollWidth > m.clientWidth + 1 || b.scrollWidth > b.clientWidth + 1,
                };
              }),
            );
          assert(members.length >= 6, `best and worst members listed: ${members.length}`);
          const cut = members.filter((m) => m.cut).map((m) => m.text);
          assert(cut.length === 0, `members cut at 768 px: ${cut.join(' | ')}`);
          await page.screenshot({ path: `${shots}/drivers-ru-768.png`, fullPage: true });
          assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'drivers: the printout has the waterfall picked on screen and the best and worst members',
      async () => {
        const { page, context, errors } = await openPage(browser, `${url}?lang=ru`, {
          width: 1440,
          height: 900,
        });
        try {
          await ready(page);
          await openDrivers(page);
          const view = page.locator('main [data-testid="drivers-view"]');
          // A dimension other than the one the view opens on.
          const select = view.locator('select');
          const options = await select
            .locator('option')
            .evaluateAll((os) =>
              os.map((o) => ({ value: o.value, text: (o.textContent ?? '').trim() })),
            );
          const pick = options.find((o) => o.value !== '' && o.value !== options[0].value);
          assert(pick, `a second dimension: ${JSON.stringify(options)}`);
          await select.selectOption(pick.value);
          const screenSteps = await view
            .locator('svg text.label')
            .evaluateAll((ts) => ts.map((t) => t.firstChild?.textContent ?? ''));

          await page.locator('.tools button.print').click();
          const sheet = page.locator('.print-overlay .sheet');
          await sheet.waitFor();
          const paper = sheet.locator('[data-testid="drivers-view"]');
          assert((await paper.count()) === 1, 'the printout draws the waterfall');
          const by = (await paper.getByTestId('drivers-by').innerText()).trim();
          assert(by === `Разбивка водопада: ${pick.text}`, `printed breakdown: “${by}”`);
          const paperSteps = await paper
            .locator('svg text.label')
            .evaluateAll((ts) => ts.map((t) => t.firstChild?.textContent ?? ''));
          assert(
            JSON.stringify(paperSteps) === JSON.stringify(screenSteps),
            `printed steps ${paperSteps.join(' | ')} ≠ on screen ${screenSteps.join(' | ')}`,
          );
          const text = await paper.innerText();
          for (const ru of ['Больше всего подняли', 'Больше всего опустили'])
            assert(text.includes(ru), `the printout lists “${ru}”`);
          // Paper has nothing to press: no select, no buttons, no focusable bars.
          const controls = await paper.locator('select, button, [tabindex]').count();
          assert(controls === 0, `controls on paper: ${controls}`);
          await page.screenshot({ path: `${shots}/drivers-print-ru.png`, fullPage: true });
          assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
        } finally {
          await context.close();
        }
      },
    ],
    [
      'drivers: a year over a year before the data says no member moved it down, in EN and RU',
      async () => {
        // The demo begins in 2023: 2023 against 2022 only grows, the "down" list is empty.
        const spec = '#v=1&a=drivers&m=revenue&from=2023-01-01&to=2023-12-31&cmp=year';
        for (const [lang, want] of [
          ['en', 'No member moved it down'],
          ['ru', 'Ни одно значение не опустило показатель'],
        ]) {
          const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}${spec}`, {
            width: 768,
            height: 900,
          });
          try {
            await ready(page);
            await page.locator('main [data-testid="drivers-view"] g.step').first().waitFor();
            const lists = page.locator('main [data-testid="drivers-view"] .lists > div');
            const up = await lists.nth(0).locator('li').count();
            assert(up > 0, `${lang}: members moved it up: ${up}`);
            assert((await lists.nth(1).locator('li').count()) === 0, `${lang}: none moved it down`);
            const said = (await lists.nth(1).locator('.none').innerText()).trim();
            assert(said === want, `${lang}: the empty list says “${said}”`);
            assert(
              (await lists.nth(0).locator('.none').count()) === 0,
              `${lang}: no note over members`,
            );
            await page.screenshot({
              path: `${shots}/drivers-none-${lang}-768.png`,
              fullPage: true,
            });
            assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
          } finally {
            await context.close();
          }
        }
      },
    ],
  ];
}
