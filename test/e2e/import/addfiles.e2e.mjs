// "Add files…" on a dataset already imported, in English and in Russian: Olist's closed deals
// imported alone, a report open on them, then the sellers file added through the dataset menu.
// The mapping screen shows both files (the deals as they were mapped), the dataset is rebuilt
// under its name (one stored entry, not two), the report stays as it was, and a pivot by the
// sellers' state gives the numbers plain DuckDB SQL over the two CSVs gives — again after a
// reload (from the snapshot). A file that links to nothing is refused by name and column, the
// dataset kept; a file dropped on the page asks "add or replace", the add focused.
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { same, settled, spec, t } from './kept.e2e.mjs';

const DEALS = 'olist_closed_deals_dataset.csv';
const SELLERS = 'olist_sellers_dataset.csv';

/** Deals per seller state by a plain join of the two CSVs; deals without a seller: '(blank)'. */
async function reference(dir) {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const q = (f) => `'${join(dir, f).replaceAll("'", "''")}'`;
  const reader = await conn.runAndReadAll(
    `SELECT coalesce(s.seller_state, '(blank)') AS state, count(*)::INT AS n
     FROM read_csv(${q(DEALS)}, all_varchar = true) d
     LEFT JOIN read_csv(${q(SELLERS)}, all_varchar = true) s ON s.seller_id = d.seller_id
     GROUP BY ALL`,
  );
  const out = Object.fromEntries(reader.getRowObjects().map((r) => [r.state, r.n]));
  conn.closeSync();
  db.closeSync();
  return out;
}

/** The pivot of `patch` run on the page; its rows without the totals, by the first row field. */
async function pivot(page, patch) {
  await page.evaluate((p) => {
    const wb = window.__crm;
    wb.report.update({
      ...wb.report.spec,
      ...{ analysis: 'pivot', columns: [], filters: [], period: null, compare: null },
      ...{ sort: [], limit: null, totals: true, options: {}, chart: 'auto' },
      ...p,
    });
  }, patch);
  await page.waitForTimeout(300);
  await ready(page);
  await page.waitForFunction(
    (p) => {
      const r = window.__crm.run.result;
      return r && JSON.stringify(r.spec.rows) === JSON.stringify(p.rows);
    },
    patch,
    { timeout: 60_000 },
  );
  return page.evaluate((key) => {
    const rows = window.__crm.run.result.table.toArray().map((r) => r.toJSON());
    return Object.fromEntries(
      rows
        .filter((r) => Number(r._grouping) === 0)
        .map((r) => [r[key] ?? '(blank)', Number(r.deals)]),
    );
  }, patch.rows[0].field);
}

/** The field id of the sellers' state, as the catalog names it. */
const stateField = (page) =>
  page.evaluate(() => window.__crm.data.catalog.fields.find((f) => /seller_state$/.test(f.id))?.id);

function sameCounts(got, want, what) {
  const keys = [...new Set([...Object.keys(got), ...Object.keys(want)])];
  const bad = keys.filter((k) => got[k] !== want[k]);
  assert(bad.length === 0, `${what}: ${bad.map((k) => `${k} ${got[k]}≠${want[k]}`).join(', ')}`);
}

