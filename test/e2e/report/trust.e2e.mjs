// Issue 10, the views of its number fixes: rows without the measure's date are listed from the
// report's note, and a lead export without lost deals says what its win rate means and shows
// conversion in the presets. Data comes in through the file input, as a user's own export would.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openPage, serve } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const UNDATED = [
  'Deal ID,Created,Closed,Stage,Amount,Owner',
  'u1,2024-01-10,2024-02-01,Won,100,Ann',
  'u2,,2024-02-03,Won,200,Ann',
  'u3,2024-01-20,,Proposal,300,Bob',
  'u4,,2024-03-01,Lost,50,Bob',
  'u5,2024-02-11,,Proposal,70,Cid',
  'u6,,,Proposal,20,Cid',
].join('\n');
const NO_LOST = [
  'Deal ID,Created,Closed,Stage,Amount,Owner',
  'w1,2024-01-10,2024-02-01,Won,100,Ann',
  'w2,2024-01-15,2024-02-03,Won,200,Ann',
  'o1,2024-01-20,,Proposal,300,Bob',
  'o2,2024-02-11,,Negotiation,70,Bob',
  'o3,2024-03-11,,Proposal,90,Cid',
].join('\n');

const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** Rows of a CSV text whose column `name` is empty: counted from the fixture, not by the app. */
function emptyIn(csv, name) {
  const [head, ...rows] = csv.split('\n').map((l) => l.split(','));
  const at = head.indexOf(name);
  return rows.filter((r) => r[at] === '').map((r) => r[0]);
}

/** Imports one CSV through the file input and the mapping screen. */
export async function importCsv(page, name, text) {
  await page.getByTestId('file-input').setInputFiles([file(name, text)]);
  await page
    .getByRole('heading', { name: /check what each column is/ })
    .waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
  await ready(page);
}

const notes = (page) => page.locator('.status .note').allInnerTexts();
const headers = (page) => page.locator('.result thead th').allInnerTexts();

