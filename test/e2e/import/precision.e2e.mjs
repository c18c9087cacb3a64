// Odd input said in the user's language on the built site: amounts a DOUBLE cannot hold are
// foreseen beside their column on the mapping screen (and no longer once the column is made
// text) and counted in the import report, from a CSV file and from a JSON one (whose ids keep
// every digit); and a blank header's column reads "Column 4" / «Столбец 4» there and in the
// report's table, while the link keeps naming it `column_4`. A column of 20-digit codes under a
// header that names no key is text, with no warning, until the user picks "number" for it; a
// number a double writes back as it is (0.30000000000000004) is never warned of.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { settled, t } from './kept.e2e.mjs';

const CSV = [
  'Deal ID,Created,Amount,,Stage',
  'p1,2024-01-05,12345678901234567890,north,Won',
  'p2,2024-01-06,200,south,Won',
  'p3,2024-02-01,1234567890123456.78,north,Lost',
  'p4,2024-02-03,150,north,Won',
].join('\n');

const WORDS = {
  en: {
    foreseen: '"Amount": 2 values have more than 15 significant digits and will be rounded',
    loaded:
      '"Amount": 2 values have more than 15 significant digits and were loaded rounded (the first in row 2: 12345678901234567890)',
    column: 'Column 4',
  },
  ru: {
    foreseen: '«Amount»: 2 значения длиннее 15 значащих цифр будут округлены',
    loaded:
      '«Amount»: 2 значения длиннее 15 значащих цифр загружены округлёнными (первое — в строке 2: 12345678901234567890)',
    column: 'Столбец 4',
  },
};

// The same deals as JSON: numbers, which JSON.parse alone would round before anyone saw them.
const JSON_DEALS = `[
  {"Deal ID": 90000000000000000001, "Created": "2024-01-05", "Amount": 12345678901234567890, "Stage": "Won"},
  {"Deal ID": 90000000000000000002, "Created": "2024-01-06", "Amount": 200, "Stage": "Won"},
  {"Deal ID": 90000000000000000003, "Created": "2024-02-01", "Amount": 1234567890123456.78, "Stage": "Lost"},
  {"Deal ID": 90000000000000000004, "Created": "2024-02-03", "Amount": 150, "Stage": "Won"}
]`;

async function shoot(page, shots, name, lang) {
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${shots}/precision-${name}-${lang}-${width}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

export function tests({ browser, url, shots }) {
  return [
    ...csvTests({ browser, url, shots }),
    ...jsonTests({ browser, url, shots }),
    ...codeTests({ browser, url, shots }),
  ];
}

/** Drops `file` on the ready page: the mapping screen's Import button and text. */
async function mapping(page, file) {
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(file);
  const button = page.getByRole('button', { name: await t(page, 'importAction'), exact: true });
  await button.waitFor({ timeout: 90_000 });
  return { button, screen: await page.getByRole('dialog').innerText() };
}

function jsonTests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `precision json (${lang}): a JSON file's long numbers are foreseen and reported, its long ids kept`,
    async () => {
      const w = WORDS[lang];
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        const { button, screen } = await mapping(page, {
          name: 'precision-deals.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON_DEALS),
        });
        assert(screen.includes(w.foreseen), `${lang}: foreseen on the mapping screen: ${screen}`);
        assert(screen.includes('90000000000000000003'), `${lang}: the ids as written: ${screen}`);
        await shoot(page, shots, 'json-mapping', lang);
        await button.click();
        await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
        await settled(page);
        const report = await page.getByTestId('import-report').innerText();
        // A JSON file's rows are its records, from 1 (a CSV file's, its lines).
        const loaded = w.loaded.replace(' 2: ', ' 1: ');
        assert(report.includes(loaded), `${lang}: the report says it: ${report}`);
        await shoot(page, shots, 'json-report', lang);
        assert(errors.length === 0, `${lang}: console errors: ${errors.join('; ')}`);
      } finally {
        await context.close();
      }
    },
  ]);
}