async function shoot(page, shots, name, lang) {
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${shots}/addfiles-${name}-${lang}-${width}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const mapping = (page) =>
  page.waitForFunction(() => window.__crmDataset?.stage === 'mapping', null, { timeout: 90_000 });

/** "Add files…" from the dataset menu, as a person picks it; `shot`: the open menu's pictures. */
async function addThroughMenu(page, files, shot) {
  await page.locator('.menu button.current').click();
  if (shot) await shoot(page, shot.shots, 'menu', shot.lang);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('menuitem', { name: await t(page, 'addFiles'), exact: true }).click();
  await (await chooser).setFiles(files);
  await mapping(page);
}

/**
 * "Import" (`action`: "Add to this dataset" on the screen of "Add files…"), then waits for the
 * report and for the dataset's files to be stored.
 */
async function importNow(page, action = 'importAction') {
  await page.getByRole('button', { name: await t(page, action), exact: true }).click();
  await page
    .getByRole('dialog')
    .waitFor({ state: 'detached', timeout: 120_000 })
    .catch(async (e) => {
      const said = await page.getByRole('dialog').innerText();
      throw new Error(`the dialog stays: ${said.slice(0, 600)}`, { cause: e });
    });
  await settled(page);
  await page.waitForFunction(() => window.__crmDataset.current !== null, null, {
    timeout: 60_000,
  });
}

export function tests({ browser, url, shots, root }) {
  const dir = process.env.OLIST_DIR ?? join(root, '..', 'shared', 'data', 'olist-marketing-funnel');
  return ['en', 'ru'].map((lang) => [
    `addfiles (${lang}): olist's sellers added to its deals, a report by the sellers' state equals DuckDB's join, also after a reload`,
    async () => {
      const want = await reference(dir);
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await page.getByTestId('file-input').setInputFiles(join(dir, DEALS));
        await mapping(page);
        await importNow(page);
        const name = await page.evaluate(() => window.__crmDataset.current?.name);
        assert(name === 'olist_closed_deals_dataset', `${lang}: stored as ${name}`);
        assert((await stateField(page)) === undefined, `${lang}: no seller state before`);

        // The report the user looks at: deals per sales rep.
        await pivot(page, { rows: [{ field: 'manager' }], measures: ['deals'] });
        const before = await spec(page);

        // A file that shares no value with the dataset is refused, naming it and its column.
        await addThroughMenu(page, {
          name: 'stray.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('code,label\nzz1,one\nzz2,two\nzz3,three\n'),
        });
        // The screen adds, and says so: its button reads as the drop's "Add to this dataset".
        const buttons = await page.locator('.dialog footer button').allInnerTexts();
        assert(
          buttons.includes(await t(page, 'addAction')) &&
            !buttons.includes(await t(page, 'importAction')),
          `${lang}: the button says it adds: ${buttons.join(' | ')}`,
        );
        await page.getByRole('button', { name: await t(page, 'addAction'), exact: true }).click();
        const alert = page.locator('.dialog .mapping .error[role="alert"]');
        await alert.waitFor({ timeout: 30_000 });
        const said = await alert.innerText();
        assert(said.includes('stray.csv') && said.includes('code'), `${lang}: refused: ${said}`);
        if (lang === 'ru') assert(!/does not link/.test(said), `ru: English in ${said}`);
        await shoot(page, shots, 'unlinked', lang);
        await page.getByRole('button', { name: await t(page, 'cancel'), exact: true }).click();
        await settled(page);
        const left = await page.locator('body').innerText();
        assert(!left.includes('stray.csv'), `${lang}: the refusal went with the screen`);
        assert(
          (await page.evaluate(() => window.__crmDataset.stored.length)) === 1,
          `${lang}: the dataset is kept as it was`,
        );

        // The sellers, added through the menu: the deals keep their mapping on the screen.
        await addThroughMenu(page, join(dir, SELLERS), { shots, lang });
        const title = await page.locator('#import-title').innerText();
        assert(
          title === (await t(page, 'addingTitle', { name })),
          `${lang}: the screen says what it adds to: ${title}`,
        );
        const kinds = await page.evaluate(() =>
          window.__crmDataset.tables.map((x) => [x.file, x.kind]),
        );
        assert(
          JSON.stringify(kinds) ===
            JSON.stringify([
              [DEALS, 'deals'],
              [SELLERS, 'clients'],
            ]),
          `${lang}: both files on the screen: ${JSON.stringify(kinds)}`,
        );
        await shoot(page, shots, 'mapping', lang);
        await importNow(page, 'addAction');
        // The combined dataset is saved after its first report, then the old entry goes.
        await page
          .waitForFunction(() => window.__crmDataset.stored[0]?.files.length === 2, null, {
            timeout: 60_000,
          })
          .catch(() => undefined);

        const after = await page.evaluate(() => ({
          stored: window.__crmDataset.stored.map((m) => [m.name, m.files.length]),
          current: window.__crmDataset.current?.name,
        }));
        assert(
          JSON.stringify(after.stored) === JSON.stringify([[name, 2]]) && after.current === name,
          `${lang}: one dataset of two files under its name: ${JSON.stringify(after)}`,
        );
        assert(same(await spec(page), before), `${lang}: the report open stays as it was`);

        const field = await stateField(page);
        assert(field, `${lang}: the sellers' state is a field now`);
        sameCounts(
          await pivot(page, { rows: [{ field }], measures: ['deals'] }),
          want,
          `${lang}: deals by seller state`,
        );
        await page.locator('main table td').first().waitFor({ timeout: 30_000 });
        await shoot(page, shots, 'report', lang);

        // The reload restores the combined dataset from its snapshot.
        await page.waitForFunction(
          () => window.__crmDataset.snapshot.state?.state === 'saved',
          null,
          { timeout: 120_000 },
        );
        await page.reload();
        await ready(page);
        await settled(page);
        const back = await page.evaluate(() => ({
          current: window.__crmDataset.current?.name,
          from: window.__crmDataset.loadedFrom,
        }));
        assert(
          back.current === name && back.from === 'snapshot',
          `${lang}: reloaded: ${JSON.stringify(back)}`,
        );
        sameCounts(
          await pivot(page, { rows: [{ field }], measures: ['deals'] }),
          want,
          `${lang}: deals by seller state after the reload`,
        );

        // A file dropped while the dataset is shown: add to it, or replace it; Add has the focus.
        await page.evaluate(() => {
          const dt = new DataTransfer();
          dt.items.add(new File(['a,b\n1,2\n'], 'more.csv', { type: 'text/csv' }));
          for (const type of ['dragenter', 'drop'])
            window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true }));
        });
        const choice = page.getByTestId('drop-choice');
        await choice.waitFor({ timeout: 10_000 });
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
        assert(focused === (await t(page, 'dropAdd')), `${lang}: focus on add: ${focused}`);
        await page.keyboard.press('Tab');
        const next = await page.evaluate(() => document.activeElement?.textContent?.trim());
        assert(next === (await t(page, 'dropReplace')), `${lang}: then replace: ${next}`);
        await shoot(page, shots, 'drop', lang);
        await page.keyboard.press('Escape');
        await choice.waitFor({ state: 'detached' });
        assert(
          (await page.evaluate(() => window.__crmDataset.stage)) === 'closed',
          `${lang}: Escape drops nothing`,
        );
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
