// The report gallery, analyses and share links on the production build: every preset opens a
// non-empty report, the funnel draws its chart, a copied URL reproduces the report in a new page,
// and a broken link says why and opens the default report.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const PRESETS = [
  'by-source',
  'lost-reasons',
  'by-stage',
  'funnel',
  'managers',
  'clients',
  'custom-field',
  'pipeline',
  'won-size',
  'activities',
  'compare',
  'ltv',
  'cohorts',
  'dynamics',
  'drivers',
  'forecast',
  'pivot',
];

/** Waits for the run started by the last gesture to finish with a table on screen. */
async function settled(page, timeout = 60_000) {
  await page.waitForFunction(
    () => {
      const busy = document.querySelector('.dot.busy');
      const table = document.querySelector('table td');
      const err = document.querySelector('.error[role=alert]');
      return !busy && (table || err);
    },
    null,
    { timeout },
  );
}

async function tableText(page) {
  return (await page.locator('main table').first().innerText()).trim();
}

async function openPreset(page, id) {
  const before = await page.evaluate(() => location.hash);
  await page.getByRole('button', { name: /^▤/ }).click();
  await page.locator(`dialog[open] button[data-preset="${id}"]`).click();
  await page.waitForFunction(
    (b) => location.hash !== b || location.hash.includes('preset='),
    before,
    {
      timeout: 10_000,
    },
  );
  // The debounce starts the run a moment after the spec changes.
  await page.waitForTimeout(200);
  await settled(page);
}