function csvTests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `precision (${lang}): rounded amounts are foreseen and reported, a blank header reads as its column's number`,
    async () => {
      const w = WORDS[lang];
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        const { button, screen } = await mapping(page, {
          name: 'precision-deals.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(CSV),
        });
        assert(screen.includes(w.foreseen), `${lang}: foreseen on the mapping screen: ${screen}`);
        const head = page.locator('.dialog th .head').nth(3);
        assert(
          (await head.innerText()) === w.column,
          `${lang}: the blank header reads ${w.column}`,
        );
        assert((await head.getAttribute('title')) === 'column_4', `${lang}: its name is kept`);
        await shoot(page, shots, 'mapping', lang);

        // The warning follows the column's type: made a text field, the amounts load whole; given
        // the amount role again, they are numbers that will be rounded once more.
        const combo = async (key) =>
          page.getByRole('combobox', { name: `${await t(page, key)}: Amount`, exact: true });
        const said = (yes) =>
          page.waitForFunction(
            ([text, yes]) => document.querySelector('.dialog').innerText.includes(text) === yes,
            [w.foreseen, yes],
            { timeout: 10_000 },
          );
        await (await combo('columnRole')).selectOption('');
        await (await combo('columnType')).selectOption('text');
        await said(false);
        await shoot(page, shots, 'mapping-text', lang);
        await (await combo('columnRole')).selectOption('amount');
        await said(true);

        await button.click();
        await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
        await settled(page);
        const report = await page.getByTestId('import-report').innerText();
        assert(report.includes(w.loaded), `${lang}: the report says it: ${report}`);
        if (lang === 'ru')
          assert(
            !/significant|rounded|values/.test(report),
            `ru: English in the report: ${report}`,
          );
        await shoot(page, shots, 'report', lang);

        // The deals by the blank header's column: its label heads the table, its id is the link's.
        await page.evaluate(() => {
          const wb = window.__crm;
          wb.report.update({
            ...wb.report.spec,
            ...{ analysis: 'pivot', columns: [], filters: [], period: null, compare: null },
            ...{ sort: [], limit: null, totals: true, options: {}, chart: 'auto' },
            ...{ rows: [{ field: 'column_4' }], measures: ['deals'] },
          });
        });
        await page.waitForFunction(
          () => window.__crm.run.result?.spec.rows[0]?.field === 'column_4',
          null,
          { timeout: 60_000 },
        );
        await settled(page);
        await page.waitForFunction(() => location.hash.includes('rows=column_4'), null, {
          timeout: 10_000,
        });
        const table = await page.locator('table').first().innerText();
        assert(table.includes(w.column), `${lang}: the table's header reads ${w.column}: ${table}`);
        assert(!table.includes('column_4'), `${lang}: not its id: ${table}`);
        await shoot(page, shots, 'table', lang);
        assert(errors.length === 0, `${lang}: console errors: ${errors.join('; ')}`);
      } finally {
        await context.close();
      }
    },
  ]);
}

// 20-digit references under a header that names no key, and an amount a program wrote for 0.1 + 0.2.
const CODES = [
  'Deal ID,Created,Amount,Stage,external_ref',
  'c1,2024-01-05,0.30000000000000004,Won,12345678901234567891',
  'c2,2024-01-06,200,Won,12345678901234567893',
  'c3,2024-02-01,150,Lost,98765432109876543219',
].join('\n');

const CODE_WORDS = {
  en: '"external_ref": 3 values have more than 15 significant digits and will be rounded',
  ru: '«external_ref»: 3 значения длиннее 15 значащих цифр будут округлены',
};

function codeTests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `precision codes (${lang}): a column of 20-digit codes is text and keeps its digits; number shows the warning`,
    async () => {
      const warned = CODE_WORDS[lang];
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}`, {
        width: 1440,
        height: 900,
      });
      try {
        const { button, screen } = await mapping(page, {
          name: 'codes-deals.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(CODES),
        });
        assert(!screen.includes(warned), `${lang}: no warning for a text column: ${screen}`);
        assert(
          !/significant digits|значащих цифр/.test(screen),
          `${lang}: 0.30000000000000004 is not rounded: ${screen}`,
        );
        const type = page.getByRole('combobox', {
          name: `${await t(page, 'columnType')}: external_ref`,
          exact: true,
        });
        assert((await type.inputValue()) === 'text', `${lang}: guessed as text`);
        await shoot(page, shots, 'codes-mapping', lang);
        const said = (yes) =>
          page.waitForFunction(
            ([text, yes]) => document.querySelector('.dialog').innerText.includes(text) === yes,
            [warned, yes],
            { timeout: 10_000 },
          );
        await type.selectOption('number');
        await said(true);
        await shoot(page, shots, 'codes-number', lang);
        await type.selectOption('text');
        await said(false);

        await button.click();
        await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
        await settled(page);
        const report = await page.getByTestId('import-report').innerText();
        assert(
          !/significant digits|значащих цифр/.test(report),
          `${lang}: nothing rounded: ${report}`,
        );
        const refs = await page.evaluate(async () => {
          const rows = await window.__crm.data.run({
            sql: 'SELECT external_ref FROM deals ORDER BY external_ref',
          });
          return rows.toArray().map((r) => r.toJSON().external_ref);
        });
        assert(
          JSON.stringify(refs) ===
            JSON.stringify([
              '12345678901234567891',
              '12345678901234567893',
              '98765432109876543219',
            ]),
          `${lang}: every digit kept: ${JSON.stringify(refs)}`,
        );
        assert(errors.length === 0, `${lang}: console errors: ${errors.join('; ')}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
