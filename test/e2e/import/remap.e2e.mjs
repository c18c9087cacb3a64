// A remembered mapping pre-fills the import screen but never locks a choice: the same file
// imported again comes back with the kind, roles and types chosen last time, and each of them can
// still be changed — the change sticks on the screen, is imported, and is remembered in turn.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const CSV = [
  'Deal ID,Created,Stage,Amount,Owner',
  'r1,2024-01-05,Won,100,Ann',
  'r2,2024-01-06,Won,200,Bob',
  'r3,2024-02-01,Won,300,Ann',
].join('\n');
const file = { name: 'remap-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) };

async function mapping(page) {
  await page.waitForFunction(() => window.__crmDataset?.stage === 'mapping', null, {
    timeout: 60_000,
  });
}

/** Changes a file's kind and waits for the file to be read again with it. */
async function setKind(page, kind) {
  await page.evaluate(() => (window.__remapTables = window.__crmDataset.tables));
  await page.getByTestId('kind-0').selectOption(kind);
  await page.waitForFunction(
    () =>
      window.__crmDataset.stage === 'mapping' &&
      window.__crmDataset.tables !== window.__remapTables,
    null,
    { timeout: 60_000 },
  );
}

async function importIt(page) {
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
  await ready(page);
}

const role = (page, h) => page.getByRole('combobox', { name: `Role: ${h}`, exact: true });
const type = (page, h) => page.getByRole('combobox', { name: `Type: ${h}`, exact: true });

const NO_STAGES = [
  'Deal ID,Created,Where,Amount,Owner',
  'n1,2024-01-05,Lead,100,Ann',
  'n2,2024-01-06,Offer,200,Bob',
  'n3,2024-02-01,Won,300,Ann',
  'n4,2024-02-03,Offer,150,Bob',
].join('\n');

export function tests({ browser, url, shots }) {
  return [
    [
      'remap: the gallery says the funnel needs the stages and opens the mapping to map them',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          await page.getByTestId('file-input').setInputFiles({
            name: 'no-stages.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from(NO_STAGES),
          });
          await mapping(page);
          assert((await role(page, 'Where').inputValue()) !== 'stage', 'Where is not a stage yet');
          await importIt(page);
          await page.getByRole('button', { name: /^▤/ }).click();
          const card = page.locator('dialog[open] button[data-preset="funnel"]');
          assert(
            (await card.getAttribute('aria-disabled')) === 'true',
            'the funnel is not offered',
          );
          assert(/stage order/.test(await card.innerText()), 'its card says what it needs');
          await page.screenshot({ path: `${shots}/remap-funnel-no-stages-en.png` });
          await page.getByRole('button', { name: 'Map the columns again…' }).click();
          await mapping(page);
          await role(page, 'Where').selectOption('stage');
          await importIt(page);
          await page.getByRole('button', { name: /^▤/ }).click();
          assert((await card.getAttribute('aria-disabled')) === null, 'the funnel is offered now');
          await card.click();
          await page
            .locator('table[data-analysis="funnel"] td')
            .first()
            .waitFor({ timeout: 60_000 });
          assert((await page.getByTestId('not-in-data').count()) === 0, 'the funnel is drawn');
        } finally {
          await context.close();
        }
      },
    ],
    [
      'remap: a link to the funnel on data without stages says what it needs, keeps its period and opens once mapped',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          await page.getByTestId('file-input').setInputFiles({
            name: 'no-stages-link.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from(NO_STAGES),
          });
          await mapping(page);
          await importIt(page);
          // A shared link to the funnel over February 2024, pasted into this page.
          const hash =
            '#v=1&a=funnel&m=deals&from=2024-02-01&to=2024-02-29&chart=funnel&preset=funnel';
          await page.evaluate((h) => (location.hash = h), hash);
          const panel = page.getByTestId('not-in-data');
          await panel.waitFor({ timeout: 30_000 });
          const text = await panel.innerText();
          assert(/Not in this data/.test(text), `the panel says so: ${text}`);
          assert(/This report needs the stage order/.test(text), `and why: ${text}`);
          assert((await page.getByRole('alert').count()) === 0, 'no red error');
          const status = await page.locator('.status .text').innerText();
          assert(status === 'Not in this data', `the status line: ${status}`);
          const spec = () => page.evaluate(() => window.__crm.report.spec);
          const kept = await spec();
          assert(
            kept.analysis === 'funnel' && kept.period?.from === '2024-02-01',
            `the link's report is kept: ${JSON.stringify(kept)}`,
          );
          await page.screenshot({ path: `${shots}/not-in-data-funnel-en.png` });
          await panel.getByRole('button', { name: 'Map the columns again…' }).click();
          await mapping(page);
          await role(page, 'Where').selectOption('stage');
          await importIt(page);
          await page
            .locator('table[data-analysis="funnel"] td')
            .first()
            .waitFor({ timeout: 60_000 });
          assert((await panel.count()) === 0, 'the funnel is drawn');
          const after = await spec();
          assert(
            after.analysis === 'funnel' &&
              after.period?.from === '2024-02-01' &&
              after.period?.to === '2024-02-29',
            `the link's period is kept: ${JSON.stringify(after.period)}`,
          );
        } finally {
          await context.close();
        }
      },
    ],
    [
      'remap: a remembered kind, role and type pre-fill the screen and can all be changed',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          // First import: the deals file taken as orders, Owner kept as a custom field.
          await page.getByTestId('file-input').setInputFiles(file);
          await mapping(page);
          assert((await page.getByTestId('kind-0').inputValue()) === 'deals', 'detected: deals');
          await setKind(page, 'orders');
          await role(page, 'Owner').selectOption({ label: 'Custom field' });
          await importIt(page);

          // Again: the screen comes back as it was left…
          await page.getByTestId('file-input').setInputFiles(file);
          await mapping(page);
          assert((await page.getByTestId('kind-0').inputValue()) === 'orders', 'kind remembered');
          assert((await role(page, 'Owner').inputValue()) === '', 'Owner remembered as custom');
          // …and every choice can be changed: the kind back to deals stays deals.
          await setKind(page, 'deals');
          const kind = await page.getByTestId('kind-0').inputValue();
          assert(kind === 'deals', `a new kind is not replaced by the remembered one: ${kind}`);
          await role(page, 'Owner').selectOption('manager');
          // A type is a custom field's choice: a role's column loads as the role's type.
          assert(await type(page, 'Amount').isDisabled(), 'the amount role fixes its type');
          await role(page, 'Amount').selectOption({ label: 'Custom field' });
          const before = await type(page, 'Amount').inputValue();
          const values = await type(page, 'Amount')
            .locator('option')
            .evaluateAll((os) => os.map((o) => o.value));
          const pickedType = values.find((v) => v !== before);
          await type(page, 'Amount').selectOption(pickedType);
          await page.screenshot({ path: `${shots}/remap-changed.png` });
          await importIt(page);
          const header = await page.locator('header.header').innerText();
          assert(header.includes('remap-deals'), `imported: ${header}`);

          // The change took effect and is what is remembered now.
          await page.getByTestId('file-input').setInputFiles(file);
          await mapping(page);
          assert((await page.getByTestId('kind-0').inputValue()) === 'deals', 'deals remembered');
          assert((await role(page, 'Owner').inputValue()) === 'manager', 'manager remembered');
          assert((await role(page, 'Amount').inputValue()) === '', 'Amount remembered as custom');
          assert(
            (await type(page, 'Amount').inputValue()) === pickedType,
            `type remembered: ${pickedType}`,
          );
          await page
            .getByRole('button', { name: /Cancel|Close/ })
            .first()
            .click();
        } finally {
          await context.close();
        }
      },
    ],
  ];
}