export function tests({ browser, url, shots }) {
  let session;
  return [
    [
      'every preset card opens a non-empty report without an error (EN)',
      async () => {
        session = await openPage(browser, url);
        const { page } = session;
        await ready(page);
        await page.screenshot({ path: `${shots}/gallery-start-en.png` });
        await page.getByRole('button', { name: /^▤/ }).click();
        await page.locator('dialog[open]').waitFor();
        const cards = await page.locator('dialog[open] button[data-preset]').count();
        assert(cards === PRESETS.length, `${PRESETS.length} cards, got ${cards}`);
        await page.screenshot({ path: `${shots}/gallery-dialog-en.png` });
        await page.keyboard.press('Escape');
        await page
          .locator('dialog[open]')
          .waitFor({ state: 'detached', timeout: 2000 })
          .catch(() => undefined);
        assert((await page.locator('dialog[open]').count()) === 0, 'Esc closes the gallery');
        for (const id of PRESETS) {
          await openPreset(page, id);
          const err = await page.locator('.error[role=alert]').count();
          assert(err === 0, `${id}: error ${err ? await page.locator('.error').innerText() : ''}`);
          const cells = await page.locator('main table td').count();
          assert(cells > 0, `${id}: table has cells`);
          const help = await page.locator('aside.help').innerText();
          assert(help.length > 20, `${id}: help shown`);
          assert(
            (await page.evaluate(() => location.hash)).includes(`preset=${id}`),
            `${id}: in the URL`,
          );
          if (['funnel', 'cohorts', 'dynamics', 'ltv', 'managers', 'pipeline'].includes(id)) {
            await page.locator('.chart svg').first().waitFor({ timeout: 15_000 });
            await page.screenshot({ path: `${shots}/gallery-${id}-en.png`, fullPage: false });
          }
        }
      },
    ],
    [
      'year over year: the change of a rate reads in percentage points (pp, п.п.)',
      async () => {
        if (!session) {
          session = await openPage(browser, url);
          await ready(session.page);
        }
        const { page } = session;
        await openPreset(page, 'compare');
        const grid = () => page.locator('main table').first().innerText();
        // The table is drawn a moment after the run ends; wait for the comparison's columns.
        await page.waitForFunction(
          () => document.querySelector('main table')?.textContent?.includes('Δ'),
          null,
          { timeout: 30_000 },
        );
        const en = await grid();
        // Win rate's Δ column: signed points with one decimal, never a percent.
        assert(/[+−-]\d+(\.\d)?\s?pp\b/.test(en), `pp deltas in EN: ${en.slice(0, 400)}`);
        await page.getByRole('button', { name: 'RU', exact: true }).click();
        await page.waitForFunction(() => document.body.innerText.includes('п.п.'), null, {
          timeout: 20_000,
        });
        const ru = await grid();
        assert(/[+−-]\d+(,\d)?\s?п\.п\./.test(ru), `п.п. deltas in RU: ${ru.slice(0, 400)}`);
        await page.getByRole('button', { name: 'EN', exact: true }).click();
        await page.waitForFunction(() => /\d\s?pp\b/.test(document.body.innerText));
      },
    ],
    [
      'forecast: the horizon picks the rows, the backtest lists past dates with a verdict (RU)',
      async () => {
        if (!session) {
          session = await openPage(browser, url);
          await ready(session.page);
        }
        const { page } = session;
        await openPreset(page, 'forecast');
        const rows = () => page.locator('main table.flat tbody tr').count();
        assert((await rows()) === 3, `3 months by default, got ${await rows()}`);
        await page.getByLabel(/Horizon/).selectOption('12w');
        await page.waitForFunction(
          () => document.querySelectorAll('main table.flat tbody tr').length === 12,
        );
        await page.getByLabel(/Backtest/).check();
        await page.waitForFunction(
          () => document.querySelectorAll('main table.flat tbody tr').length === 6,
        );
        const status = await page.locator('.status[role=status]').innerText();
        assert(/Backtest: the forecast/.test(status), `verdict shown: ${status}`);
        await page.getByRole('button', { name: 'RU', exact: true }).click();
        await page.waitForFunction(() =>
          document.body.innerText.includes('Проверка на прошлых датах'),
        );
        const ru = await page.locator('main').innerText();
        assert(
          ru.includes('Ожидается выигранных') && ru.includes('Проверка на истории'),
          'RU labels',
        );
        await page.screenshot({ path: `${shots}/gallery-forecast-backtest-ru.png` });
        await page.getByRole('button', { name: 'EN', exact: true }).click();
      },
    ],
    [
      'funnel shows its chart with a bar per stage; analysis zones are replaced by options',
      async () => {
        const { page } = session;
        await openPreset(page, 'funnel');
        await page.locator('.chart svg').first().waitFor({ timeout: 15_000 });
        // The previous report's chart and table can still be on the page for a moment: wait for
        // the funnel's bars before comparing them with its rows.
        await page
          .waitForFunction(
            () => document.querySelectorAll('.chart svg g[aria-label="bar"] rect').length >= 3,
            null,
            { timeout: 15_000 },
          )
          .catch(() => undefined);
        const bars = await page.locator('.chart svg g[aria-label="bar"] rect').count();
        const rows = await page.locator('main table.flat tbody tr').count();
        assert(bars === rows && bars >= 3, `a bar per stage: ${bars} bars, ${rows} rows`);
        const zones = await page.locator('.zones').innerText();
        assert(
          !/Measures/i.test(zones) && /Split by/i.test(zones),
          `zones for an analysis: ${zones}`,
        );
        await page.screenshot({ path: `${shots}/gallery-funnel-detail-en.png` });
      },
    ],
    [
      'dynamics: transitions toggle draws the matrix',
      async () => {
        const { page } = session;
        await openPreset(page, 'dynamics');
        await page.getByLabel(/Transitions between statuses/).check();
        await page.waitForFunction(
          () =>
            new URLSearchParams(location.hash.slice(1))
              .get('opt')
              ?.includes('"view":"transitions"'),
          null,
          { timeout: 10_000 },
        );
        await page.waitForTimeout(200);
        await settled(page);
        const headers = await page.locator('main table th').allInnerTexts();
        assert(
          headers.some((h) => /From status/.test(h)),
          `matrix columns: ${headers}`,
        );
        await page.locator('.chart svg').first().waitFor({ timeout: 15_000 });
        await page.screenshot({ path: `${shots}/gallery-transitions-en.png` });
        // Links made before the view option asked for the matrix with a first column to_status.
        const old = await openPage(browser, `${url}?v=1&a=dynamics&cols=to_status`);
        await ready(old.page);
        const oldHeaders = await old.page.locator('main table th').allInnerTexts();
        assert(
          oldHeaders.some((h) => /From status/.test(h)),
          `an old transitions link: ${oldHeaders}`,
        );
        await old.context.close();
      },
    ],
    [
      'share link round trip: the same table in a new page',
      async () => {
        const { page } = session;
        await openPreset(page, 'by-source');
        await page
          .getByRole('button', { name: /Source/ })
          .first()
          .click();
        // A pivot change on top of the preset, so the link carries an edited report.
        await openPreset(page, 'managers');
        await page.getByRole('button', { name: 'Last year', exact: true }).click();
        await page.waitForTimeout(200);
        await settled(page);
        const text = await tableText(page);
        const href = await page.evaluate(() => location.href);
        assert(/#v=1/.test(href) && href.includes('preset=managers'), `link: ${href}`);
        const other = await openPage(browser, href);
        await ready(other.page);
        const text2 = await tableText(other.page);
        assert(text2 === text, `same table:\n${text.slice(0, 300)}\n---\n${text2.slice(0, 300)}`);
        assert(
          (await other.page.evaluate(() => location.href)) === href,
          'the link stays as it was',
        );
        await other.page.screenshot({ path: `${shots}/gallery-shared-en.png` });
        await other.context.close();
      },
    ],
    [
      'an invalid link shows a clear message and the default report',
      async () => {
        const bad = await openPage(browser, `${url}?v=1&rows=manager&m=revenue&bogus=1`);
        await ready(bad.page);
        const msg = await bad.page.locator('.banner.error').innerText();
        assert(/could not be opened/.test(msg) && /bogus/.test(msg), `message: ${msg}`);
        // After the banner's own sentence, one of its own: no "link:" before it.
        const detail = await bad.page.locator('.banner.error .banner-msg').innerText();
        assert(detail === "Unknown parameter 'bogus'.", `detail: ${detail}`);
        const headers = await bad.page.locator('table th').allInnerTexts();
        assert(
          headers.some((h) => /Manager/.test(h)),
          'default report on screen',
        );
        await bad.page.screenshot({ path: `${shots}/gallery-bad-link-en.png` });
        await bad.context.close();
      },
    ],
    [
      'a link whose report does not fit the data says so in a sentence, and opens the default (EN, RU)',
      async () => {
        for (const [query, detail] of [
          ['', "The link's report does not fit this data: unknown field 'region_x'."],
          ['?lang=ru', 'Отчёт из ссылки не подходит к этим данным: неизвестное поле «region_x».'],
        ]) {
          const bad = await openPage(browser, `${url}${query}#v=1&rows=region_x&m=revenue`);
          await ready(bad.page);
          const said = await bad.page.locator('.banner.error .banner-msg').innerText();
          assert(said === detail, `detail: ${said}`);
          await bad.context.close();
        }
      },
    ],
    [
      "a link's wrong page parameter leaves its report open and says only that part was ignored (EN, RU)",
      async () => {
        for (const [query, title, refused] of [
          [
            '?local=2',
            /^Part of this link was ignored; the rest opened as linked\./,
            /'local' takes 1/,
          ],
          [
            '?lang=ru&demo=abc',
            /^Часть ссылки не учтена; остальное открыто, как в ссылке\./,
            /«demo»/,
          ],
        ]) {
          const part = await openPage(browser, `${url}${query}#v=1&rows=source&m=deals`);
          await ready(part.page);
          const msg = await part.page.locator('.banner.error').innerText();
          assert(title.test(msg) && refused.test(msg), `message: ${msg}`);
          assert(!/default report|по умолчанию/.test(msg), `no "default report": ${msg}`);
          const headers = await part.page.locator('table th').allInnerTexts();
          assert(
            headers.some((h) => /^(Source|Источник)/.test(h)),
            `the link's report: ${headers}`,
          );
          await part.page.screenshot({
            path: `${shots}/gallery-part-ignored-${query.includes('ru') ? 'ru' : 'en'}.png`,
          });
          await part.context.close();
        }
      },
    ],
    [
      'Russian UI: gallery, cohorts and dynamics read well at 1280×800',
      async () => {
        const ru = await openPage(browser, `${url}?lang=ru`);
        const { page } = ru;
        await ready(page);
        await page.screenshot({ path: `${shots}/gallery-start-ru.png` });
        await page.getByRole('button', { name: /^▤/ }).click();
        await page.locator('dialog[open]').waitFor();
        await page.screenshot({ path: `${shots}/gallery-dialog-ru.png` });
        await page.keyboard.press('Escape');
        for (const id of ['funnel', 'cohorts', 'dynamics', 'ltv']) {
          await openPreset(page, id);
          await page.locator('.chart svg').first().waitFor({ timeout: 15_000 });
          await page.screenshot({ path: `${shots}/gallery-${id}-ru.png` });
        }
        assert(ru.errors.length === 0, `console errors: ${ru.errors.join(' | ')}`);
        await ru.context.close();
      },
    ],
    [
      'no request left 127.0.0.1 and the console has no errors',
      async () => {
        const { foreign, errors, context } = session;
        assert(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
        assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
        await context.close();
      },
    ],
  ];
}
