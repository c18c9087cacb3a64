// Bounded input on the production build: three files dropped at once — deals with NUL bytes in a
// cell, a good workbook of clients and a damaged workbook. The damaged one is named on the
// mapping screen; the others load (the workbook through the worker's zip check), and the report
// says how many NULs were removed and where.
import * as XLSX from '@e965/xlsx';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

export function tests({ browser, url, shots }) {
  return [
    [
      'bounds: a damaged workbook among several is named; the others load, NULs are reported',
      async () => {
        const { page, context, errors } = await openPage(browser, url);
        await ready(page);
        const deals = Buffer.from(
          'Deal ID,Amount,Stage,Client\nd1,100,Won,c1\nd2,50\0\0,Lost,c2\nd3,70,Won,c1\n',
        );
        const wb = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(
          wb,
          XLSX.utils.aoa_to_sheet([
            ['Client', 'Region'],
            ['c1', 'North'],
            ['c2', 'South'],
          ]),
          'Clients',
        );
        const clients = Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }));
        const damaged = clients.subarray(0, clients.length >> 1);
        const mime = 'application/octet-stream';
        await page.getByTestId('file-input').setInputFiles([
          { name: 'deals.csv', mimeType: 'text/csv', buffer: deals },
          { name: 'clients.xlsx', mimeType: mime, buffer: clients },
          { name: 'bad.xlsx', mimeType: mime, buffer: damaged },
        ]);
        await page
          .getByRole('heading', { name: /check what each column is/ })
          .waitFor({ timeout: 60_000 });
        const dialog = await page.getByRole('dialog').innerText();
        assert(
          /bad\.xlsx/.test(dialog) && /damaged or incomplete/.test(dialog),
          `the damaged workbook is named: ${dialog.slice(0, 600)}`,
        );
        await page.screenshot({ path: `${shots}/bounds-mapping.png` });
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
        await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
        // A file's details fold when nothing was rejected; its warnings are inside.
        await page
          .locator('[data-testid=import-report] details')
          .evaluateAll((all) => all.forEach((d) => (d.open = true)));
        const report = await page.getByTestId('import-report').innerText();
        assert(/read 3 · loaded 3/.test(report), `the deals load: ${report}`);
        assert(/clients\.xlsx/.test(report), `the good workbook loads: ${report}`);
        assert(
          /2 NUL characters removed from 1 cell \(the first in row 3, column "Amount"\)/.test(
            report,
          ),
          `NULs reported: ${report}`,
        );
        await page.screenshot({ path: `${shots}/bounds-report.png` });
        assert(errors.length === 0, `no page errors: ${errors.join('\n')}`);
        await context.close();
      },
    ],
  ];
}
