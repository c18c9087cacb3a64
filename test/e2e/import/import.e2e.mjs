// Importing real exports on the production build: the file input, the mapping screen, the import
// report (with a broken file's rejected rows), persistence across a reload (OPFS: the snapshot of
// the built tables, and the original files when the snapshot is damaged), a ?data= link to the
// example manifest, and "Forget all data".
import { join } from 'node:path';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

/** Waits for the import dialog to show the mapping screen. */
async function mapping(page) {
  await page
    .getByRole('heading', { name: /check what each column is/ })
    .waitFor({ timeout: 60_000 });
}

async function importDone(page) {
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
  await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
  await ready(page);
}

const tableText = (page) => page.locator('table').first().innerText();

/** How the page loaded its dataset: 'snapshot' or 'files' (see DatasetState.loadedFrom). */
const loadedFrom = (page) => page.evaluate(() => window.__crmDataset?.loadedFrom ?? null);

async function snapshotSaved(page) {
  await page.waitForFunction(() => window.__crmDataset?.snapshot.state?.state === 'saved', null, {
    timeout: 60_000,
  });
}

async function reloadStored(page) {
  await page.reload();
  await ready(page);
  await page.waitForFunction(
    () => document.querySelector('header.header')?.textContent?.includes('amocrm-deals'),
    null,
    { timeout: 60_000 },
  );
}

