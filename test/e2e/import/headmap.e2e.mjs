// A big export picked on the production build: the mapping screen comes from the file's head
// (the row count says it is an estimate), the whole file is read while the screen shows, and a
// byte that is not UTF-8 far past the head still reaches the import report, with its line, as
// when the whole file was read before the mapping screen.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const ROWS = 150_000;
/** The row (0-based, after the header) whose "е" is written as the Windows-1251 byte 0xE5. */
const LATE = 140_000;

/** A ~20 MB amoCRM-style export, UTF-8 but for one Windows-1251 byte at row LATE. */
function bigExport(late = 'cp1251') {
  const stages = [
    'Первичный контакт',
    'Переговоры',
    'Успешно реализовано',
    'Закрыто и не реализовано',
  ];
  const parts = [
    Buffer.from('ID;Название сделки;Бюджет;Ответственный;Этап сделки;Дата создания;Комментарий\n'),
  ];
  for (let i = 0; i < ROWS; i++) {
    const line = `${100000 + i};Сделка ${i};${(i * 7919) % 1_000_000},${String(i % 100).padStart(2, '0')};Менеджер ${i % 8};${stages[i % 4]};${String(1 + (i % 28)).padStart(2, '0')}.0${1 + (i % 9)}.2024 10:00:00;комментарий к сделке номер ${i}\n`;
    if (i !== LATE) parts.push(Buffer.from(line));
    else if (late === 'ragged') {
      // Past the file's first 4 MB, whose shape the import starts DuckDB's read on: a comment
      // ending in a space (the column is no longer clean) and, a row later, one field too many.
      parts.push(Buffer.from(line.replace(/\n$/, ' \n')), Buffer.from(`0;лишнее;${line}`));
      i++;
    } else {
      const [before, after] = line.split('Сделка');
      parts.push(Buffer.from(`${before}Сд`), Buffer.from([0xe5]), Buffer.from(`лка${after}`));
    }
  }
  return Buffer.concat(parts);
}

export function tests({ browser, url, shots }) {
  return [
    [
      'headmap: a big export maps from its head; a late non-UTF-8 byte is still in the report',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          const buffer = bigExport();
          assert(buffer.length > 16 << 20, `big enough for a head read: ${buffer.length}`);
          await page
            .getByTestId('file-input')
            .setInputFiles({ name: 'big-deals.csv', mimeType: 'text/csv', buffer });
          await page
            .getByRole('heading', { name: /check what each column is/ })
            .waitFor({ timeout: 60_000 });
          const rows = await page.getByTestId('rows-0').innerText();
          const m = /≈([\d,]+) rows \(estimated from the first 8\.0 MB of (\d+) MB/.exec(rows);
          assert(m, `the row count is marked as an estimate from the head: ${rows}`);
          const estimate = Number(m[1].replaceAll(',', ''));
          assert(Math.abs(estimate - ROWS) / ROWS < 0.05, `estimate near ${ROWS}: ${estimate}`);
          await page.screenshot({ path: `${shots}/headmap-mapping.png` });
          await page.getByRole('button', { name: 'Import', exact: true }).click();
          await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 120_000 });
          const report = page.getByTestId('import-report');
          await report.waitFor({ timeout: 30_000 });
          const text = await report.innerText();
          assert(
            text.includes(
              `read ${ROWS.toLocaleString('en')} · loaded ${ROWS.toLocaleString('en')}`,
            ),
            `every row loaded: ${text.slice(0, 400)}`,
          );
          // The file's details hold its warnings: a file with warnings opens them itself (a click
          // on its summary would close them), so they are opened, not toggled.
          await report
            .locator('details')
            .first()
            .evaluate((d) => (d.open = true))
            .catch(() => undefined);
          const full = await report.innerText();
          assert(
            full.includes(`line ${LATE + 2} is windows-1251, not utf-8`),
            `the late Windows-1251 line is reported: ${full.slice(0, 1200)}`,
          );
          await page.screenshot({ path: `${shots}/headmap-report.png` });
        } finally {
          await context.close();
        }
      },
    ],
    [
      'headmap: Import clicked as the screen shows; rows past the guessed start break it: the whole file decides',
      async () => {
        const { page, context } = await openPage(browser, url);
        try {
          await ready(page);
          // The click comes with the screen: the import waits for the read and the check only.
          await page.evaluate(() => {
            const o = new MutationObserver(() => {
              const b = [...document.querySelectorAll('button')].find(
                (x) => x.textContent?.trim() === 'Import' && !x.disabled,
              );
              if (!b) return;
              o.disconnect();
              b.click();
            });
            o.observe(document.body, { subtree: true, childList: true, attributes: true });
          });
          await page.getByTestId('file-input').setInputFiles({
            name: 'big-deals.csv',
            mimeType: 'text/csv',
            buffer: bigExport('ragged'),
          });
          const report = page.getByTestId('import-report');
          await report.waitFor({ timeout: 120_000 });
          const text = await report.innerText();
          // The ragged row is rejected (the JS reader's file), every other row loaded.
          assert(
            text.includes(
              `read ${ROWS.toLocaleString('en')} · loaded ${(ROWS - 1).toLocaleString('en')} · rejected 1`,
            ),
            `the ragged row rejected, the rest loaded: ${text.slice(0, 400)}`,
          );
          const comment = await page.evaluate(
            async (id) => {
              const t = await window.__crmEngine.query(
                `SELECT "Комментарий" AS c FROM deals WHERE id = '${id}'`,
              );
              return t.get(0)?.toJSON().c;
            },
            String(100000 + LATE),
          );
          assert(
            comment === `комментарий к сделке номер ${LATE}`,
            `the comment's space trimmed by the text rule: ${JSON.stringify(comment)}`,
          );
          await page.screenshot({ path: `${shots}/headmap-guess-report.png` });
        } finally {
          await context.close();
        }
      },
    ],
  ];
}