export function tests({ browser, url, shots, root }) {
  return [
    [
      'undated rows: the note’s button lists exactly the rows the period leaves out (EN, RU)',
      async () => {
        const s = await openPage(browser, url);
        const { page } = s;
        try {
          await ready(page);
          await importCsv(page, 'undated.csv', UNDATED);
          const undated = emptyIn(UNDATED, 'Created');
          assert(undated.length === 3, `the fixture has 3 undated deals: ${undated}`);
          for (const lang of ['en', 'ru']) {
            await page.goto(`${url}?lang=${lang}#v=1&m=deals&from=2024-01-01&to=2024-12-31`);
            await ready(page);
            const note = (await notes(page)).find((n) => /created|создания/i.test(n));
            assert(note, `a note on the undated rows: ${await notes(page)}`);
            const count = Number(/(\d+)/.exec(note)?.[1]);
            assert(count === undated.length, `the note counts ${count}: ${note}`);
            const button = page.getByTestId('undated-show');
            const label = await button.innerText();
            assert(
              lang === 'en'
                ? label === `Show ${count} rows without a date`
                : label === `Показать строки без даты: ${count}`,
              `the button (${lang}): ${label}`,
            );
            await button.click();
            await page.locator('.dialog table.drill').waitFor({ timeout: 30_000 });
            await page.waitForFunction(
              () =>
                /\d/.test(document.querySelector('[data-testid=drill-total]')?.textContent ?? ''),
              null,
              { timeout: 30_000 },
            );
            const total = await page.getByTestId('drill-total').innerText();
            assert(new RegExp(`\\b${count}\\b`).test(total), `the list's total: ${total}`);
            const heading = await page.locator('.dialog h2').innerText();
            assert(
              heading === (lang === 'en' ? 'Rows without a date' : 'Строки без даты'),
              `the list's title (${lang}): ${heading}`,
            );
            const shown = await page.locator('.dialog p.shown').innerText();
            assert(
              shown.length > 0 && note.includes(shown) && !shown.endsWith(`: ${count}`),
              `the note once, as the subtitle: ${shown}`,
            );
            const ids = await page
              .locator('.dialog table.drill tbody tr')
              .evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent ?? ''));
            assert(
              JSON.stringify([...ids].sort()) === JSON.stringify(undated),
              `the listed rows are the undated deals: ${ids} vs ${undated}`,
            );
            await page.screenshot({ path: `${shots}/trust-undated-${lang}.png` });
            await page.keyboard.press('Escape');
            await page.locator('.dialog table.drill').waitFor({ state: 'detached' });
          }
        } finally {
          await s.context.close();
        }
      },
    ],
    [
      'no lost deals: win rate carries its note (EN, RU) and the presets show conversion',
      async () => {
        const s = await openPage(browser, url);
        const { page } = s;
        try {
          await ready(page);
          await importCsv(page, 'leads.csv', NO_LOST);
          const notes_ = {
            en: /Win rate: this data has no lost deals, so it counts only won ones \(100%\); Conversion is the share of created deals won/,
            ru: /Конверсия в выигрыш: в этих данных нет проигранных сделок, поэтому учитываются только выигранные \(100%\); Конверсия — доля выигранных среди созданных/,
          };
          for (const lang of /** @type {const} */ (['en', 'ru'])) {
            await page.goto(`${url}?lang=${lang}#v=1&m=win_rate,conversion`);
            await ready(page);
            const got = await notes(page);
            assert(
              got.some((n) => notes_[lang].test(n)),
              `the win-rate note (${lang}): ${got}`,
            );
            // Independent numbers: 2 won of 2 closed, 2 won of 5 created.
            const cells = await page.locator('.result tbody td').allInnerTexts();
            assert(/100/.test(cells[0] ?? ''), `win rate reads 100%: ${cells}`);
            assert(/40/.test(cells[1] ?? ''), `conversion reads 40%: ${cells}`);
          }
          await page.goto(`${url}?lang=en`);
          await ready(page);
          await page.getByRole('button', { name: /^▤/ }).click();
          await page.locator('dialog[open] button[data-preset="pivot"]').click();
          await page.waitForFunction(() => location.hash.includes('conversion'), null, {
            timeout: 30_000,
          });
          await ready(page);
          const h = await headers(page);
          assert(
            h.some((x) => /Conversion/.test(x)) && !h.some((x) => /Win rate/.test(x)),
            `the preset shows conversion, not win rate: ${h}`,
          );
          await page.screenshot({ path: `${shots}/trust-no-lost.png` });
        } finally {
          await s.context.close();
        }
      },
    ],
    [
      'chart menu: a kind the layout cannot draw shows what is drawn instead, and why (EN, RU)',
      async () => {
        const s = await openPage(browser, url);
        const { page } = s;
        const menu = page.locator('.chart-bar select').first();
        const selected = () => menu.evaluate((el) => el.selectedOptions[0]?.textContent?.trim());
        try {
          const want = {
            en: [
              'Line → Bars',
              /^Drawn as Bars instead of Line: a line joins points in time order/,
            ],
            ru: [
              'Линия → Столбцы',
              /^Показано как «Столбцы» вместо «Линия»: линия соединяет точки/,
            ],
          };
          for (const lang of /** @type {const} */ (['en', 'ru'])) {
            // Lines over managers: there is no time axis, so bars are drawn.
            await page.goto(`${url}?lang=${lang}#v=1&rows=manager&m=revenue&chart=line`);
            await ready(page);
            await page.locator('.chart svg').first().waitFor({ timeout: 30_000 });
            assert((await selected()) === want[lang][0], `the menu (${lang}): ${await selected()}`);
            const why = await page.getByTestId('chart-replaced').innerText();
            assert(want[lang][1].test(why), `the reason (${lang}): ${why}`);
            await page.screenshot({ path: `${shots}/trust-chart-menu-${lang}.png` });
          }
          // Asked and drawn agree: the menu shows the plain kind and no reason.
          await page.goto(`${url}?lang=en#v=1&rows=period:month&m=revenue&chart=line`);
          await ready(page);
          await page.locator('.chart svg').first().waitFor({ timeout: 30_000 });
          assert((await selected()) === 'Line', `the menu: ${await selected()}`);
          assert((await page.getByTestId('chart-replaced').count()) === 0, 'no reason shown');
        } finally {
          await s.context.close();
        }
      },
    ],
    [
      'publish bundle from the page: a zip of the data, its manifest and the report link opens the same report',
      async () => {
        const s = await openPage(browser, url);
        const { page } = s;
        const dir = mkdtempSync(join(tmpdir(), 'trust-bundle-'));
        const body = (p) =>
          p.$$eval('.result table tbody tr:not(.pad)', (trs) =>
            trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim())),
          );
        try {
          await ready(page);
          await importCsv(page, 'undated.csv', UNDATED);
          await page.goto(`${url}?lang=en#v=1&rows=manager&m=deals,won,amount`);
          await ready(page);
          const before = await body(page);
          // By hand from the fixture: Ann has u1 and u2, both won, 100 + 200.
          const ann = before.find((r) => r[0] === 'Ann');
          assert(String(ann) === 'Ann,2,2,300', `Ann's row: ${JSON.stringify(before)}`);
          // The dataset menu offers it too.
          await page.getByRole('button', { name: /^undated ▾/ }).click();
          await page.getByRole('menuitem', { name: 'Download a publish bundle (.zip)' }).waitFor();
          await page.keyboard.press('Escape');
          // "Copy link" on data that lives only here: the warning offers the bundle.
          await page.getByRole('button', { name: 'Copy link' }).click();
          const warn = page.getByRole('alertdialog');
          await warn.waitFor({ timeout: 10_000 });
          const [download] = await Promise.all([
            page.waitForEvent('download', { timeout: 30_000 }),
            warn.getByTestId('bundle-download').click(),
          ]);
          assert(
            download.suggestedFilename() === 'undated-bundle.zip',
            download.suggestedFilename(),
          );
          const zip = join(dir, 'bundle.zip');
          await download.saveAs(zip);
          assert(s.foreign.length === 0, `requests to other hosts: ${s.foreign.join(', ')}`);
          // The app's own site plus the bundle's data/, as the README says.
          const site = join(dir, 'site');
          cpSync(join(root, 'dist'), site, { recursive: true });
          execFileSync('unzip', ['-q', '-o', zip, '-d', site]);
          const manifest = JSON.parse(readFileSync(join(site, 'data', 'manifest.json'), 'utf8'));
          assert(
            manifest.name === 'undated' &&
              manifest.files.length === 1 &&
              manifest.files[0].url === 'undated.csv' &&
              manifest.files[0].kind === 'deals',
            `the manifest lists the table: ${JSON.stringify(manifest)}`,
          );
          assert(
            readFileSync(join(site, 'data', 'undated.csv'), 'utf8') === UNDATED,
            'the data file is the imported one',
          );
          assert(
            JSON.stringify(manifest.reports?.[0]?.spec?.measures) === '["deals","won","amount"]',
            `the report is in the manifest: ${JSON.stringify(manifest.reports)}`,
          );
          const readme = readFileSync(join(site, 'README.txt'), 'utf8');
          const link = /^\s+(\?data=data\/manifest\.json\S*)$/m.exec(readme)?.[1];
          assert(link && link.includes('#v=1'), `the README gives the report link: ${readme}`);
          const server = await serve(site);
          try {
            const other = await openPage(browser, `${server.url}${link}`);
            try {
              await ready(other.page);
              await other.page.waitForFunction(
                () => /Ann/.test(document.querySelector('.result table')?.textContent ?? ''),
                null,
                { timeout: 60_000 },
              );
              const after = await body(other.page);
              assert(
                JSON.stringify(after) === JSON.stringify(before),
                `the same report numbers: ${JSON.stringify(after)} vs ${JSON.stringify(before)}`,
              );
              await other.page.screenshot({ path: `${shots}/trust-bundle-opened.png` });
            } finally {
              await other.context.close();
            }
          } finally {
            await server.close();
          }
        } finally {
          await s.context.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ],
    [
      'a filter value the data lacks: the report says so beside its numbers (EN, RU)',
      async () => {
        const s = await openPage(browser, url);
        const { page } = s;
        try {
          // The demo speaks the UI language: a link made in the other language names sources
          // this data does not have, and their rows would silently be zeros.
          for (const [lang, here, there] of [
            ['en', 'Website', 'Сайт'],
            ['ru', 'Сайт', 'Website'],
          ]) {
            const f = encodeURIComponent(
              JSON.stringify([{ field: 'source', op: 'in', values: [here, there, 'Nowhere'] }]),
            );
            await page.goto(`${url}?lang=${lang}#v=1&rows=source&m=deals&f=${f}`);
            await ready(page);
            await page.waitForFunction(
              () =>
                [...document.querySelectorAll('.status .note')].some((n) =>
                  /Nowhere/.test(n.textContent),
                ),
              null,
              { timeout: 30_000 },
            );
            const note = (await notes(page)).find((n) => /Nowhere/.test(n));
            const want =
              lang === 'en'
                ? `Source: the filter's values (${there}, Nowhere) are not in this data, so no rows match them`
                : `Источник: в этих данных нет значений фильтра (${there}, Nowhere), строк по ним нет`;
            assert(note === `ℹ ${want}`, `the note (${lang}): ${note}`);
            const rows = await page.locator('.result tbody th').allInnerTexts();
            assert(
              rows.some((r) => r.trim() === here),
              `the value it has is shown: ${rows}`,
            );
            await page.screenshot({ path: `${shots}/trust-absent-filter-${lang}.png` });
          }
        } finally {
          await s.context.close();
        }
      },
    ],
  ];
}