export function tests({ browser, url, shots, root }) {
  const fixture = (name) => join(root, 'test', 'fixtures', 'ingest', name);
  let session;
  return [
    [
      'import: a broken file → the report lists its rejected rows and unparsed values',
      async () => {
        session = await openPage(browser, url);
        const { page } = session;
        await ready(page);
        await page.getByTestId('file-input').setInputFiles(fixture('broken-deals.csv'));
        await mapping(page);
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await importDone(page);
        const report = await page.getByTestId('import-report').innerText();
        assert(/read 5 · loaded 3 · rejected 2/.test(report), `counts in the report: ${report}`);
        assert(
          /broken-deals\.csv, row 3: expected 5 fields, found 7/.test(report),
          `ragged row listed: ${report}`,
        );
        assert(/row 5: unclosed quote/.test(report), `unclosed quote listed: ${report}`);
        assert(
          /Amount: 1 not number/.test(report) && /row 4: lots/.test(report),
          `bad amount listed: ${report}`,
        );
        await page.screenshot({ path: `${shots}/import-broken-report.png` });
      },
    ],
    [
      'import: amoCRM cp1251 export → mapping with detected roles → the report shows its numbers',
      async () => {
        const { page } = session;
        await page.getByTestId('file-input').setInputFiles(fixture('amocrm-deals.cp1251.csv'));
        await mapping(page);
        // The screen takes the focus and Tab stays on it: it walked the header and the report
        // behind the screen first, and went back there past its last control.
        const onScreen = () =>
          page.getByRole('dialog').evaluate((d) => d.contains(document.activeElement));
        assert(await onScreen(), 'the mapping screen has the focus');
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          assert(await onScreen(), `Tab ${i + 1} stays on the mapping screen`);
        }
        const role = (h) =>
          page.getByRole('combobox', { name: `Role: ${h}`, exact: true }).inputValue();
        assert((await role('Бюджет')) === 'amount', 'Бюджет → amount');
        assert((await role('Этап сделки')) === 'stage', 'Этап сделки → stage');
        assert((await role('Ответственный')) === 'manager', 'Ответственный → manager');
        assert((await role('Дата создания')) === 'created_at', 'Дата создания → created_at');
        // A role column's type is the role's, fixed: the import reads no other for it.
        const type = (h) => page.getByRole('combobox', { name: `Type: ${h}`, exact: true });
        for (const [h, ty] of [
          ['Бюджет', 'number'],
          ['Дата создания', 'date'],
          ['Ответственный', 'text'],
        ]) {
          assert((await type(h).inputValue()) === ty, `${h}: type ${ty}`);
          assert(await type(h).isDisabled(), `${h}: its type is fixed by its role`);
        }
        const body = await page.getByRole('dialog').innerText();
        assert(body.includes('windows-1251'), 'the detected encoding is shown');
        assert(body.includes('Поставка A'), 'the preview shows decoded Cyrillic');
        assert(/Успешно реализовано/.test(body), 'stage values listed');
        // Listed as a deal moves: the open «Переговоры» first, though the file's first deal is won.
        const stage = (i) => page.locator('.stage-list > li').nth(i).innerText();
        const first = await stage(0);
        assert(first.includes('Переговоры'), `the open stage on top: ${first}`);
        // Stage edits: the lost stage moved above the won one (keyboard), a probability set to 30 %.
        const up = page.getByRole('button', { name: 'Move “Закрыто и не реализовано” up' });
        await up.focus();
        await page.keyboard.press('Enter');
        const second = await stage(1);
        assert(second.includes('Закрыто и не реализовано'), `moved up: ${second}`);
        const prob = page.getByRole('spinbutton', { name: 'Win probability of “Переговоры”, %' });
        assert((await prob.inputValue()) === '50', 'the detected guess is prefilled');
        await prob.fill('30');
        await prob.press('Tab');
        const won = page.getByRole('spinbutton', { name: /Win probability of “Успешно/ });
        assert((await won.inputValue()) === '100' && (await won.isDisabled()), 'won: 100 %, fixed');
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.screenshot({ path: `${shots}/import-mapping.png` });
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await importDone(page);
        const report = await page.getByTestId('import-report').innerText();
        assert(/read 6 · loaded 6 · rejected 0/.test(report), `amo counts: ${report}`);
        const header = await page.locator('header.header').innerText();
        assert(header.includes('amocrm-deals.cp1251'), `header names the dataset: ${header}`);
        // Won revenue of the fixture: 1 234,56 + 250 000,50 = 251 235,06.
        const text = await tableText(page);
        assert(/251,23[56]/.test(text), `won revenue 251,235 in the table: ${text.slice(0, 400)}`);
        await page.screenshot({ path: `${shots}/import-amo-report.png` });
      },
    ],
    [
      'import: a reload restores the built tables from their snapshot, not by importing again',
      async () => {
        const { page } = session;
        const note = await page.getByTestId('snapshot-state').innerText();
        assert(/fast reload/.test(note), `the report says the tables are being kept: ${note}`);
        await snapshotSaved(page);
        assert(
          /Kept for a fast reload \(\d/.test(await page.getByTestId('snapshot-state').innerText()),
          'the report says the tables were kept',
        );
        await reloadStored(page);
        assert((await loadedFrom(page)) === 'snapshot', 'loaded from the snapshot');
        const text = await tableText(page);
        assert(/251,23[56]/.test(text), `same numbers after reload: ${text.slice(0, 300)}`);
        await page.getByRole('button', { name: /amocrm-deals\.cp1251 ▾/ }).click();
        const menu = await page.getByRole('menu').innerText();
        assert(
          menu.includes('broken-deals') && menu.includes('amocrm-deals.cp1251'),
          `both stored: ${menu}`,
        );
        await page.screenshot({ path: `${shots}/import-dataset-menu.png` });
        await page.getByRole('menuitem', { name: 'Import report' }).click();
        const report = await page.getByTestId('import-report').innerText();
        assert(/read 6 · loaded 6 · rejected 0/.test(report), `same report: ${report}`);
      },
    ],
    [
      'import: a damaged snapshot is reported and the original files are imported instead',
      async () => {
        const { page } = session;
        const damaged = await page.evaluate(async () => {
          const id = window.__crmDataset.current.id;
          const root = await navigator.storage.getDirectory();
          const dir = await (
            await (await root.getDirectoryHandle('datasets')).getDirectoryHandle(id)
          ).getDirectoryHandle('snapshot');
          const handle = await dir.getFileHandle('0.arrows');
          const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
          bytes[bytes.length - 40] ^= 1;
          const w = await handle.createWritable();
          await w.write(bytes);
          await w.close();
          return bytes.length;
        });
        assert(damaged > 0, 'the snapshot file exists');
        await reloadStored(page);
        assert((await loadedFrom(page)) === 'files', 'imported from the original files');
        const report = await page.getByTestId('import-report').innerText();
        assert(
          /saved tables could not be loaded \(deals: stored data damaged\)/.test(report),
          `the report says why: ${report}`,
        );
        assert(/read 6 · loaded 6 · rejected 0/.test(report), `same counts: ${report}`);
        const text = await tableText(page);
        assert(/251,23[56]/.test(text), `same numbers: ${text.slice(0, 300)}`);
        await page.screenshot({ path: `${shots}/import-restore-failed.png` });
        // Written again, so the next reload is fast again.
        await snapshotSaved(page);
        await reloadStored(page);
        assert((await loadedFrom(page)) === 'snapshot', 'the new snapshot is used');
      },
    ],
    [
      'import: the stage order and probability set on the mapping screen weight the pipeline',
      async () => {
        const { page } = session;
        await page.goto(`${url}?v=1&rows=stage&m=pipeline,weighted_pipeline`);
        await ready(page);
        await page.waitForFunction(
          () => document.querySelector('header.header')?.textContent?.includes('amocrm-deals'),
          null,
          { timeout: 60_000 },
        );
        // One open deal amount: Переговоры 10 000 + 0; × 30 % = 3 000 (the guess was 50 %).
        const text = await tableText(page);
        assert(/10,000/.test(text) && /3,000/.test(text), `weighted 3,000: ${text.slice(0, 400)}`);
        await page.screenshot({ path: `${shots}/import-weighted.png` });
      },
    ],
    [
      'import: "Forget all data" clears the stored datasets and shows the demo',
      async () => {
        const { page, errors, foreign, context } = session;
        await page.getByRole('button', { name: /amocrm-deals\.cp1251 ▾/ }).click();
        await page.getByRole('menuitem', { name: /Forget all data/ }).click();
        await page.getByRole('button', { name: 'Delete all' }).click();
        await page.waitForFunction(
          () => document.querySelector('header.header')?.textContent?.includes('Demo data'),
          null,
          {
            timeout: 60_000,
          },
        );
        await ready(page);
        await page.reload();
        await ready(page);
        const header = await page.locator('header.header').innerText();
        assert(header.includes('Demo data'), `demo after reload: ${header}`);
        const left = await page.evaluate(async () => {
          const root = await navigator.storage.getDirectory();
          const names = [];
          for await (const [n] of root) names.push(n);
          return { names, keys: Object.keys(localStorage).filter((k) => k.includes('mapping')) };
        });
        assert(
          left.names.length === 0 && left.keys.length === 0,
          `nothing stored: ${JSON.stringify(left)}`,
        );
        assert(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
        assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
        await context.close();
      },
    ],
    [
      'import: ?data=examples/manifest.json loads the example dataset',
      async () => {
        const { page, context, errors } = await openPage(
          browser,
          `${url}?data=examples/manifest.json`,
        );
        await ready(page);
        await page.waitForFunction(
          () =>
            document
              .querySelector('header.header')
              ?.textContent?.includes('Example: amoCRM export'),
          null,
          { timeout: 60_000 },
        );
        // A clean link opens on the report, not on the import notes; they are one click away.
        await ready(page);
        assert(
          (await page.getByTestId('import-report').count()) === 0,
          'no import report over a clean link dataset',
        );
        await page.getByRole('button', { name: /Example: amoCRM export ▾/ }).click();
        await page.getByRole('menuitem', { name: 'Import report' }).click();
        const report = await page.getByTestId('import-report').innerText();
        assert(
          /deals-amocrm\.csv[\s\S]*loaded 48/.test(report) &&
            /clients\.csv[\s\S]*loaded 12/.test(report),
          report,
        );
        await page.screenshot({ path: `${shots}/import-link.png` });
        assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
        await context.close();
      },
    ],
    [
      'import: a link to another site is refused with a clear message',
      async () => {
        const { page, context } = await openPage(browser, `${url}?data=examples/nope.json`);
        await page.getByRole('alert').waitFor({ timeout: 60_000 });
        const msg = await page.getByRole('alert').innerText();
        assert(/nope\.json: HTTP 404/.test(msg), `clear error: ${msg}`);
        await page.screenshot({ path: `${shots}/import-link-error.png` });
        await context.close();
      },
    ],
    [
      'import: the ingest worker starts once the first report is shown; the dialog and the picked file use it',
      async () => {
        const { page, context } = await openPage(browser, url);
        await ready(page);
        // The ingest worker's own file reader (read/big-file/twin-read.ts) is its child, not another
        // one; the demo's worker is gone once the demo is loaded.
        const ingest = () => page.workers().filter((w) => !/duckdb|twin-read/.test(w.url()));
        // Started by the page at its first idle moment after the report, with no user action, so
        // a file dropped on the page does not wait for it.
        const t0 = Date.now();
        while (ingest().length === 0 && Date.now() - t0 < 30_000)
          await new Promise((r) => setTimeout(r, 50));
        assert(
          ingest().length === 1,
          `one ingest worker after the first report: ${ingest().length}`,
        );
        const name = await ingest()[0].evaluate(() => self.name);
        assert(name === 'ingest', `the worker started is the ingest worker: ${name}`);
        const [chooser] = await Promise.all([
          page.waitForEvent('filechooser'),
          page.locator('button.import').click(),
        ]);
        assert(ingest().length === 1, 'the dialog starts no second worker');
        await chooser.setFiles(fixture('broken-deals.csv'));
        await mapping(page);
        assert(ingest().length === 1, 'the picked file is inspected by the same worker');
        await context.close();
      },
    ],
  ];
}
